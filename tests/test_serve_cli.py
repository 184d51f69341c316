"""``detente serve`` is a thin shell: its options, and the refusals before uvicorn starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.cli import build_parser, main
from detente.store import Store


def test_serve_cli_options() -> None:
    args = build_parser().parse_args(["serve", "--db", "x.db", "--port", "9001", "--token", "t",
                                      "--tiles", "https://tiles.example.org/{z}/{x}/{y}.png"])
    assert (args.db, args.host, args.port, args.token) == ("x.db", "127.0.0.1", 9001, "t")
    assert args.tiles.startswith("https://") and args.time_limit_ms > 0


def test_serve_cli_token_defaults_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DETENTE_TOKEN", "from-env")
    assert build_parser().parse_args(["serve"]).token == "from-env"


def test_serve_cli_refuses_a_missing_store(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DETENTE_TOKEN", raising=False)
    assert main(["serve", "--db", str(tmp_path / "none.db")]) == 2
    assert "detente ingest" in capsys.readouterr().err


def test_serve_cli_refuses_an_outdated_store(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "old.db"
    Store.open(path).close()
    with Store.open(path) as store:
        store.conn.execute("DELETE FROM schema_migrations WHERE version > 1")
    assert main(["serve", "--db", str(path)]) == 1
    assert "open it once for writing" in capsys.readouterr().err


def test_serve_cli_load_options() -> None:
    args = build_parser().parse_args(["serve", "--workers", "3", "--slots", "4",
                                      "--queue-timeout", "2.5"])
    assert (args.workers, args.slots, args.queue_timeout) == (3, 4, 2.5)
    defaults = build_parser().parse_args(["serve"])
    assert (defaults.workers, defaults.slots) == (1, None) and defaults.queue_timeout > 0


@pytest.mark.parametrize("flags", [["--workers", "0"], ["--slots", "-1"],
                                   ["--time-limit-ms", "0"], ["--workers", "two"],
                                   ["--queue-timeout", "0"], ["--queue-timeout", "nan"]])
def test_serve_cli_refuses_impossible_load_options(
    flags: list[str], capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["serve", *flags])
    assert stopped.value.code == 2 and flags[0] in capsys.readouterr().err

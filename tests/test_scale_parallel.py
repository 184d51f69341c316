"""Several worker processes give the same store as one: same articles, order, events, fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.cli import main
from detente.pipeline import ingest_paths
from detente.store.snapshot import snapshot_differences, store_snapshot

ROOT = Path(__file__).resolve().parents[1]
INPUTS = [str(ROOT / "tests" / "fixtures"), str(ROOT / "samples")]


@pytest.mark.slow
def test_scale_parallel_two_workers_store_what_one_stores(tmp_path: Path) -> None:
    one = ingest_paths(INPUTS, tmp_path / "one.db", workers=1)
    two = ingest_paths(INPUTS, tmp_path / "two.db", workers=2)

    assert one.added >= 36 and one.events > 100
    assert (two.added, two.skipped, two.events, two.statistics) == (
        one.added, one.skipped, one.events, one.statistics)
    assert [str(e) for e in two.rejected] == [str(e) for e in one.rejected]
    first, second = store_snapshot(tmp_path / "one.db"), store_snapshot(tmp_path / "two.db")
    assert snapshot_differences(first, second) == []
    assert first == second


@pytest.mark.slow
def test_scale_parallel_cli_workers_is_idempotent(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cli.db")
    samples = str(ROOT / "samples")
    assert main(["ingest", samples, "--db", db, "--workers", "2"]) == 0
    assert main(["ingest", samples, "--db", db, "--workers", "2"]) == 0
    summary = capsys.readouterr().err.strip().splitlines()[-1]
    count = sum(1 for f in (ROOT / "samples").iterdir() if not f.name.startswith("."))
    assert summary.startswith(f"0 articles added, {count} already stored")


def test_scale_parallel_rejects_no_workers(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="workers"):
        ingest_paths([str(ROOT / "samples")], tmp_path / "x.db", workers=0)


def test_scale_parallel_cli_rejects_no_workers(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["ingest", "samples", "--workers", "0"])
    assert exit_info.value.code == 2
    assert "at least 1" in capsys.readouterr().err


@pytest.mark.slow
def test_scale_parallel_results_do_not_depend_on_batching() -> None:
    """Workers get smaller chunks than the one-process Extractor forms; that is only safe
    because no field of any event depends on which sentences share a parser batch."""
    from detente.extract.pipeline import Extractor
    from detente.ingest import iter_articles

    articles = [a for a in iter_articles([str(ROOT / "samples")]) if hasattr(a, "text")]
    default = Extractor()
    tiny_batches = Extractor(default.nlp, batch_size=1)
    first = [x.events for x in default.extract_many(articles)]
    second = [x.events for x in tiny_batches.extract_many(articles)]
    assert sum(len(events) for events in first) > 50
    assert first == second

"""The command line in a real pseudo-terminal: progress bars and colours take paths pipes
never do."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"


def run_in_terminal(args: list[str], cwd: Path, timeout: float = 300) -> tuple[int, str]:
    """Run a command whose stdin, stdout and stderr are a pty; return its status and output."""
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "LINES": "40", "TERM": "xterm"}
    proc = subprocess.Popen(args, cwd=cwd, stdin=follower, stdout=follower, stderr=follower,
                            env=env, close_fds=True)
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([leader], [], [], timeout)
        if not ready:
            proc.kill()
            raise AssertionError(f"{args} produced nothing for {timeout} s")
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return proc.wait(timeout=timeout), b"".join(chunks).decode("utf-8", "replace")


def detente_command() -> list[str]:
    return [sys.executable, "-m", "detente"]


def test_cli_ingest_progress_bar_in_a_terminal(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    status, output = run_in_terminal([*detente_command(), "ingest", str(SAMPLES), "--db", str(db)],
                                     cwd=tmp_path)
    assert status == 0, output
    assert "Traceback" not in output
    assert "articles" in output and "13 articles added" in output
    again, output = run_in_terminal([*detente_command(), "ingest", str(SAMPLES), "--db", str(db)],
                                    cwd=tmp_path)
    assert again == 0 and "13 already stored" in output, output


def test_cli_demo_commands_in_a_terminal(tmp_path: Path) -> None:
    """What `make demo` runs, in a terminal: listing commands draw tables, nothing crashes."""
    db = str(tmp_path / "demo.db")
    commands = [["ingest", str(SAMPLES), "--db", db], ["events", "--db", db, "--format", "table"],
                ["statistics", "--db", db, "--format", "table"], ["summary", "--db", db],
                ["events", "--db", db]]
    for command in commands:
        status, output = run_in_terminal([*detente_command(), *command], cwd=tmp_path)
        assert status == 0, (command, output)
        assert "Traceback" not in output, (command, output)
    assert "events" in output


@pytest.mark.skipif(shutil.which("script") is None, reason="needs util-linux script")
def test_cli_make_demo_in_a_terminal(tmp_path: Path) -> None:
    """`make demo` itself under `script`, with the venv the Makefile made, when there is one."""
    venv = REPO / ".venv" / "bin" / "detente"
    if not venv.exists():
        pytest.skip("no .venv: make demo has not been run in this checkout")
    db = tmp_path / "demo.db"
    status, output = run_in_terminal(
        ["script", "-qec", f"make -s -C {REPO} demo DB={db}", "/dev/null"], cwd=tmp_path)
    assert status == 0, output
    assert "Traceback" not in output and "13 articles added" in output

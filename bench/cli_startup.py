"""Start-up time of the command line, side by side with a bare `python -c pass`.

    python bench/cli_startup.py [--runs 7] [--events 1000] [--compare OLD_CHECKOUT]

Builds, without spaCy, a store of synthetic articles (written here, saved as files) and
--events events, then times in fresh processes: `python -c pass`, `detente --version`,
`detente --help`, `detente events` (JSON lines and a table) and `detente ingest` of the
article files, which are all stored already. Prints the median, the fastest and the slowest
of --runs runs, the median less the bare interpreter's, and the heavy modules each command
imported (none should: spaCy loads only for an article that needs extracting). With
--compare DIR (a checkout of another version, e.g. `git archive REV detente | tar -x -C DIR`),
the same commands also run on that code (PYTHONPATH=DIR) and their medians are printed beside.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from detente.ingest import iter_articles  # noqa: E402
from detente.model import Article, Event, Evidence, Extraction, Place  # noqa: E402
from detente.store import Store  # noqa: E402

HEAVY = ("spacy", "pandas", "pyspark", "pyarrow", "fastapi", "uvicorn", "detente.eval.scoring",
         "detente.extract.pipeline")
TYPES = ("CONSULT", "AGREE", "ASSAULT", "REQUEST", "REJECT")
# Runs a command in-process and reports which heavy modules it imported.
PROBE = """
import contextlib, io, sys
from detente.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
print(",".join(m for m in {heavy!r} if m in sys.modules) or "none")
"""


def write_corpus(folder: Path, events: int, per_article: int = 10) -> list[Path]:
    """Article files of our own words, ten sentences each, one event per sentence."""
    files = []
    for number in range(max(1, events // per_article)):
        day = 1 + number % 28
        sentences = [f"Delegations met in Geneva on round {number}, session {s}, and "
                     f"discussed an exchange of {s + 2} prisoners." for s in range(per_article)]
        path = folder / f"2025-03-{day:02d}_report-{number:04d}.txt"
        path.write_text(f"Report {number}\n\n" + "\n".join(sentences) + "\n", encoding="utf-8")
        files.append(path)
    return files


def fill_store(db: Path, folder: Path) -> int:
    """Store every article file with one synthetic event per sentence (no extraction)."""
    extractions = []
    for article in iter_articles([str(folder)]):
        assert isinstance(article, Article), article
        extractions.append(Extraction(article, events=list(synthetic_events(article))))
    with Store.open(db) as store:
        store.add_extractions(extractions)
        return store.count("events")


def synthetic_events(article: Article) -> list[Event]:
    events, start = [], article.text.index("\n\n") + 2
    for number, line in enumerate(article.text[start:].splitlines()):
        if line:
            evidence = Evidence(line, start, start + len(line))
            place = Place("Geneva", "Geneva", "CHE", "Geneva", 46.2, 6.14, 2660646)
            events.append(Event(article.id, TYPES[number % len(TYPES)], evidence,
                                trigger="met", location=place))
        start += len(line) + 1
    return events


def timed(command: list[str], runs: int, code: str | None = None) -> list[float]:
    env = {"COLUMNS": "120", "PATH": "/usr/bin:/bin", **({"PYTHONPATH": code} if code else {})}
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False, env=env, cwd=os.sep)
        times.append(time.perf_counter() - began)
    return times


def heavy_modules(arguments: list[str]) -> str:
    probe = PROBE.format(heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", probe, *arguments], capture_output=True,
                          text=True, check=False, cwd=REPO)
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-200:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per command (median shown)")
    parser.add_argument("--events", type=int, default=1000, help="events in the store")
    parser.add_argument("--compare", metavar="DIR",
                        help="also time the detente package found in DIR (another version)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, db = Path(tmp) / "articles", Path(tmp) / "bench.db"
        folder.mkdir()
        files = write_corpus(folder, args.events)
        stored = fill_store(db, folder)
        print(f"store: {len(files)} articles, {stored} events; {args.runs} runs per command; "
              f"python {sys.version.split()[0]}\n")
        detente = [sys.executable, "-m", "detente"]
        commands = {
            "python -c pass": ([sys.executable, "-c", "pass"], None),
            "detente --version": ([*detente, "--version"], ["--version"]),
            "detente --help": ([*detente, "--help"], ["--help"]),
            "detente events (jsonl)": ([*detente, "events", "--db", str(db), "--format",
                                        "jsonl"], ["events", "--db", str(db)]),
            "detente events (table)": ([*detente, "events", "--db", str(db), "--format",
                                        "table"], None),
            "detente ingest (all stored)": ([*detente, "ingest", str(folder), "--db", str(db),
                                             "--quiet"],
                                            ["ingest", str(folder), "--db", str(db), "--quiet"]),
        }
        other = f"{'compare':>9s} " if args.compare else ""
        print(f"{'command':30s} {'median s':>9s} {'min':>7s} {'max':>7s} {'- python':>9s} "
              f"{other} heavy modules imported")
        baseline = 0.0
        for name, (command, probe) in commands.items():
            times = timed(command, args.runs)
            median = statistics.median(times)
            baseline = baseline or median
            modules = heavy_modules(probe) if probe else ""
            compared = ""
            if args.compare:
                compared = f"{statistics.median(timed(command, args.runs, args.compare)):9.3f} "
            print(f"{name:30s} {median:9.3f} {min(times):7.3f} {max(times):7.3f} "
                  f"{median - baseline:9.3f} {compared} {modules}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

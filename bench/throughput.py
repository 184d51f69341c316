"""Throughput: Detente versus bare spaCy ``nlp.pipe``, 1 and N workers, peak RSS.

    python bench/throughput.py [CORPUS_DIR] [--limit N] [--runs R] [--compare DIR ...]
    python bench/throughput.py [CORPUS_DIR] --warm [--limit N] [--workers N] [--repeat R]
    python bench/throughput.py [CORPUS_DIR] --scale K [--workers N]

Reads the .txt articles of ../shared/corpus/articles (skips cleanly when it is absent), less
any whose text repeats an earlier one.

By default, whole processes as a user runs them, start-up included: `detente extract`,
`detente ingest` with 1 and N workers, and a process doing `spacy.load` and bare
`nlp.pipe`, R rounds alternated, medians and ranges, peak RSS of each process tree, the
start-up of `Extractor()` and a profile of the stages (see bench/whole_process.py). This is
the figure the README reports.

With ``--warm``, one process times on the same texts: (1) the bare full spaCy pipeline over
every article text; (2) Detente's whole path with one worker (read files, extract, resolve,
store in a fresh SQLite file) with an Extractor built beforehand; (3) the same with N worker
processes (default 2), workers started beforehand, and checks that both stores are
identical. ``--repeat R`` times (2) and (3) R times, alternating, and reports the median
speed-up: on a shared machine one pair of runs can differ by several per cent. It prints
articles/s, words/s, the ratio Detente / spaCy, the speed-up 1 -> N workers, and the peak
RSS of the whole process tree (sampled sum of this process and its children) per phase.

With ``--scale K``, it only ingests a corpus K times the size (every article repeated K
times, each copy's text changed so its content-hash id differs), streamed from a generator
so it is never all in memory, with N workers, and prints throughput and peak RSS (goal:
< 1.5 GB at K = 10).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "articles"
MB = 1024 * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--scale", type=int, default=None, metavar="K",
                        help="only ingest the corpus repeated K times (streamed), N workers")
    parser.add_argument("--repeat", type=int, default=1, metavar="R",
                        help="with --warm: time 1 worker and N workers R times, alternating, "
                             "and report the median speed-up (a shared machine is noisy)")
    parser.add_argument("--warm", action="store_true",
                        help="time warmed-up extraction in this process (the older mode)")
    parser.add_argument("--runs", type=int, default=3, metavar="R",
                        help="whole-process rounds, alternated (default 3)")
    parser.add_argument("--compare", type=Path, action="append", default=[], metavar="DIR",
                        help="also run the Detente commands of the checkout in DIR")
    parser.add_argument("--no-profile", action="store_true",
                        help="skip the stage profile of the whole-process mode")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"skip: corpus not found at {corpus}")
        return 0
    files = _distinct(sorted(corpus.glob("*.txt")))[: args.limit]
    if not files:
        print(f"skip: no .txt articles in {corpus}")
        return 0
    if args.scale is not None:
        return scaled(files, args.scale, args.workers)
    if args.warm:
        return compare(files, args.workers, max(1, args.repeat))
    from whole_process import whole_process

    return whole_process(files, max(1, args.runs), args.workers, args.compare,
                         profile=not args.no_profile)


def compare(files: list[Path], workers: int, repeat: int = 1) -> int:
    from detente.extract.pipeline import Extractor, load_nlp
    from detente.model import Article
    from detente.scale.parallel import ParallelExtractor

    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    words = sum(len(t.split()) for t in texts)
    paths = [str(f) for f in files]
    print(f"corpus: {len(files)} articles, {words} words ({files[0].parent}); "
          f"{os.cpu_count()} cores")

    nlp = load_nlp()
    # Detente gets a pipeline of its own: one that has already seen these texts would have
    # them in its tokenizer and vocabulary caches, which the worker processes do not
    extractor = Extractor()
    nlp("warm up the pipeline.")
    extractor.extract(Article(text="Talks were held on Monday."))
    with TreeRss() as rss, Timer() as spacy_time:
        for _ in nlp.pipe(texts, batch_size=64):
            pass
    _line("bare spaCy nlp.pipe (full pipeline)", len(files), words, spacy_time.seconds, rss)
    del texts

    runs = []
    with TreeRss() as start_rss, Timer() as start_time, ParallelExtractor(workers) as pool:
        pool.warm_up()
        start_time.stop()
        for run in range(repeat):
            runs.append(_one_and_many(paths, extractor, pool, workers, len(files), words))
            if repeat > 1:
                print(f"  run {run + 1}: speed-up {runs[-1].speed_up:.2f}x")
    last = runs[-1]
    speed_ups = sorted(r.speed_up for r in runs)
    median = statistics.median(speed_ups)
    print(f"ratio Detente (1 worker) / bare spaCy: "
          f"{spacy_time.seconds / last.one_seconds:.2f}x  (goal >= 1.0)")
    print(f"speed-up 1 -> {workers} workers: {median:.2f}x"
          + (f" (median of {repeat}: {', '.join(f'{x:.2f}' for x in speed_ups)})"
             if repeat > 1 else "")
          + f"  (workers started beforehand in {start_time.seconds:.1f} s; end to end with "
          f"start-up {last.one_seconds / (last.many_seconds + start_time.seconds):.2f}x)")
    print(f"CPU time: 1 worker {last.one_cpu:.1f} s, {workers} workers {last.many_cpu:.1f} s "
          f"(all processes); speed-up the cores allow when no other load competes: "
          f"{workers * last.one_cpu / max(last.many_cpu, 1e-9):.2f}x at most; load average now "
          f"{os.getloadavg()[0]:.1f}; peak RSS with workers {start_rss.peak / MB:.0f} MB")
    same = all(r.same for r in runs)
    print(f"{workers}-worker store identical to 1-worker store: {'yes' if same else 'NO'}")
    print(f"events: {last.events} ({last.many_events} with {workers} workers), "
          f"statistics: {last.statistics}, rejected: {last.rejected}")
    _rusage()
    return 0 if same else 1


class Comparison(NamedTuple):
    one_seconds: float
    many_seconds: float
    one_cpu: float
    many_cpu: float
    same: bool
    events: int
    many_events: int
    statistics: int
    rejected: int

    @property
    def speed_up(self) -> float:
        return self.one_seconds / self.many_seconds


def _one_and_many(paths: list[str], extractor: Any, pool: Any, workers: int, articles: int,
                  words: int) -> Comparison:
    """One timed ingest with the in-process Extractor, one with the worker pool."""
    from detente.pipeline import ingest_paths
    from detente.store.snapshot import snapshot_differences, store_snapshot

    with tempfile.TemporaryDirectory() as tmp:
        one_db, many_db = Path(tmp) / "one.db", Path(tmp) / "many.db"
        with TreeRss() as one_rss, Timer() as one_time:
            report = ingest_paths(paths, one_db, extractor=extractor)
        _line("Detente ingest, 1 worker", articles, words, one_time.seconds, one_rss)
        with TreeRss() as cpu, Timer() as many_time:
            many = ingest_paths(paths, many_db, extractor=pool)
        _line(f"Detente ingest, {workers} workers", articles, words, many_time.seconds, cpu)
        same = not snapshot_differences(store_snapshot(one_db), store_snapshot(many_db))
    return Comparison(one_time.seconds, many_time.seconds, one_rss.cpu_seconds, cpu.cpu_seconds,
                      same, report.events, many.events, report.statistics, len(report.rejected))


def scaled(files: list[Path], factor: int, workers: int) -> int:
    from detente.pipeline import ingest_articles

    words = sum(len(f.read_text(encoding="utf-8", errors="replace").split()) for f in files)
    count = len(files) * factor
    print(f"corpus: {len(files)} articles x {factor} = {count} articles, ~{words * factor} "
          f"words, streamed; {workers} workers; {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp, TreeRss() as rss, Timer() as elapsed:
        report = ingest_articles(repeated(files, factor), Path(tmp) / "scaled.db",
                                 workers=workers)
        db_mb = (Path(tmp) / "scaled.db").stat().st_size / MB
    _line(f"Detente ingest x{factor}, {workers} workers", report.added, words * factor,
          elapsed.seconds, rss)
    print(f"added {report.added}, skipped {report.skipped}, events {report.events}, "
          f"rejected {len(report.rejected)}; "
          f"store {db_mb:.0f} MB; peak RSS of the process tree {rss.peak / MB:.0f} MB "
          f"(goal < 1536 MB at x10)")
    _rusage()
    return 0 if report.added == count else 1


def repeated(files: list[Path], factor: int) -> Iterator[Any]:
    """The corpus ``factor`` times, read lazily; copy k > 0 of an article ends with a line
    naming the copy, so its text, and so its id and its events' ids, differ."""
    from detente.ingest.dates import date_from_filename
    from detente.ingest.readers import read_plain

    for copy in range(factor):
        for path in files:
            text = path.read_text(encoding="utf-8", errors="replace")
            if copy:
                text = f"{text.rstrip()}\n\n(Archive copy {copy}.)\n"
            yield from read_plain(f"{path}#{copy}", text, date_from_filename(path.name))


def _distinct(files: list[Path]) -> list[Path]:
    """The files less those repeating an earlier file's text: Detente stores (and extracts)
    such a repeat once, so timing it against spaCy parsing it again would flatter Detente."""
    seen: set[int] = set()
    kept = []
    for path in files:
        key = hash(path.read_bytes())
        if key not in seen:
            seen.add(key)
            kept.append(path)
    return kept


class Timer:
    def __enter__(self) -> Timer:
        self.start, self.end = time.perf_counter(), 0.0
        return self

    def stop(self) -> None:
        self.end = self.end or time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def seconds(self) -> float:
        return (self.end or time.perf_counter()) - self.start


def tree(pid: int) -> Iterator[tuple[int, int, int]]:
    from whole_process import tree as process_tree

    return process_tree(pid)


class TreeRss:
    """Peak of the summed resident memory of this process and all its descendants, and the
    CPU time they used, sampled every 0.1 s from /proc (Linux; zeros where it is missing).
    CPU time counts from when a process is first seen, so workers started earlier count only
    for the work done inside the block."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak = 0
        self._first: dict[int, int] = {}
        self._last: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeRss:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    @property
    def cpu_seconds(self) -> float:
        ticks = sum(self._last[pid] - self._first[pid] for pid in self._last)
        return ticks / os.sysconf("SC_CLK_TCK")

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def _sample(self) -> None:
        total = 0
        for pid, rss, cpu in tree(os.getpid()):
            total += rss
            self._first.setdefault(pid, cpu)
            self._last[pid] = cpu
        self.peak = max(self.peak, total)


def _line(label: str, articles: int, words: int, seconds: float, rss: TreeRss) -> None:
    print(f"{label:40s} {seconds:7.2f} s  {articles / seconds:7.1f} articles/s  "
          f"{words / seconds:9.0f} words/s  peak RSS (tree) {rss.peak / MB:6.0f} MB")


def _rusage() -> None:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"getrusage peaks: this process {own:.0f} MB, largest reaped child {child:.0f} MB "
          "(forkserver workers are not this process's children: see the sampled tree peak)")


if __name__ == "__main__":
    sys.exit(main())

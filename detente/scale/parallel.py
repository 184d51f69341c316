"""Extraction in N worker processes on one machine, results in input order.

The parent reads inputs and writes the store; each worker builds one Extractor (the spaCy
pipeline, lexicon, gazetteer) when it starts and reuses it for every chunk it is handed.
At most ``2 * workers`` chunks are in flight, so memory stays flat however long the stream.
Chunks are small (``CHUNK_ARTICLES``) so that the workers finish together: with large chunks
one worker parses the last chunk while the others wait. Results do not depend on how
sentences are batched for the parser, so they are the same as with one worker (a test
compares the stores).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from types import TracebackType

from detente.extract.options import ExtractOptions
from detente.extract.pipeline import Extractor
from detente.model import Article, Extraction

__all__ = ["CHUNK_ARTICLES", "ParallelExtractor", "start_method"]

CHUNK_ARTICLES = 8


class _Worker:
    """The one Extractor of a worker process (built by the pool's initializer)."""

    extractor: Extractor | None = None


def _init_worker(options: ExtractOptions | None = None) -> None:
    _Worker.extractor = Extractor.from_options(options)


def _extract_chunk(articles: list[Article]) -> list[Extraction]:
    if _Worker.extractor is None:  # pragma: no cover - the initializer always runs first
        _init_worker()
    assert _Worker.extractor is not None
    return list(_Worker.extractor.extract_many(articles))


def _worker_pid(hold: float) -> int:
    time.sleep(hold)  # keep this worker busy so the next task goes to another one
    return os.getpid()


def start_method() -> str:
    """'forkserver' where the platform has it (workers never inherit the parent's state),
    else 'spawn'."""
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


class ParallelExtractor:
    """``extract_many`` like Extractor's, spread over ``workers`` processes.

    Use as a context manager, or call ``close()``: the worker processes live until then.
    """

    def __init__(self, workers: int, options: ExtractOptions | None = None,
                 chunk_size: int = CHUNK_ARTICLES, window: int | None = None) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        if chunk_size < 1:
            raise ValueError("chunk_size must be at least 1")
        self.workers = workers
        self.chunk_size = chunk_size
        self.window = window or 2 * workers
        context = multiprocessing.get_context(start_method())
        if context.get_start_method() == "forkserver":
            # import spaCy once in the fork server rather than once per worker
            context.set_forkserver_preload(["detente.extract.pipeline"])
        self._pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                                         initargs=(options,))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        """One Extraction per article, in input order."""
        pending: deque[Future[list[Extraction]]] = deque()
        iterator = iter(articles)
        while chunk := list(islice(iterator, self.chunk_size)):
            pending.append(self._pool.submit(_extract_chunk, chunk))
            if len(pending) >= self.window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()

    def warm_up(self, timeout: float = 300.0) -> None:
        """Start every worker and wait until each has built its Extractor (for benchmarks that
        time the steady state; extraction works without it)."""
        deadline = time.monotonic() + timeout
        ready: set[int] = set()
        while len(ready) < self.workers:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(ready)} of {self.workers} workers ready after "
                                   f"{timeout:.0f} s")
            tasks = [self._pool.submit(_worker_pid, 0.5) for _ in range(self.workers)]
            ready.update(task.result() for task in tasks)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ParallelExtractor:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

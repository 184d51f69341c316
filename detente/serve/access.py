"""How the server touches the store: read sessions on one kept read-only connection per
thread, each a single snapshot with a limit on its own CPU time, and one serialized writer for
articles posted over HTTP."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from detente.errors import InputError, StoreError
from detente.ingest.records import article_from_record
from detente.model import Article, Extraction
from detente.store import Store
from detente.store.cache import (
    DEFAULT_CACHE_BYTES,
    REQUEST_READS,
    SESSION,
    ResultCache,
    Session,
    StoreVersion,
)

if TYPE_CHECKING:
    from detente.extract.pipeline import Extractor

DEFAULT_TIME_LIMIT_MS = 2000
DEFAULT_QUEUE_TIMEOUT_S = 10.0
PROGRESS_STEPS = 5000  # SQLite VM steps between checks of the session's CPU time
T = TypeVar("T")


class QueryTimeout(Exception):
    """A query used more CPU time than the server's limit and was interrupted."""


class ExtractionFailed(Exception):
    """The extractor could not process a posted article."""


def cpu_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass
class Settings:
    """What ``create_app`` was given; kept on ``app.state.settings``.

    ``slots`` requests are worked on at once (default: one per core), the others wait in line
    for up to ``queue_timeout_s`` seconds; ``time_limit_ms`` is CPU time, not waiting time.
    """

    db_path: Path
    token: str | None = None
    tiles: str | None = None
    tiles_attribution: str | None = None
    time_limit_ms: int = DEFAULT_TIME_LIMIT_MS
    slots: int = field(default_factory=cpu_count)
    queue_timeout_s: float = DEFAULT_QUEUE_TIMEOUT_S
    cache_bytes: int = DEFAULT_CACHE_BYTES
    writer: Writer = field(init=False)
    readers: ReadConnections = field(init=False)
    cache: ResultCache = field(init=False)
    responses: ResultCache = field(init=False)

    def __post_init__(self) -> None:
        self.writer = Writer(self.db_path)
        self.readers = ReadConnections(self.db_path)
        self.cache = ResultCache(self.cache_bytes)  # query results
        self.responses = ResultCache(self.cache_bytes)  # whole answers, by ETag


class ReadConnections:
    """One read-only (``query_only``) connection per thread, opened on first use and kept:
    a request costs no open, no schema check and starts with a warm page cache."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.opened = 0
        self._local = threading.local()
        self._lock = threading.Lock()

    @contextmanager
    def borrow(self) -> Iterator[Store]:
        """This thread's connection; a private one, closed afterwards, when a session on this
        thread already holds it (a read nested inside another)."""
        store: Store | None = getattr(self._local, "store", None)
        if store is not None and store.conn.in_transaction:
            with self._open() as private:
                yield private
            return
        if store is None:
            store = self._open()
            self._local.store = store
        try:
            yield store
        except sqlite3.OperationalError as exc:
            if "interrupted" not in str(exc):
                self._forget(store)
            raise
        except sqlite3.DatabaseError:
            self._forget(store)
            raise

    def _forget(self, store: Store) -> None:
        """Close a connection that failed; the next session opens a new one."""
        self._local.store = None
        store.close()

    def _open(self) -> Store:
        store = Store.open(self.db_path, readonly=True)
        store.conn.execute("PRAGMA query_only = 1")
        with self._lock:
            self.opened += 1
        return store


@contextmanager
def reading(settings: Settings) -> Iterator[Store]:
    """A read-only store for one snapshot (every query sees the same commits), interrupted
    once the queries have used ``time_limit_ms`` of this thread's CPU time. Time spent
    waiting for a core, the GIL or a slot is not counted, so a busy server does not kill
    queries that merely wait their turn."""
    try:
        with settings.readers.borrow() as store, _session(store, settings):
            yield store
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise QueryTimeout(
                f"the query used more than {settings.time_limit_ms} ms of CPU time") from None
        raise StoreError(f"{settings.db_path}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{settings.db_path}: {exc}") from None


@contextmanager
def _session(store: Store, settings: Settings) -> Iterator[None]:
    """One read transaction with the CPU-time check, known to ``@cached`` functions."""
    conn = store.conn
    limit = settings.time_limit_ms / 1000
    started = time.thread_time()
    conn.set_progress_handler(lambda: int(time.thread_time() - started > limit), PROGRESS_STEPS)
    session = None
    try:
        conn.execute("BEGIN")
        version = store.version()
        note_version(version)
        session = SESSION.set(Session(store, version, settings.cache))
        yield
    finally:
        if session is not None:
            SESSION.reset(session)
        _end_session(conn)


def _end_session(conn: sqlite3.Connection) -> None:
    conn.set_progress_handler(None, 0)
    if conn.in_transaction:
        conn.execute("ROLLBACK")  # a read transaction: nothing to keep


def note_version(version: StoreVersion) -> None:
    """Tell the request (its ETag) which store version it was answered from."""
    reads = REQUEST_READS.get()
    if reads is not None:
        reads.versions.append(version)


def read(settings: Settings, fn: Callable[..., T], *args: Any) -> T:
    """``fn(store, *args)`` in a read session."""
    with reading(settings) as store:
        return fn(store, *args)


def current_version(settings: Settings) -> StoreVersion:
    """The store's version now (its change counter and id)."""
    with reading(settings) as store:
        return store.version()


class ArticleIn(BaseModel):
    """An article posted to ``POST /api/articles``."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="the article body that offsets refer to")
    title: str | None = None
    date: dt.date | None = Field(default=None, description="publication date, YYYY-MM-DD")
    source: str | None = None
    url: str | None = None
    id: str | None = Field(default=None, max_length=200,
                           description="default: a hash of title and text")

    def to_article(self) -> Article:
        """The Article the ingest readers would build from the same record."""
        record = self.model_dump(mode="json", exclude_none=True)
        article = article_from_record(record, "POST /api/articles", None)
        if isinstance(article, InputError):
            raise ExtractionFailed(str(article))
        article.path = None
        return article


@dataclass
class Posted:
    """What happened to a posted article."""

    article: Article
    added: bool
    events: int = 0
    statistics: int = 0


class Writer:
    """Stores posted articles one at a time through ``pipeline.ingest_articles``, as
    ``detente ingest`` does; the extractor loads on the first article not yet stored."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._lock = threading.Lock()
        self._extractor: Extractor | None = None

    def add(self, posted: ArticleIn) -> Posted:
        from detente.pipeline import ingest_articles

        article = posted.to_article()
        with self._lock:
            report = ingest_articles([article], self.db_path, extractor=self)
        if report.rejected:
            raise ExtractionFailed(report.rejected[0].reason)
        return Posted(article, report.added > 0, report.events, report.statistics)

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        if self._extractor is None:
            from detente.extract.pipeline import Extractor

            self._extractor = Extractor()
        return self._extractor.extract_many(articles)

"""How the server touches the store: short read-only sessions with a time limit, and one
serialized writer for articles posted over HTTP."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from detente.errors import InputError, StoreError
from detente.ingest.records import article_from_record
from detente.model import Article
from detente.store import Store

if TYPE_CHECKING:
    from detente.extract.pipeline import Extractor

DEFAULT_TIME_LIMIT_MS = 2000
PROGRESS_STEPS = 1000  # SQLite VM steps between deadline checks
T = TypeVar("T")


class QueryTimeout(Exception):
    """A query ran past the server's time limit and was interrupted."""


class ExtractionFailed(Exception):
    """The extractor could not process a posted article."""


@dataclass
class Settings:
    """What ``create_app`` was given; kept on ``app.state.settings``."""

    db_path: Path
    token: str | None = None
    tiles: str | None = None
    tiles_attribution: str | None = None
    time_limit_ms: int = DEFAULT_TIME_LIMIT_MS
    writer: Writer = field(init=False)

    def __post_init__(self) -> None:
        self.writer = Writer(self.db_path)


@contextmanager
def reading(settings: Settings) -> Iterator[Store]:
    """A read-only store whose queries are interrupted after ``time_limit_ms``."""
    store = Store.open(settings.db_path, readonly=True)
    deadline = time.monotonic() + settings.time_limit_ms / 1000
    store.conn.set_progress_handler(lambda: int(time.monotonic() > deadline), PROGRESS_STEPS)
    try:
        yield store
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise QueryTimeout(f"the query took longer than {settings.time_limit_ms} ms") from None
        raise StoreError(f"{settings.db_path}: {exc}") from None
    finally:
        store.close()


def read(settings: Settings, fn: Callable[..., T], *args: Any) -> T:
    """``fn(store, *args)`` in its own read-only session."""
    with reading(settings) as store:
        return fn(store, *args)


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
    """Extracts and stores posted articles one at a time; the extractor loads on first use."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._lock = threading.Lock()
        self._extractor: Extractor | None = None

    def add(self, posted: ArticleIn) -> Posted:
        article = posted.to_article()
        with self._lock, Store.open(self.db_path) as store:
            if store.has_article(article.id):
                return Posted(article, added=False)
            extraction = self._extractor_once().extract(article)
            if extraction.error:
                raise ExtractionFailed(extraction.error)
            added = store.add_extraction(extraction)
        return Posted(article, added, len(extraction.events), len(extraction.statistics))

    def _extractor_once(self) -> Extractor:
        if self._extractor is None:
            from detente.extract.pipeline import Extractor

            self._extractor = Extractor()
        return self._extractor

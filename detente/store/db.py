"""The SQLite store: one writer, many readers (WAL), numbered migrations, idempotent adds."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from detente.errors import StoreError
from detente.model import Article, Event, Extraction, Statistic
from detente.store import rows

TABLES: tuple[str, ...] = ("articles", "event_actors", "events", "schema_migrations", "statistics")
BUSY_TIMEOUT_MS = 5000
_MIGRATION_FILE = re.compile(r"^(\d{3})_\w+\.sql$")

_INSERT_ARTICLE = rows.insert_sql("articles", rows.ARTICLE_COLUMNS)
_INSERT_EVENT = rows.insert_sql("events", rows.EVENT_COLUMNS)
_INSERT_ACTOR = rows.insert_sql("event_actors", rows.ACTOR_COLUMNS)
_INSERT_STATISTIC = rows.insert_sql("statistics", rows.STATISTIC_COLUMNS)

Item = TypeVar("Item", Event, Statistic)
T = TypeVar("T")


def quote_identifier(name: str) -> str:
    """The one way an identifier enters SQL text."""
    return '"' + name.replace('"', '""') + '"'


class Store:
    """A Detente database. Open with ``Store.open(path)``; use as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool) -> None:
        self.conn = conn
        self.path = path
        self.readonly = readonly

    @classmethod
    def open(
        cls, path: str | Path, readonly: bool = False, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS
    ) -> Store:
        """Open (and, unless read-only, create and migrate) the store at ``path``."""
        path = Path(path)
        conn = _connect(path, readonly, busy_timeout_ms)
        try:
            if readonly:
                check_schema(conn)
            else:
                migrate(conn)
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"{path}: cannot open the store ({exc})") from None
        except BaseException:
            conn.close()
            raise
        return cls(conn, path, readonly)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def add_extraction(self, extraction: Extraction) -> bool:
        """Store an article with its events and statistics; False if it was already stored."""
        added, _ = self.add_extractions([extraction])
        return added == 1

    def add_extractions(
        self, extractions: Iterable[Extraction], batch_size: int = 50
    ) -> tuple[int, int]:
        """Store extractions, one transaction per batch; return (added, skipped as stored)."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if self.readonly:
            raise StoreError(f"{self.path}: the store is open read-only")
        added = skipped = 0
        for batch in _batches(extractions, batch_size):
            for extraction in batch:
                _check_article_ids(extraction)
            with self._writing():
                fresh = self._unstored(batch)
                self._insert(fresh)
            added += len(fresh)
            skipped += len(batch) - len(fresh)
        return added, skipped

    def has_article(self, article_id: str) -> bool:
        found = self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,))
        return found.fetchone() is not None

    def article_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are stored."""
        found = rows.select_in(self.conn, "SELECT id FROM articles WHERE id IN ({})", ids)
        return {row[0] for row in found}

    def get_article(self, article_id: str) -> Article | None:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return rows.article_from_row(row) if row else None

    def get_event(self, event_id: str) -> Event | None:
        row = self.conn.execute(rows.EVENT_SELECT + " WHERE e.id = ?", (event_id,)).fetchone()
        return rows.event_from_row(row) if row else None

    def version(self) -> tuple[str, int]:
        """(store id, change counter): the counter rises with every committed change to the
        record, by any process (migration 008's triggers)."""
        row = self.conn.execute("SELECT store_id, version FROM store_version").fetchone()
        return str(row[0]), int(row[1])

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}; expected one of {', '.join(TABLES)}")
        sql = f"SELECT count(*) FROM {quote_identifier(table)}"
        return int(self.conn.execute(sql).fetchone()[0])

    @contextmanager
    def _writing(self) -> Iterator[None]:
        try:
            with transaction(self.conn):
                yield
        except (sqlite3.Error, UnicodeEncodeError, OverflowError) as exc:
            # a value SQLite cannot hold (a lone surrogate, an integer past 64 bits) rolls
            # the batch back and is reported as one line, never as a traceback
            raise StoreError(f"{self.path}: write failed ({exc})") from exc

    def _unstored(self, batch: list[Extraction]) -> list[Extraction]:
        """The extractions whose article is not stored yet, first of any repeats in the batch."""
        seen = self.article_ids(extraction.article.id for extraction in batch)
        fresh = []
        for extraction in batch:
            if extraction.article.id not in seen:
                seen.add(extraction.article.id)
                fresh.append(extraction)
        return fresh

    def _insert(self, extractions: list[Extraction]) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        events = [event for x in extractions for event in _first_of_each_id(x.events)]
        statistics = [stat for x in extractions for stat in _first_of_each_id(x.statistics)]
        self.conn.executemany(
            _INSERT_ARTICLE, (rows.article_row(x.article, x.error, now) for x in extractions)
        )
        self.conn.executemany(_INSERT_EVENT, (rows.event_row(event) for event in events))
        self.conn.executemany(_INSERT_ACTOR, (row for e in events for row in rows.actor_rows(e)))
        self.conn.executemany(_INSERT_STATISTIC, (rows.statistic_row(s) for s in statistics))


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error (the connection is in autocommit)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply the migrations not yet recorded, each in its own transaction; return their numbers.
    Numbers may have gaps (branches number their migrations apart), so each is checked by
    itself, not against the highest applied.

    An up-to-date store is not locked at all, so opening it never waits for a busy writer.
    """
    wanted = migrations()
    if {version for version, _, _ in wanted} <= _applied_versions(conn):
        return []
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    applied = []
    for version, name, sql in wanted:
        try:
            with transaction(conn):
                if version not in _applied_versions(conn):
                    _apply(conn, version, name, sql)
                    applied.append(version)
        except sqlite3.Error as exc:
            raise StoreError(f"migration {name} failed: {exc}") from exc
    return applied


def migrations() -> list[tuple[int, str, str]]:
    """(number, file name, SQL) for each numbered migration file, in order."""
    folder = resources.files("detente.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_FILE.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def check_schema(conn: sqlite3.Connection) -> None:
    """Refuse a read-only store whose schema is missing or older than this code needs."""
    applied = _applied_versions(conn)
    missing = sorted({version for version, _, _ in migrations()} - applied)
    if not applied:
        raise StoreError("not a Detente store yet; open it once for writing to create the tables")
    if missing:
        raise StoreError(
            f"store schema lacks migration {', '.join(f'{m:03d}' for m in missing)} that this "
            "Detente needs; open it once for writing to upgrade it"
        )


def split_statements(sql: str) -> Iterator[str]:
    """Split a script into statements (executescript would commit our transaction)."""
    statement = ""
    for line in sql.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            yield statement
            statement = ""


def _apply(conn: sqlite3.Connection, version: int, name: str, sql: str) -> None:
    for statement in split_statements(sql):
        conn.execute(statement)
    conn.execute(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
        (version, name, datetime.now(UTC).isoformat(timespec="seconds")),
    )


def _applied_versions(conn: sqlite3.Connection) -> set[int]:
    try:
        rows = conn.execute("SELECT version FROM schema_migrations").fetchall()
    except sqlite3.OperationalError:  # no such table: nothing applied
        return set()
    return {int(row[0]) for row in rows}


def _connect(path: Path, readonly: bool, busy_timeout_ms: int) -> sqlite3.Connection:
    if readonly and not path.exists():
        raise StoreError(f"{path}: no such store")
    target = path.resolve().as_uri() + "?mode=ro" if readonly else str(path)
    try:
        conn = sqlite3.connect(target, uri=readonly, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the store ({exc})") from None
    conn.create_function("casefold", 1, _casefold, deterministic=True)
    return conn


def _casefold(value: object) -> str | None:
    """SQL casefold(): Unicode-aware, unlike SQLite's ASCII-only lower()."""
    return value.casefold() if isinstance(value, str) else None


def _check_article_ids(extraction: Extraction) -> None:
    article_id = extraction.article.id
    items: list[Event | Statistic] = [*extraction.events, *extraction.statistics]
    for item in items:
        if item.article_id != article_id:
            raise StoreError(f"{item.id} belongs to article {item.article_id}, not {article_id}")


def _first_of_each_id(items: Iterable[Item]) -> list[Item]:
    seen: set[str] = set()
    unique = []
    for item in items:
        if item.id not in seen:
            seen.add(item.id)
            unique.append(item)
    return unique


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch

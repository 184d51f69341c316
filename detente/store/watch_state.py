"""The watch tables in SQL (migration 009): feed validators and the items already read.

Every value is a parameter; the statements are this module's constants.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from detente.store.db import Store, transaction
from detente.store.rows import select_in

MAX_ATTEMPTS = 3  # a page that failed this often is left alone until its item changes


@dataclass(frozen=True)
class FeedState:
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class ItemState:
    version: str
    feed: str | None
    article_id: str | None
    attempts: int


@dataclass(frozen=True)
class ItemResult:
    """What became of one item this poll: its article, or why it failed."""

    key: str
    version: str
    feed: str | None
    article_id: str | None = None
    error: str | None = None


def feed_state(store: Store, url: str) -> FeedState:
    row = store.conn.execute(
        "SELECT etag, last_modified FROM watch_feeds WHERE url = ?", (url,)).fetchone()
    return FeedState(row["etag"], row["last_modified"]) if row else FeedState()


def save_feed(store: Store, url: str, state: FeedState | None, error: str | None = None,
              ) -> None:
    """Record a poll of ``url``: new validators (None keeps the old ones) or its error."""
    old = feed_state(store, url)
    state = state or old
    with transaction(store.conn):
        store.conn.execute(
            "INSERT INTO watch_feeds (url, etag, last_modified, checked_at, error) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
            "last_modified = excluded.last_modified, checked_at = excluded.checked_at, "
            "error = excluded.error",
            (url, state.etag, state.last_modified, _now(), error))


def item_states(store: Store, keys: Iterable[str]) -> dict[str, ItemState]:
    rows = select_in(store.conn, "SELECT key, version, feed, article_id, attempts "
                     "FROM watch_items WHERE key IN ({})", sorted(set(keys)))
    return {row["key"]: ItemState(row["version"], row["feed"], row["article_id"], row["attempts"])
            for row in rows}


def is_due(state: ItemState | None, version: str, feed: str | None = None) -> bool:
    """Read an item that is new, changed since it was read, or failed fewer than
    MAX_ATTEMPTS times. An item read through another feed is not read again: feeds that
    list the same link stamp it differently, and only the first one's stamp is kept."""
    if state is None:
        return True
    if state.article_id is not None and state.feed != feed:
        return False
    if state.version != version:
        return True
    return state.article_id is None and state.attempts < MAX_ATTEMPTS


def save_items(store: Store, results: Iterable[ItemResult]) -> None:
    """Record what became of items: a stored article resets the attempts, an error adds one
    (counted from zero again when the item changed)."""
    now = _now()
    with transaction(store.conn):
        for result in results:
            store.conn.execute(
                "INSERT INTO watch_items (key, version, feed, article_id, attempts, error, "
                "seen_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
                "attempts = CASE WHEN excluded.article_id IS NOT NULL THEN 0 "
                "WHEN watch_items.version = excluded.version THEN watch_items.attempts + 1 "
                "ELSE 1 END, version = excluded.version, feed = excluded.feed, "
                "article_id = excluded.article_id, error = excluded.error, "
                "seen_at = excluded.seen_at",
                (result.key, result.version, result.feed, result.article_id,
                 0 if result.article_id else 1, result.error, now))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")

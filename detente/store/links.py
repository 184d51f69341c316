"""The link tables in SQL: stories, their mentions, merge/split history, commitments.

Every value is a parameter; the statements are this module's constants.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

from detente.link.deadlines import DUE, Deadline
from detente.link.status import EvidenceItem, TrackedCommitment
from detente.link.stories import LinkedStory
from detente.store.rows import insert_sql, select_in

STORY_COLUMNS: tuple[str, ...] = (
    "id", "type", "mode", "modality", "first_date", "last_date", "place_name", "admin1",
    "country", "actor_codes", "killed_best", "killed_low", "killed_high", "injured_best",
    "injured_low", "injured_high", "persons_best", "persons_low", "persons_high", "per_side",
    "mention_count", "article_count", "updated_at", "first_report", "last_report",
)
MENTION_COLUMNS: tuple[str, ...] = (
    "event_id", "story_id", "article_id", "joined_via", "score", "reason",
)
COMMITMENT_COLUMNS: tuple[str, ...] = (
    "id", "story_id", "event_id", "article_id", "kind", "parties", "what", "quantity",
    "per_side", "made_on", "deadline_text", "deadline_start", "deadline_end", "status",
    "fulfilled_quantity", "decided_by", "as_of", "updated_at", "unit", "bound", "place",
    "deadline_kind",
)
EVIDENCE_COLUMNS: tuple[str, ...] = (
    "commitment_id", "event_id", "story_id", "article_id", "kind", "quantity", "date", "unit",
    "by_codes", "deadline", "note",
)
HISTORY_COLUMNS: tuple[str, ...] = (
    "at", "action", "story_id", "other_story_id", "event_ids", "score", "reason",
)
_INSERT_STORY = insert_sql("stories", STORY_COLUMNS)
_INSERT_MENTION = insert_sql("story_mentions", MENTION_COLUMNS)
_INSERT_HISTORY = insert_sql("link_history", HISTORY_COLUMNS)
_INSERT_COMMITMENT = insert_sql("commitments", COMMITMENT_COLUMNS)
_INSERT_EVIDENCE = insert_sql("commitment_evidence", EVIDENCE_COLUMNS)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def previous_assignment(conn: sqlite3.Connection) -> dict[str, str]:
    """event id -> story id as the last link left it."""
    return dict(conn.execute("SELECT event_id, story_id FROM story_mentions").fetchall())


def cannot_link(conn: sqlite3.Connection) -> set[frozenset[str]]:
    rows = conn.execute("SELECT event_id, other_event_id FROM link_splits")
    return {frozenset((a, b)) for a, b in rows}


def newest_article_date(conn: sqlite3.Connection) -> date | None:
    row = conn.execute("SELECT max(substr(date, 1, 10)) FROM articles").fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else None


def replace_stories(conn: sqlite3.Connection, stories: Sequence[LinkedStory]) -> None:
    """Replace all stories and mentions (ids are kept stable by the caller)."""
    stamp = now()
    conn.execute("DELETE FROM story_mentions")
    conn.execute("DELETE FROM stories")
    conn.executemany(_INSERT_STORY, (story_row(s, stamp) for s in stories))
    conn.executemany(_INSERT_MENTION, (_mention_row(s, m.event_id, m.article_id)
                                       for s in stories for m in s.mentions))


def _mention_row(story: LinkedStory, event_id: str, article_id: str) -> tuple[Any, ...]:
    joined = story.joins.get(event_id)
    if joined is None:
        return (event_id, story.id, article_id, None, None, None)
    return (event_id, story.id, article_id, joined.via, joined.match.score, joined.match.reason)


def story_row(story: LinkedStory, stamp: str) -> tuple[Any, ...]:
    lead, figures = story.lead, story.figures()
    numbers = [value for name in ("killed", "injured", "persons")
               for value in (figures[name].best, figures[name].low, figures[name].high)]
    return (
        story.id, story.main_type, story.most_common("mode"), lead.modality,
        _iso(story.first_day),
        _iso(story.last_day), story.most_common("place_name"), story.most_common("admin1"),
        story.most_common("country"), json.dumps(sorted(story.codes)), *numbers,
        int(any(m.per_side for m in story.mentions if m.persons)), len(story.mentions),
        len(story.article_ids), stamp, _iso(story.first_report), _iso(story.last_report),
    )


def add_history(conn: sqlite3.Connection, rows: Iterable[tuple[Any, ...]]) -> int:
    """Append history rows (action, story_id, other_story_id, event_ids, score, reason)."""
    stamp = now()
    count = 0
    for action, story_id, other, event_ids, score, reason in rows:
        conn.execute(_INSERT_HISTORY, (stamp, action, story_id, other, json.dumps(event_ids),
                                       score, reason))
        count += 1
    return count


def add_splits(conn: sqlite3.Connection, event_id: str, others: Iterable[str]) -> None:
    stamp = now()
    conn.executemany(
        "INSERT OR IGNORE INTO link_splits (event_id, other_event_id, at) VALUES (?, ?, ?)",
        ((event_id, other, stamp) for other in others),
    )


def replace_commitments(conn: sqlite3.Connection, commitments: Sequence[TrackedCommitment]) -> None:
    stamp = now()
    conn.execute("DELETE FROM commitment_evidence")
    conn.execute("DELETE FROM commitments")
    conn.executemany(_INSERT_COMMITMENT, (_commitment_row(c, stamp) for c in commitments))
    conn.executemany(_INSERT_EVIDENCE, (
        (c.id, e.event_id, e.story_id, e.article_id, e.kind, e.quantity, _iso(e.date), e.unit,
         json.dumps(list(e.by)), _iso(e.deadline), e.note)
        for c in commitments for e in _unique(c.evidence)))


def _unique(items: Iterable[EvidenceItem]) -> Iterator[EvidenceItem]:
    """One row per (event, kind): the table's key."""
    seen: set[tuple[str, str]] = set()
    for item in items:
        if (item.event_id, item.kind) not in seen:
            seen.add((item.event_id, item.kind))
            yield item


def _commitment_row(c: TrackedCommitment, stamp: str) -> tuple[Any, ...]:
    deadline = c.deadline
    return (
        c.id, c.story_id, c.event_id, c.article_id, c.kind, json.dumps(c.parties), c.what,
        c.quantity, int(c.per_side), _iso(c.made_on), deadline.text if deadline else None,
        _iso(deadline.start) if deadline else None, _iso(deadline.end) if deadline else None,
        c.status, c.fulfilled_quantity, json.dumps(c.decided_by), _iso(c.as_of), stamp,
        c.unit, json.dumps(c.bound), c.place, deadline.kind if deadline else None,
    )


def read_commitments(conn: sqlite3.Connection, commitment_id: str | None = None,
                     ) -> list[TrackedCommitment]:
    """Stored commitments (all, or the one with ``commitment_id``) with their evidence,
    ordered by when they were made."""
    where, params = ("WHERE commitment_id = ?", (commitment_id,)) if commitment_id else ("", ())
    evidence: dict[str, list[EvidenceItem]] = {}
    for row in conn.execute(f"SELECT * FROM commitment_evidence {where} "
                            "ORDER BY date, event_id, kind", params):
        evidence.setdefault(row["commitment_id"], []).append(_evidence_from_row(row))
    where = "WHERE id = ?" if commitment_id else ""
    rows = conn.execute(f"SELECT * FROM commitments {where} ORDER BY made_on, id", params)
    return [_commitment_from_row(row, evidence.get(row["id"], [])) for row in rows]


def _evidence_from_row(row: sqlite3.Row) -> EvidenceItem:
    return EvidenceItem(
        row["kind"], row["event_id"], row["story_id"], row["article_id"], row["quantity"],
        _date(row["date"]), row["unit"], tuple(json.loads(row["by_codes"] or "[]")),
        _date(row["deadline"]), row["note"])


def _commitment_from_row(row: sqlite3.Row, evidence: list[EvidenceItem]) -> TrackedCommitment:
    deadline = None
    if row["deadline_start"] and row["deadline_end"]:
        deadline = Deadline(row["deadline_text"], date.fromisoformat(row["deadline_start"]),
                            date.fromisoformat(row["deadline_end"]),
                            row["deadline_kind"] or DUE)
    return TrackedCommitment(
        id=row["id"], story_id=row["story_id"], event_id=row["event_id"],
        article_id=row["article_id"], kind=row["kind"], parties=json.loads(row["parties"]),
        what=row["what"], quantity=row["quantity"], per_side=bool(row["per_side"]),
        made_on=_date(row["made_on"]), deadline=deadline, evidence=evidence,
        unit=row["unit"], bound=json.loads(row["bound"] or "[]"), place=row["place"],
        status=row["status"], fulfilled_quantity=row["fulfilled_quantity"],
        decided_by=json.loads(row["decided_by"]), as_of=_date(row["as_of"]),
    )


def story_of(conn: sqlite3.Connection, any_id: str) -> str | None:
    """The story an id names: a story id, a mention's event id, or a story merged away."""
    for sql in ("SELECT id FROM stories WHERE id = ?",
                "SELECT story_id FROM story_mentions WHERE event_id = ?",
                "SELECT story_id FROM link_history WHERE other_story_id = ? AND action = 'merge' "
                "ORDER BY seq DESC LIMIT 1"):
        row = conn.execute(sql, (any_id,)).fetchone()
        if row:
            return str(row[0])
    return None


def story_record(conn: sqlite3.Connection, story_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
    return dict(row) if row else None


def mention_links(conn: sqlite3.Connection, story_id: str) -> dict[str, dict[str, Any]]:
    """event id -> how it joined the story (None values for the story's first mention)."""
    rows = conn.execute("SELECT event_id, joined_via, score, reason FROM story_mentions "
                        "WHERE story_id = ?", (story_id,))
    return {r["event_id"]: {"via": r["joined_via"], "score": r["score"], "reason": r["reason"]}
            for r in rows}


def mention_ids(conn: sqlite3.Connection, story_id: str) -> list[str]:
    rows = conn.execute("SELECT event_id FROM story_mentions WHERE story_id = ? ORDER BY event_id",
                        (story_id,))
    return [r[0] for r in rows]


def history(conn: sqlite3.Connection, story_id: str, event_ids: Sequence[str],
            ) -> list[dict[str, Any]]:
    """History rows naming the story (as either side) or any of its events."""
    rows = conn.execute(
        "SELECT * FROM link_history WHERE story_id = ? OR other_story_id = ? OR EXISTS "
        "(SELECT 1 FROM json_each(link_history.event_ids) j WHERE j.value IN "
        "(SELECT value FROM json_each(?))) ORDER BY seq",
        (story_id, story_id, json.dumps(list(event_ids))),
    )
    return [{**dict(r), "event_ids": json.loads(r["event_ids"])} for r in rows]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


_EVIDENCE_CONTEXT = """
SELECT e.id, e.type, e.mode, e.modality, e.evidence_text, a.id AS article_id, a.title,
    substr(a.text, 1, 400) AS head, a.date AS article_date, a.source, a.url
FROM events e JOIN articles a ON a.id = e.article_id
WHERE e.id IN (SELECT value FROM json_each(?))
"""


def evidence_context(conn: sqlite3.Connection, event_ids: Iterable[str]
                     ) -> dict[str, dict[str, Any]]:
    """event id -> its type, evidence sentence and article (title, outlet, date, URL)."""
    return {row["id"]: dict(row) for row in conn.execute(
        _EVIDENCE_CONTEXT, (json.dumps(sorted(set(event_ids))),))}


def has_commitments(conn: sqlite3.Connection) -> bool:
    """Whether the store has the commitments tables (a store written before linking may not)."""
    row = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                       "name IN ('commitments', 'commitment_evidence')").fetchone()
    return bool(row and row[0] == 2)


_PARTY_STORIES = """
SELECT s.id, s.type FROM stories s
WHERE EXISTS (SELECT 1 FROM json_each(s.actor_codes) j WHERE j.value IN (?, ?))
   OR s.country IN (?, ?)
"""
_MENTION_IDS = """
SELECT story_id, event_id FROM story_mentions
WHERE story_id IN (SELECT value FROM json_each(?)) ORDER BY story_id, event_id
"""
_ARTICLES_BY_ID = "SELECT id, title, text, source, url, date FROM articles WHERE id IN ({})"
_ARTICLE_BY_PATH = "SELECT id, text FROM articles WHERE path LIKE ? ORDER BY id LIMIT 1"
_ARTICLE_BY_TEXT = "SELECT id, text FROM articles WHERE text = ? LIMIT 1"
_EVENTS_WITH_STORY = """
SELECT e.id, e.type, e.modality, e.evidence_start, e.evidence_end, s.story_id
FROM events e LEFT JOIN story_mentions s ON s.event_id = e.id
WHERE e.article_id = ? ORDER BY e.evidence_start, e.id
"""


def story_types_involving(conn: sqlite3.Connection, a: str, b: str) -> dict[str, str]:
    """{story id: type} of every story whose actors or country include either code."""
    return {row["id"]: row["type"] for row in conn.execute(_PARTY_STORIES, (a, b, a, b))}


def story_of_events(conn: sqlite3.Connection, story_ids: Sequence[str]) -> dict[str, str]:
    """{event id: story id} for the mentions of these stories."""
    return {row["event_id"]: row["story_id"]
            for row in conn.execute(_MENTION_IDS, (json.dumps(list(story_ids)),))}


def articles_by_id(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, sqlite3.Row]:
    """The articles' id, title, text, source, url and date, by id."""
    return {row["id"]: row for row in select_in(conn, _ARTICLES_BY_ID, ids)}


def article_by_file(conn: sqlite3.Connection, name: str, text: str) -> sqlite3.Row | None:
    """The stored article read from a file of this name, else one with exactly this text."""
    row = conn.execute(_ARTICLE_BY_PATH, ("%" + name,)).fetchone()
    return row or conn.execute(_ARTICLE_BY_TEXT, (text,)).fetchone()


def events_with_story(conn: sqlite3.Connection, article_id: str) -> list[sqlite3.Row]:
    """An article's events (id, type, modality, evidence offsets) with their story, if any."""
    return list(conn.execute(_EVENTS_WITH_STORY, (article_id,)))

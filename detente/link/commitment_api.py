"""Commitments as library calls: the list with each one's status on a day, and one commitment
with its whole life. The CLI, the API and the dashboard all come through here, so they judge
every commitment with the same function (``status.evaluate``) on the same day."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from detente.errors import LinkError
from detente.link.status import STATUSES, TrackedCommitment, evaluate, life
from detente.store import Store
from detente.store import links as sql
from detente.store.listing import display_title


@dataclass
class CommitmentView:
    """One commitment as it stands on ``as_of``, and its life up to that day: each report
    with what it says, the status it left behind, its evidence sentence and article."""

    commitment: TrackedCommitment
    timeline: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"commitment": self.commitment.to_dict(), "timeline": self.timeline,
                "sources": self.sources}


def default_as_of(store: Store) -> date:
    """The day statuses are judged on when none is asked for: the newest article's date."""
    return sql.newest_article_date(store.conn) or date.today()


def list_commitments(store: Store, as_of: date | None = None, status: str | None = None,
                     ) -> list[TrackedCommitment]:
    """Commitments made by ``as_of`` (default: the newest article date), each judged on
    that day; only those with ``status`` if given."""
    if status is not None and status not in STATUSES:
        raise LinkError(
            f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
    if not sql.has_commitments(store.conn):
        return []
    day = as_of or default_as_of(store)
    judged = [evaluate(c, day) for c in sql.read_commitments(store.conn)
              if c.made_on is None or c.made_on <= day]
    return [c for c in judged if status is None or c.status == status]


def get_commitment(store: Store, commitment_id: str, as_of: date | None = None,
                   ) -> CommitmentView | None:
    """One commitment judged on ``as_of`` with its timeline, or None if there is none."""
    if not sql.has_commitments(store.conn):
        return None
    found = sql.read_commitments(store.conn, commitment_id)
    if not found:
        return None
    day = as_of or default_as_of(store)
    commitment = evaluate(found[0], day)
    timeline = life(found[0], day)
    context = sql.evidence_context(store.conn, [e.event_id for e in found[0].evidence])
    for entry in timeline:
        entry.update(_context(context.get(entry.get("event_id") or "")))
    sources = [_context(context.get(e.event_id)) | {"event_id": e.event_id}
               for e in found[0].evidence if e.kind == "source"]
    return CommitmentView(commitment, timeline, sources)


def _context(row: dict[str, Any] | None) -> dict[str, Any]:
    if row is None:
        return {}
    return {"evidence_text": row["evidence_text"], "event_type": row["type"],
            "event_mode": row["mode"],
            "article": {"id": row["article_id"], "title": display_title(row["title"], row["head"]),
                        "source": row["source"], "url": row["url"],
                        "date": (row["article_date"] or "")[:10] or None}}

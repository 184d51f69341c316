"""The commitments board, list and page. Every status comes from ``detente.link``'s one
judging function on the day asked for, so the dashboard, the API and ``detente commitments
--as-of`` always agree."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from detente.link.commitment_api import default_as_of, get_commitment, list_commitments
from detente.link.promises import KIND_NAMES
from detente.link.status import STATUSES, TrackedCommitment
from detente.serve.commitment_chart import life_chart
from detente.serve.params import AsOfQuery, CommitmentQuery
from detente.store import Store
from detente.store.links import has_commitments

PER_STATUS = 100  # cards per board column


def commitment_list(store: Store, query: CommitmentQuery) -> dict[str, Any]:
    """A page of commitments judged on ``query.as_of``, with the counts by status."""
    if not has_commitments(store.conn):
        return {"available": False, "as_of": None, "total": 0, "counts": {}, "items": []}
    day = query.as_of or default_as_of(store)
    judged = list_commitments(store, as_of=day)
    chosen = [c for c in shown(judged, query)
              if query.status is None or c.status == query.status]
    chosen = sort_commitments(chosen, query.order())
    page = chosen[query.offset: query.offset + query.limit]
    return {"available": True, "as_of": day.isoformat(), "total": len(chosen),
            "counts": status_counts(judged), "items": [c.to_dict() for c in page]}


def board(store: Store, query: AsOfQuery) -> dict[str, Any]:
    """Commitments in the board's status columns (up to ``PER_STATUS`` each), of the kind,
    party and words the query asks for."""
    filters = {"kind": query.kind, "party": query.party, "q": query.q}
    if not has_commitments(store.conn):
        return {"available": False, "columns": {}, "counts": {}, "as_of": None,
                "filters": filters, "kinds": KIND_NAMES}
    day = query.as_of or default_as_of(store)
    judged = sort_commitments(shown(list_commitments(store, as_of=day), query), "-made_on")
    columns = {status: [c.to_dict() for c in judged if c.status == status][:PER_STATUS]
               for status in STATUSES}
    return {"available": True, "columns": columns, "counts": status_counts(judged),
            "as_of": day.isoformat(), "per_status": PER_STATUS, "filters": filters,
            "kinds": KIND_NAMES}


def shown(judged: list[TrackedCommitment], query: AsOfQuery) -> list[TrackedCommitment]:
    """The commitments of ``query.kind``, binding or naming ``query.party``, whose promise
    holds every word of ``query.q`` (case-blind)."""
    words = (query.q or "").lower().split()
    return [c for c in judged
            if (query.kind is None or c.kind == query.kind)
            and (query.party is None or query.party in c.parties)
            and all(word in (c.what or "").lower() for word in words)]


def home_counts(store: Store) -> dict[str, int]:
    """How many commitments stand in each status today (the home page's summary)."""
    return status_counts(list_commitments(store)) if has_commitments(store.conn) else {}


def page(store: Store, commitment_id: str, as_of: date | None) -> dict[str, Any] | None:
    """One commitment's page: as it stands on ``as_of``, its timeline and the chart."""
    view = get_commitment(store, commitment_id, as_of)
    if view is None:
        return None
    data = view.to_dict()
    return {**data, "chart": life_chart(data["commitment"], data["timeline"])}


def status_counts(judged: list[TrackedCommitment]) -> dict[str, int]:
    counts = Counter(c.status for c in judged)
    return {status: counts[status] for status in STATUSES if counts[status]}


_SORT_KEYS = {
    "made_on": lambda c: c.made_on, "status": lambda c: STATUSES.index(c.status),
    "deadline": lambda c: (c.current_deadline or c.deadline).end
    if (c.current_deadline or c.deadline) else None,
    "quantity": lambda c: c.quantity, "what": lambda c: c.what.casefold(),
    "fulfilled": lambda c: c.fulfilled_quantity,
}


def sort_commitments(items: list[TrackedCommitment], order: str) -> list[TrackedCommitment]:
    """Sorted by a column (``-column`` descending); missing values last either way."""
    key = _SORT_KEYS[order.lstrip("-")]
    present = [c for c in items if key(c) is not None]
    missing = [c for c in items if key(c) is None]
    present.sort(key=lambda c: (key(c), c.id), reverse=order.startswith("-"))
    return present + sorted(missing, key=lambda c: c.id)

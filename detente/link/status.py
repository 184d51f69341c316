"""Commitment records and how they stand on a given day: open, partly kept, kept, broken, overdue.

The status is a pure function of the commitment, its evidence and the day, so any
``as_of`` gives a reproducible answer. Several reports of one release round belong to one
story and count once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from detente.link.deadlines import Deadline

STATUSES: tuple[str, ...] = ("open", "partly kept", "kept", "broken", "overdue")
EVIDENCE_KINDS: tuple[str, ...] = ("source", "fulfil", "contradict")


@dataclass(frozen=True)
class EvidenceItem:
    """One report bearing on a commitment: its source, a step that kept it, or a refusal."""

    kind: str
    event_id: str
    story_id: str
    article_id: str
    quantity: int | None = None
    date: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "event_id": self.event_id, "story_id": self.story_id,
                "article_id": self.article_id, "quantity": self.quantity,
                "date": self.date.isoformat() if self.date else None}


@dataclass
class TrackedCommitment:
    """A promise or agreement with its evidence; ``status`` holds for ``as_of``."""

    id: str
    story_id: str
    event_id: str
    article_id: str
    kind: str
    parties: list[str]
    what: str
    quantity: int | None = None
    per_side: bool = False
    made_on: date | None = None
    deadline: Deadline | None = None
    evidence: list[EvidenceItem] = field(default_factory=list)
    status: str = "open"
    fulfilled_quantity: int | None = None
    decided_by: list[dict[str, Any]] = field(default_factory=list)
    as_of: date | None = None

    def to_dict(self) -> dict[str, Any]:
        deadline = self.deadline.to_dict() if self.deadline else {
            "text": None, "start": None, "end": None}
        return {
            "id": self.id, "parties": self.parties, "what": self.what, "kind": self.kind,
            "quantity": self.quantity, "per_side": self.per_side,
            "made_on": self.made_on.isoformat() if self.made_on else None,
            "deadline": deadline, "status": self.status,
            "fulfilled_quantity": self.fulfilled_quantity, "evidence": self.decided_by,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "story_id": self.story_id, "event_id": self.event_id, "article_id": self.article_id,
            "reports": sum(1 for e in self.evidence if e.kind == "source"),
        }


def evaluate(commitment: TrackedCommitment, as_of: date) -> TrackedCommitment:
    """The commitment as it stands on ``as_of``, counting only evidence dated by then."""
    known = [e for e in commitment.evidence if e.date is None or e.date <= as_of]
    fulfil = [e for e in known if e.kind == "fulfil"]
    contradict = [e for e in known if e.kind == "contradict"]
    done = fulfilled(fulfil)
    status, decided = _decide(commitment, as_of, fulfil, contradict, done)
    return replace(commitment, status=status, fulfilled_quantity=done, as_of=as_of,
                   decided_by=decided)


def fulfilled(fulfil: list[EvidenceItem]) -> int | None:
    """The quantity carried out: each story (release round) once, at its largest figure."""
    by_story: dict[str, int] = {}
    for item in fulfil:
        if item.quantity is not None:
            by_story[item.story_id] = max(item.quantity, by_story.get(item.story_id, 0))
    return sum(by_story.values()) if by_story else None


def _decide(
    c: TrackedCommitment, as_of: date, fulfil: list[EvidenceItem],
    contradict: list[EvidenceItem], done: int | None,
) -> tuple[str, list[dict[str, Any]]]:
    steps = [e.to_dict() for e in fulfil]
    kept = (done or 0) >= c.quantity if c.quantity else bool(fulfil)
    if kept:
        return "kept", steps
    if contradict:
        return "broken", [e.to_dict() for e in contradict]
    if c.deadline and c.deadline.end < as_of:
        passed = {"kind": "deadline", "text": c.deadline.text, "end": c.deadline.end.isoformat()}
        return "overdue", [passed, *steps]
    if fulfil:
        return "partly kept", steps
    return "open", [e.to_dict() for e in c.evidence if e.kind == "source"]

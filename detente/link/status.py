"""Commitment records and how they stand on a given day: open, partly kept, kept, broken, overdue.

``evaluate`` is the one function that judges a commitment: the CLI, the API and the dashboard
all call it, and it is a pure function of the commitment, its evidence and the day, so any
``as_of`` gives a reproducible answer. Fulfilment is summed by round: the reports of one
round (one story, or the same day and figure from two outlets) count once, and a running
total ("450 of the 600 freed so far") can only raise the sum. A commitment with no number is
kept only when a report says it is complete (one-off kinds such as talks are kept when they
happen); suspension, withdrawal, violation, expiry or refusal break it unless it was already
kept, a later resumption mends a suspension, an extension moves its deadline, and a due
deadline that passes with nothing reported makes it overdue.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from detente.link.deadlines import DUE, Deadline
from detente.link.promises import ONE_OFF_KINDS

STATUSES: tuple[str, ...] = ("open", "partly kept", "kept", "broken", "overdue")
EVIDENCE_KINDS: tuple[str, ...] = (
    "source",      # a report of the promise being made (every outlet's)
    "mention",     # a later report naming the deal ("the Geneva framework") with no step
    "fulfil",      # a step that carries it out (a release, a handover, ships sailing)
    "total",       # a running total of what has been carried out so far
    "complete",    # a report that it is complete ("completing the exchange")
    "extend",      # an extension or renewal; ``deadline`` is the new end
    "end",         # suspended, withdrawn, violated, expired; ``by`` is who ended it
    "resume",      # a suspended deal taken up again
    "contradict",  # a refusal of what was promised
)
# how each kind of evidence reads in a timeline
STEP_LABELS = {"source": "promise reported", "mention": "deal named", "fulfil": "carried out",
               "total": "running total", "complete": "completed", "extend": "extended",
               "end": "ended", "resume": "resumed", "contradict": "refused"}
SAME_ROUND_DAYS = 1  # two outlets' reports of one round may date it a day apart


@dataclass(frozen=True)
class EvidenceItem:
    """One report bearing on a commitment, and what it says about it."""

    kind: str
    event_id: str
    story_id: str
    article_id: str
    quantity: int | None = None
    date: date | None = None
    unit: str | None = None
    by: tuple[str, ...] = ()  # who carried it out, ended or extended it
    deadline: datetime.date | None = None  # for "extend": the new end
    note: str | None = None  # the words that decided ("suspended", "by 60 days")

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "event_id": self.event_id, "story_id": self.story_id,
                "article_id": self.article_id, "quantity": self.quantity, "unit": self.unit,
                "date": _iso(self.date), "by": list(self.by),
                "deadline": _iso(self.deadline), "note": self.note}


@dataclass(frozen=True)
class Round:
    """One round of fulfilment: the reports of it and the figure it counts for."""

    date: date | None
    quantity: int | None
    items: tuple[EvidenceItem, ...]


@dataclass
class TrackedCommitment:
    """A promise with every report of it and of its life; the judged fields hold for
    ``as_of`` once ``evaluate`` has run."""

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
    deadline: Deadline | None = None  # as promised; extensions move ``current_deadline``
    evidence: list[EvidenceItem] = field(default_factory=list)
    unit: str | None = None
    bound: list[str] = field(default_factory=list)  # the parties that promised
    place: str | None = None
    # judged for as_of:
    status: str = "open"
    fulfilled_quantity: int | None = None
    decided_by: list[dict[str, Any]] = field(default_factory=list)
    as_of: date | None = None
    current_deadline: Deadline | None = None
    ended: EvidenceItem | None = None
    rounds: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "parties": self.parties, "bound": self.bound, "what": self.what,
            "kind": self.kind, "quantity": self.quantity, "unit": self.unit,
            "per_side": self.per_side, "place": self.place, "made_on": _iso(self.made_on),
            "deadline": _deadline_dict(self.current_deadline or self.deadline),
            "original_deadline": _deadline_dict(self.deadline),
            "status": self.status, "fulfilled_quantity": self.fulfilled_quantity,
            "rounds": self.rounds, "evidence": self.decided_by,
            "ended_on": _iso(self.ended.date) if self.ended else None,
            "ended_by": list(self.ended.by) if self.ended else [],
            "end_reason": self.ended.note if self.ended else None,
            "as_of": _iso(self.as_of), "story_id": self.story_id, "event_id": self.event_id,
            "article_id": self.article_id,
            "reports": len({e.article_id for e in self.evidence if e.kind == "source"}),
            "mentions": len({e.article_id for e in self.evidence}),
        }


def evaluate(commitment: TrackedCommitment, as_of: date) -> TrackedCommitment:
    """The commitment as it stands on ``as_of``, counting only evidence dated by then."""
    known = sorted((e for e in commitment.evidence if e.date is None or e.date <= as_of),
                   key=_order)
    found = rounds([e for e in known if e.kind == "fulfil"])
    done = fulfilled(found, [e for e in known if e.kind == "total"])
    deadline = current_deadline(commitment.deadline, known)
    ended = ending(known)
    status, decided = _decide(commitment, as_of, known, found, done, deadline, ended)
    return replace(commitment, status=status, fulfilled_quantity=done, as_of=as_of,
                   decided_by=decided, current_deadline=deadline,
                   ended=ended if status == "broken" else None, rounds=len(found))


def rounds(fulfil: Sequence[EvidenceItem]) -> list[Round]:
    """Fulfilment reports grouped into rounds: one story, or reports a day apart at most
    that give the same figure (or one gives none). A round counts at its largest figure."""
    groups: list[list[EvidenceItem]] = []
    for item in sorted(fulfil, key=_order):
        home = next((g for g in groups if _same_round(g, item)), None)
        if home is None:
            groups.append([item])
        else:
            home.append(item)
    found = []
    for group in groups:
        figures = [e.quantity for e in group if e.quantity is not None]
        found.append(Round(min((e.date for e in group if e.date), default=None),
                           max(figures) if figures else None, tuple(group)))
    return found


def _same_round(group: list[EvidenceItem], item: EvidenceItem) -> bool:
    if any(e.story_id == item.story_id for e in group):
        return True
    for e in group:
        near = e.date is not None and item.date is not None and \
            abs((e.date - item.date).days) <= SAME_ROUND_DAYS
        if near and (e.quantity is None or item.quantity is None or e.quantity == item.quantity):
            return True
    return False


def fulfilled(found: Sequence[Round], totals: Sequence[EvidenceItem]) -> int | None:
    """The sum of the rounds, raised to the largest running total reported."""
    figures = [r.quantity for r in found if r.quantity is not None]
    reported = [e.quantity for e in totals if e.quantity is not None]
    if not figures and not reported:
        return None
    return max(sum(figures), max(reported, default=0))


def current_deadline(original: Deadline | None, known: Sequence[EvidenceItem]
                     ) -> Deadline | None:
    """The deadline after the last extension known (extensions give their new end)."""
    deadline = original
    for item in known:
        if item.kind == "extend" and item.deadline is not None:
            start = deadline.start if deadline else (item.date or item.deadline)
            kind = deadline.kind if deadline else "term"
            deadline = Deadline(item.note or "extended", start, item.deadline, kind)
    return deadline


def ending(known: Sequence[EvidenceItem]) -> EvidenceItem | None:
    """The report that ended the commitment: the first end or refusal since the last
    resumption, or None if it still runs."""
    ended = None
    for item in known:
        if item.kind == "resume":
            ended = None
        elif item.kind in ("end", "contradict") and ended is None:
            ended = item
    return ended


def _decide(c: TrackedCommitment, as_of: date, known: list[EvidenceItem], found: list[Round],
            done: int | None, deadline: Deadline | None, ended: EvidenceItem | None,
            ) -> tuple[str, list[dict[str, Any]]]:
    steps = [e for r in found for e in r.items]
    kept_on = _kept_on(c, known, found)
    if kept_on is not None and (ended is None or ended.date is None or kept_on <= ended.date):
        return "kept", [e.to_dict() for e in _deciding_steps(known, steps)]
    if ended is not None:
        later = [e for e in known if e.kind in ("end", "contradict") and e is not ended]
        return "broken", [e.to_dict() for e in (ended, *later)]
    progress = steps + [e for e in known if e.kind == "total"]
    if deadline and deadline.kind == DUE and deadline.end < as_of and not progress:
        passed = {"kind": "deadline", "text": deadline.text, "end": deadline.end.isoformat(),
                  "date": (deadline.end + timedelta(days=1)).isoformat()}
        return "overdue", [passed]
    if progress:
        return "partly kept", [e.to_dict() for e in progress]
    return "open", [e.to_dict() for e in known if e.kind == "source"]


def _kept_on(c: TrackedCommitment, known: list[EvidenceItem], found: list[Round]
             ) -> date | None:
    """The day the commitment was kept, if it was by the last evidence known."""
    complete = next((e for e in known if e.kind == "complete"), None)
    if complete is not None:
        return complete.date or date.min
    if c.kind in ONE_OFF_KINDS and found:
        return found[0].date or date.min
    if not c.quantity:
        return None
    running = 0
    for r in found:
        running += r.quantity or 0
        if running >= c.quantity:
            return r.date or date.min
    total = next((e for e in known if e.kind == "total" and (e.quantity or 0) >= c.quantity),
                 None)
    return (total.date or date.min) if total else None


def _deciding_steps(known: list[EvidenceItem], steps: list[EvidenceItem]
                    ) -> list[EvidenceItem]:
    chosen = steps + [e for e in known if e.kind == "complete"]
    return chosen or [e for e in known if e.kind == "total"]


def life(commitment: TrackedCommitment, as_of: date) -> list[dict[str, Any]]:
    """The commitment's timeline up to ``as_of``: every report in date order with the status
    and fulfilled quantity it left behind, and the day a due deadline passed."""
    known = sorted((e for e in commitment.evidence if e.date is None or e.date <= as_of),
                   key=_order)
    entries: list[dict[str, Any]] = []
    for number, item in enumerate(known):
        after = evaluate(commitment, item.date or as_of)
        label = "promise made" if number == 0 and item.kind == "source" else (
            item.note if item.kind == "end" and item.note else STEP_LABELS[item.kind])
        entries.append(item.to_dict() | {"label": label, "status": after.status,
                                         "fulfilled_quantity": after.fulfilled_quantity})
    judged = evaluate(commitment, as_of)
    deadline = judged.current_deadline
    if deadline and deadline.end < as_of:
        day = deadline.end + timedelta(days=1)
        after = evaluate(commitment, day)
        passed = "deadline passed" if deadline.kind == DUE else "term ended"
        entries.append({"kind": passed, "label": passed, "date": day.isoformat(),
                        "note": deadline.text, "deadline": deadline.end.isoformat(),
                        "status": after.status,
                        "fulfilled_quantity": after.fulfilled_quantity})
    return sorted(entries, key=lambda e: e.get("date") or "")


def _order(item: EvidenceItem) -> tuple[date, int]:
    return (item.date or date.min, EVIDENCE_KINDS.index(item.kind))


def _deadline_dict(deadline: Deadline | None) -> dict[str, Any]:
    return deadline.to_dict() if deadline else {"text": None, "start": None, "end": None,
                                                "kind": None}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None

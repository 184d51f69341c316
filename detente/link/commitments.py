"""Commitments: promises found in stories, and the later stories that keep or break them.

A story is a commitment when one of its mentions is an asserted AGREE, CONCEDE or
THREATEN, or any event reported as future ("will exchange proposals"), and says what was
promised in at least two plain words. Its kind (swap, proposals, aid, talks, ceasefire,
other) decides which later stories count as carrying it out; a REJECT by one of the
parties that speaks of the same thing breaks it.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta

from detente.link.deadlines import find_deadline
from detente.link.mentions import Mention
from detente.link.similarity import keywords, text_similarity
from detente.link.status import EvidenceItem, TrackedCommitment
from detente.link.stories import LinkedStory
from detente.model import content_id

PROMISE_TYPES = frozenset({"AGREE", "CONCEDE", "THREATEN"})
_PLAIN_WORD = re.compile(r"\b[a-z]{3,}\b")
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in (
        ("swap", r"\b(prisoner|pows?\b|captive|swap|detainee|bodies|release|free\b|freeing)"),
        ("proposals", r"\b(proposal|memorand|draft|document|roadmap|peace plan|terms)"),
        ("aid", r"\b(aid\b|deliver|supply|supplies|weapons|missiles|air defen[cs]e|funding|loan)"),
        ("talks", r"\b(talks|meet|meeting|negotiat|summit)"),
        ("ceasefire", r"\b(ceasefire|truce|halt|pause|moratorium|stop (?:strik|attack|fir))"),
    )
)
_RELEASE_WORDS = re.compile(r"\b(freed|released|exchanged|swapped|returned home|came home)\b",
                            re.IGNORECASE)
_HANDED_OVER = re.compile(r"\b(hand|handed|exchang|submit|present|deliver|sent|send|passed)",
                          re.IGNORECASE)
_CUMULATIVE = re.compile(
    r"\b(in total|so far|to date|altogether|total of|bringing the total|have now|has now|"
    r"of the [\d,]+)\b", re.IGNORECASE)
# the figure a cumulative phrase names: "bringing the total to 1,000", "1,000 so far"
_TOTAL_FIGURE = re.compile(
    r"\b(?:total (?:of|to)|totals?|of the)\s+([\d,]+)|"
    r"\b([\d,]+)\s+(?:[a-z]+\s+){0,3}(?:in total|so far|to date|altogether)\b", re.IGNORECASE)
MIN_SHARED_WORDS = 2
MIN_TEXT_SIMILARITY = 0.5
HORIZON_DAYS = 90  # evidence counts up to this long after the promise (or its deadline)


def find_commitments(stories: Sequence[LinkedStory]) -> list[TrackedCommitment]:
    """Every commitment in ``stories`` with its source, fulfilment and contradicting evidence."""
    index = _StoryIndex(stories)
    found = []
    for story, promise in _promises(stories):
        commitment = _commitment(story, promise)
        commitment.evidence.extend(_evidence(commitment, story, index))
        found.append(commitment)
    return found


def commitment_kind(what: str, mention: Mention) -> str:
    if mention.type == "AID":
        return "aid"
    for kind, pattern in _KINDS:
        if pattern.search(what):
            return kind
    return "other"


def is_promise(m: Mention) -> bool:
    """An asserted agreement, concession or threat, or anything said to be coming."""
    if not _informative(m.content):
        return False
    return (m.type in PROMISE_TYPES and m.modality == "asserted") or m.modality == "future"


def _informative(content: str | None) -> bool:
    return len(_PLAIN_WORD.findall(content or "")) >= MIN_SHARED_WORDS


def _promises(stories: Sequence[LinkedStory]) -> list[tuple[LinkedStory, Mention]]:
    """One promise per story, and one per sentence: the event whose trigger comes first."""
    chosen: dict[tuple[str, int], tuple[int, LinkedStory, Mention]] = {}
    for story in stories:
        candidates = [m for m in story.mentions if is_promise(m)]
        if not candidates:
            continue
        promise = min(candidates, key=lambda m: (m.day or date.max, -len(m.content or "")))
        key = (promise.article_id, promise.evidence_start)
        position = _trigger_position(promise)
        if key not in chosen or position < chosen[key][0]:
            chosen[key] = (position, story, promise)
    return [(story, promise) for _, story, promise in sorted(
        chosen.values(), key=lambda item: item[1].id)]


def _trigger_position(m: Mention) -> int:
    found = m.evidence.casefold().find(m.trigger.casefold()) if m.trigger else -1
    return found if found >= 0 else len(m.evidence)


def _commitment(story: LinkedStory, promise: Mention) -> TrackedCommitment:
    what = _best_content(story.mentions) or promise.content or promise.evidence
    persons = story.figures()["persons"].best
    made_on = promise.day
    return TrackedCommitment(
        id="c" + content_id(story.id, "commitment"), story_id=story.id,
        event_id=promise.event_id, article_id=promise.article_id,
        kind=commitment_kind(what, promise), parties=sorted(story.codes), what=what,
        quantity=persons, per_side=any(m.per_side for m in story.mentions if m.persons),
        made_on=made_on, deadline=find_deadline(promise.evidence, made_on),
    )


def _best_content(mentions: Iterable[Mention]) -> str | None:
    contents = [m.content for m in mentions if _informative(m.content)]
    return max(contents, key=lambda c: (len(_PLAIN_WORD.findall(c or "")), c)) if contents \
        else None


class _StoryIndex:
    """Stories by actor code in date order, so a commitment looks only at stories of its
    parties inside its horizon."""

    def __init__(self, stories: Sequence[LinkedStory]) -> None:
        by_code: dict[str, list[LinkedStory]] = defaultdict(list)
        for story in stories:
            if story.first_day is not None:
                for code in story.codes:
                    by_code[code].append(story)
        self.by_code = {code: sorted(found, key=_day_key) for code, found in by_code.items()}
        self.days = {code: [_day_key(s) for s in found] for code, found in self.by_code.items()}

    def of_parties(self, parties: Iterable[str], start: date, end: date) -> list[LinkedStory]:
        seen: dict[str, LinkedStory] = {}
        for code in parties:
            days = self.days.get(code, [])
            low = bisect.bisect_left(days, (start.toordinal(), ""))
            high = bisect.bisect_right(days, (end.toordinal(), "~"))
            seen.update((s.id, s) for s in self.by_code[code][low:high])
        return [seen[key] for key in sorted(seen)]


def _day_key(story: LinkedStory) -> tuple[int, str]:
    return ((story.first_day or date.min).toordinal(), story.id)


def _horizon(c: TrackedCommitment) -> tuple[date, date]:
    start = c.made_on or date.min
    end = start + timedelta(days=HORIZON_DAYS)
    if c.deadline and c.deadline.end + timedelta(days=HORIZON_DAYS) > end:
        end = c.deadline.end + timedelta(days=HORIZON_DAYS)
    return start, end


def _evidence(c: TrackedCommitment, story: LinkedStory, index: _StoryIndex,
              ) -> list[EvidenceItem]:
    items = [_item("source", m, story) for m in story.mentions]
    keeps = _FULFILLERS.get(c.kind, _same_kind(story.lead))
    for other in index.of_parties(c.parties, *_horizon(c)):
        if other.id == story.id:
            continue
        if keeps(other) and _about(c, other) and not _cumulative(other):
            items.extend(_item("fulfil", m, other, other.figures()["persons"].best)
                         for m in other.mentions)
        elif _refuses(other, c):
            items.extend(_item("contradict", m, other) for m in other.mentions)
    return items


def _about(c: TrackedCommitment, story: LinkedStory) -> bool:
    """Swaps and proposals are matched by kind; other kinds must also share the wording."""
    return c.kind in ("swap", "proposals") or _same_words(c.what, story)


def _same_words(what: str, story: LinkedStory) -> bool:
    promised = keywords(what)
    for m in story.mentions:
        said = keywords(f"{m.content or ''} {m.evidence}")
        if len(promised & said) >= MIN_SHARED_WORDS and \
                text_similarity(promised, said) >= MIN_TEXT_SIMILARITY:
            return True
    return False


def _item(kind: str, m: Mention, story: LinkedStory, quantity: int | None = None,
          ) -> EvidenceItem:
    return EvidenceItem(kind, m.event_id, story.id, m.article_id, quantity, story.first_day)


def _cumulative(story: LinkedStory) -> bool:
    counted = [m for m in story.mentions if m.persons]
    return bool(counted) and all(_is_running_total(m) for m in counted)


def _is_running_total(m: Mention) -> bool:
    """The mention's figure is a running total, not one round: "have now freed 1,000 in
    total" is; "freed 307, bringing the total to 1,000" is not (307 is the round)."""
    if not _CUMULATIVE.search(m.evidence):
        return False
    totals = {int(figure.replace(",", "")) for match in _TOTAL_FIGURE.finditer(m.evidence)
              for figure in match.groups() if figure and figure.replace(",", "").isdigit()}
    return not totals or m.persons in totals


def _asserted(story: LinkedStory) -> bool:
    return story.lead.modality == "asserted"


def _release(story: LinkedStory) -> bool:
    lead = story.lead
    if not _asserted(story) or lead.type != "RETREAT":
        return False
    return lead.mode == "release" or (lead.mode is None and bool(_RELEASE_WORDS.search(
        lead.evidence)))


def _handed_over(story: LinkedStory) -> bool:
    lead = story.lead
    return _asserted(story) and lead.type in ("CONSULT", "AGREE", "COOPERATE") and any(
        _KINDS[1][1].search(m.evidence) and _HANDED_OVER.search(m.evidence)
        for m in story.mentions)


def _of_type(kind: str, mode: str | None = None) -> Callable[[LinkedStory], bool]:
    def keeps(story: LinkedStory) -> bool:
        lead = story.lead
        return _asserted(story) and lead.type == kind and (mode is None or lead.mode == mode)
    return keeps


def _same_kind(promise: Mention) -> Callable[[LinkedStory], bool]:
    return _of_type(promise.type, promise.mode)


_FULFILLERS: dict[str, Callable[[LinkedStory], bool]] = {
    "swap": _release,
    "proposals": _handed_over,
    "aid": _of_type("AID"),
    "talks": _of_type("CONSULT"),
    "ceasefire": _of_type("RETREAT", "ceasefire"),
}


def _refuses(story: LinkedStory, c: TrackedCommitment) -> bool:
    """A REJECT that speaks of what was promised (two shared words and similar wording)."""
    return _asserted(story) and story.lead.type == "REJECT" and _same_words(c.what, story)

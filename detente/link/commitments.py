"""Commitments across the record: each promise once, with every report that names it and
every later step of its life.

Reports are read sentence by sentence in date order. A sentence whose event makes a promise
(``promises.is_promise``) either restates a known commitment (same kind and parties, and
the same article, days or deal named) or makes a new one. Any other sentence may name a
known deal ("the grain corridor deal", "the swap agreed in Istanbul last week") or carry
one out; it goes to the one commitment it fits best (kind, the deal's words and place,
parties, and for unnamed steps a horizon after the promise), as the step its words report:
carried out with a quantity, a running total, completed, extended, suspended or ended,
resumed, refused, or only mentioned.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from detente.link.deadlines import extended_deadline, find_deadline
from detente.link.mentions import Mention
from detente.link.promises import (
    DEFAULT_UNITS,
    PromiseJudge,
    commitment_kind,
    default_judge,
    is_extension,
    promise_clause,
    stated_what,
    text_kind,
)
from detente.link.similarity import keywords, text_similarity
from detente.link.status import EvidenceItem, TrackedCommitment, current_deadline
from detente.link.stories import LinkedStory
from detente.link.wording import (
    Reference,
    amounts,
    completes,
    end_reason,
    extends,
    find_references,
    is_running_total,
    resumes,
    running_totals,
)
from detente.model import content_id
from detente.types import types_where

# kinds whose steps, when they name no deal, must share the promise's wording
_WORDED_KINDS = frozenset({"aid", "ceasefire", "other"})
# kinds broad enough that one article or one week holds many different promises of them
# ("will send tanks", "pledged $500m"): a restatement must share the promise's wording
_BROAD_KINDS = frozenset({"aid", "other"})
HORIZON_DAYS = 90  # a step that names no deal counts this long after the promise or deadline
SAME_PROMISE_DAYS = 3  # two reports of one promise may date it this far apart
MIN_AFFINITY = 2
MIN_SHARED_WORDS = 2
MIN_TEXT_SIMILARITY = 0.5
_RELEASE_WORDS = re.compile(r"\b(freed|released|exchanged|swapped|returned|handed over|"
                            r"repatriated|came home|received)\b", re.IGNORECASE)
_HANDED_OVER = re.compile(r"\b(hand|handed|exchang|submit|present|deliver|sent|send|passed)",
                          re.IGNORECASE)
_PROPOSAL_WORDS = re.compile(r"\b(proposal|memorand|draft|document|roadmap|peace plan|terms)",
                             re.IGNORECASE)
_SAILED = re.compile(r"\b(sail(?:ed|s)?|left|leav(?:e|es|ing)|depart(?:ed|s)?|shipped|"
                     r"export(?:s|ed)?|load(?:ed)?|arriv(?:ed|es)|carr(?:ied|ying))\b",
                     re.IGNORECASE)
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{3,}\b")


@dataclass
class Sentence:
    """The events of one sentence of one article, read together."""

    article_id: str
    start: int
    text: str
    article_date: date | None
    mentions: list[Mention]

    @cached_property
    def day(self) -> date | None:
        stated = [m.exact_day for m in self.mentions if m.exact_day]
        return min(stated) if stated else self.article_date

    @cached_property
    def codes(self) -> frozenset[str]:
        return frozenset().union(*(m.codes for m in self.mentions))

    @cached_property
    def topic(self) -> str | None:
        """The kind of thing the sentence is about (bodies, swap, shipping, ...), if any."""
        return text_kind(self.text)

    @cached_property
    def refs(self) -> list[Reference]:
        return find_references(self.text)

    @cached_property
    def folded(self) -> str:
        return self.text.casefold()


@dataclass
class _Open:
    """A commitment being built, with what identifies it."""

    commitment: TrackedCommitment
    made_in: set[str]  # articles that report it being made
    words: set[str]  # the deal's own words and place names
    promise_type: str
    promise_mode: str | None

    @property
    def horizon(self) -> date:
        return _horizon_end(self.commitment)


def find_commitments(stories: Sequence[LinkedStory], judge: PromiseJudge | None = None,
                     ) -> list[TrackedCommitment]:
    """Every commitment in the linked record, each with all its reports and steps; ``judge``
    decides which events make one (default: ``promises.is_promise``'s)."""
    judge = judge or default_judge()
    story_of = {m.event_id: s.id for s in stories for m in s.mentions}
    book = _Book(story_of)
    for sentence in sentences(m for s in stories for m in s.mentions):
        promise = _promise_of(sentence, judge)
        if promise is not None:
            book.promise(sentence, promise, _best_what(sentence, promise, judge))
        else:
            book.step(sentence)
    return [o.commitment for o in book.open]


def sentences(mentions: Iterable[Mention]) -> list[Sentence]:
    """Mentions grouped by the sentence that reports them, in date order."""
    grouped: dict[tuple[str, int], list[Mention]] = {}
    for m in mentions:
        grouped.setdefault((m.article_id, m.evidence_start), []).append(m)
    found = [Sentence(a, s, ms[0].evidence, ms[0].article_date, sorted(ms, key=_trigger_at))
             for (a, s), ms in grouped.items()]
    return sorted(found, key=lambda s: (s.article_date or date.min, s.article_id, s.start))


def _promise_of(sentence: Sentence, judge: PromiseJudge) -> Mention | None:
    """The sentence's promise: its surest promising event (the first of equals), else None."""
    scored = [(judge.strength(m), -i, m) for i, m in enumerate(sentence.mentions)]
    best = max(scored, key=lambda item: item[:2], default=None)
    return best[2] if best is not None and best[0] >= judge.cut else None


def _trigger_at(m: Mention) -> int:
    found = m.evidence.casefold().find(m.trigger.casefold()) if m.trigger else -1
    return found if found >= 0 else len(m.evidence)


class _Book:
    """The commitments found so far, in the order they were made."""

    def __init__(self, story_of: dict[str, str]) -> None:
        self.story_of = story_of
        self.open: list[_Open] = []
        self.parties_in: dict[str, list[str]] = {}  # article -> parties of its last promise
        # indexes, so a sentence meets only the commitments it could be about
        self.by_kind: dict[str, list[_Open]] = defaultdict(list)
        self.by_word: dict[str, list[_Open]] = defaultdict(list)
        self.by_article: dict[str, list[_Open]] = defaultdict(list)

    def promise(self, sentence: Sentence, m: Mention, what: str) -> None:
        kind = commitment_kind(what, m)
        parties = sorted(m.codes) or sorted(sentence.codes) or \
            self.parties_in.get(m.article_id, [])
        self.parties_in[m.article_id] = parties
        known = self._restated(sentence, kind, parties, what)
        if known is not None:
            known.commitment.evidence.append(self._item("source", m, sentence))
            if m.article_id not in known.made_in:
                known.made_in.add(m.article_id)
                self.by_article[m.article_id].append(known)
            return
        self._add(self._new(sentence, m, what, kind, parties))

    def _add(self, entry: _Open) -> None:
        self.open.append(entry)
        self.by_kind[entry.commitment.kind].append(entry)
        for word in entry.words:
            self.by_word[word].append(entry)
        for article in entry.made_in:
            self.by_article[article].append(entry)

    def candidates(self, sentence: Sentence) -> list[_Open]:
        """The commitments a sentence could be about: of the kind it speaks of, or named by
        the deal it names (its kind or its words), or of kind "other" when it names none;
        newest first."""
        found: dict[int, _Open] = {}
        named = {r.kind for r in sentence.refs if r.kind}
        for kind in named:
            found.update((id(e), e) for e in self.by_kind.get(kind, ()))
        day = sentence.day or date.min
        topic = sentence.topic or "other"
        if topic not in named:  # a step that names no deal: only within the horizon
            found.update((id(e), e) for e in self.by_kind.get(topic, ()) if e.horizon >= day)
        for word in _stems(w for r in sentence.refs for w in r.words):
            found.update((id(e), e) for e in self.by_word.get(word, ()))
        return sorted(found.values(), key=lambda e: e.commitment.made_on or date.min,
                      reverse=True)

    def step(self, sentence: Sentence) -> None:
        if self._describes_making(sentence):
            return
        if not any(m.modality == "asserted" for m in sentence.mentions):
            return
        best: tuple[float, date, _Open, list[EvidenceItem]] | None = None
        for entry in self.candidates(sentence):
            score = affinity(entry, sentence)
            if score is None:
                continue
            items = self._steps(entry, sentence, names_it(entry, sentence))
            made = entry.commitment.made_on or date.min
            if items and (best is None or (score, made) > best[:2]):
                best = (score, made, entry, items)
        if best is not None:
            best[2].commitment.evidence.extend(best[3])

    def _describes_making(self, sentence: Sentence) -> bool:
        """A later sentence of an article that reports a promise being made, about the same
        kind of thing ("The swap is due to take place before the end of the month"), tells
        more of the promise, not its fulfilment: it adds a report and any deadline."""
        for entry in reversed(self.by_article.get(sentence.article_id, [])):
            c = entry.commitment
            if sentence.topic != c.kind:
                continue
            if any(m.exact_day and c.made_on and m.exact_day > c.made_on
                   for m in sentence.mentions):
                return False  # "... and on Friday the first 100 were freed": a step
            if c.deadline is None:
                c.deadline = find_deadline(sentence.text, c.made_on)
            c.evidence.append(self._item("source", sentence.mentions[0], sentence))
            return True
        return False

    def _new(self, sentence: Sentence, m: Mention, what: str, kind: str, parties: list[str],
             ) -> _Open:
        quantity, unit, per_side = _promised_amount(sentence, what, kind)
        made_on = m.day
        deadline = find_deadline(sentence.text, made_on)
        place = m.place_name or next((x.place_name for x in sentence.mentions if x.place_name),
                                     None)
        commitment = TrackedCommitment(
            id="c" + content_id(m.event_id, "commitment"), story_id=self._story(m),
            event_id=m.event_id, article_id=m.article_id, kind=kind, parties=parties,
            what=what, quantity=quantity, per_side=per_side, made_on=made_on,
            deadline=deadline, unit=unit, bound=sorted(set(m.sources) & set(parties))
            or parties, place=place, evidence=[self._item("source", m, sentence)])
        words = set(keywords(what)) | _stems(_CAPITALISED.findall(sentence.text))
        if place:
            words |= _stems([place])
        return _Open(commitment, {m.article_id}, words, m.type, m.mode)

    def _restated(self, sentence: Sentence, kind: str, parties: list[str], what: str,
                  ) -> _Open | None:
        """A known commitment this promise sentence reports again, or None if it is new."""
        refs = sentence.refs
        for entry in reversed(self.by_kind.get(kind, [])):
            c = entry.commitment
            if not _compatible(parties, c.parties):
                continue
            if kind in _BROAD_KINDS and not _same_words(c.what, what):
                continue
            if sentence.article_id in entry.made_in:
                return entry
            near = c.made_on is not None and sentence.day is not None and \
                abs((sentence.day - c.made_on).days) <= SAME_PROMISE_DAYS
            named = any(_reference_score(entry, r) >= MIN_AFFINITY + 1 for r in refs)
            if near or named:
                return entry
        return None

    def _steps(self, entry: _Open, sentence: Sentence, named: bool) -> list[EvidenceItem]:
        """What this sentence reports about ``entry``'s commitment, as evidence items."""
        c = entry.commitment
        asserted = [m for m in sentence.mentions if m.modality == "asserted"]
        ended = end_reason(sentence.text) if named else None  # "withdraw" alone is no end
        if ended is not None:
            actor = _actor(asserted, ended[1])
            by = tuple(sorted(set(actor.sources) & set(c.parties))) or tuple(sorted(actor.sources))
            return [self._item("end", actor, sentence, by=by, note=ended[0])]
        if resumes(sentence.text) and named:
            return [self._item("resume", asserted[0], sentence)]
        extension = next((m for m in asserted if is_extension(m)), None)
        if extension is not None or (named and extends(sentence.text)):
            return [self._extension(entry, extension or asserted[0], sentence)]
        refusal = next((m for m in asserted if _refuses(m, c)), None)
        if refusal is not None:
            return [self._item("contradict", refusal, sentence, by=tuple(refusal.sources))]
        if not named and c.kind in _WORDED_KINDS and not _same_words(c.what, sentence.text):
            return []  # "deliver 14 Leopard tanks" is not kept by any delivery of anything
        items = self._carried_out(entry, sentence, asserted)
        if items and completes(sentence.text):
            items.append(self._item("complete", items[0].event_id, sentence))
        if not items and named:
            items = [self._item("mention", asserted[0], sentence)]
        return items

    def _carried_out(self, entry: _Open, sentence: Sentence, asserted: list[Mention]
                     ) -> list[EvidenceItem]:
        c = entry.commitment
        items = []
        totals = running_totals(sentence.text)
        for m in asserted:
            if not _carries_out(entry, m, sentence):
                continue
            givers = _givers(m, c)
            if givers and not set(givers) & set(c.bound):
                continue  # the other side's step: not this promise being kept
            figure = _figure(m, sentence, c)
            kind = "total" if is_running_total(sentence.text, figure) else "fulfil"
            items.append(self._item(kind, m, sentence, quantity=figure, unit=c.unit,
                                    by=tuple(givers)))
        if totals and not any(i.kind == "total" for i in items) and items:
            unit_total = max(totals)
            items.append(self._item("total", items[0].event_id, sentence, quantity=unit_total,
                                    unit=c.unit))
        return _one_per_event(items)

    def _extension(self, entry: _Open, m: Mention, sentence: Sentence) -> EvidenceItem:
        c = entry.commitment
        day = sentence.day or date.min
        before = current_deadline(c.deadline, [e for e in c.evidence if e.kind == "extend"])
        moved = extended_deadline(sentence.text, before, day)
        return self._item("extend", m, sentence, by=tuple(sorted(set(m.sources) & set(c.parties))),
                          deadline=moved.end if moved else None,
                          note=moved.text if moved else "extended")

    def _item(self, kind: str, m: Mention | str, sentence: Sentence, **fields: object,
              ) -> EvidenceItem:
        event_id = m if isinstance(m, str) else m.event_id
        day = sentence.day if isinstance(m, str) else (m.exact_day or sentence.day)
        return EvidenceItem(kind, event_id, self.story_of.get(event_id, ""),
                            sentence.article_id, date=day, **fields)  # type: ignore[arg-type]

    def _story(self, m: Mention) -> str:
        return self.story_of.get(m.event_id, "")


def affinity(entry: _Open, sentence: Sentence) -> float | None:
    """How well a sentence fits a known commitment, or None if it cannot be about it: a
    sentence before the promise, about another kind of thing, by other parties, or (naming
    no deal) past the commitment's horizon."""
    c = entry.commitment
    day = sentence.day
    if c.made_on is None or day is None or day < c.made_on:
        return None
    named = max((_reference_score(entry, r, sentence.article_date) for r in sentence.refs),
                default=0)
    topic = sentence.topic
    if topic is not None and topic != c.kind and named < MIN_AFFINITY + 1:
        return None
    codes = sentence.codes
    if codes and c.parties and not codes & set(c.parties) and named < MIN_AFFINITY + 1:
        return None
    placed = c.place is not None and c.place.casefold() in sentence.folded
    unnamed = named < MIN_AFFINITY  # a step that names no deal: soon after, by its parties
    if unnamed and (day > _horizon_end(c) or not (codes & set(c.parties) or placed)):
        return None
    score = named + (2 if topic == c.kind else 0) + (1 if codes & set(c.parties) else 0)
    return score + placed if score + placed >= MIN_AFFINITY else None


def names_it(entry: _Open, sentence: Sentence) -> bool:
    """Whether the sentence names this very deal ("the Geneva grain agreement")."""
    return any(_reference_score(entry, r, sentence.article_date) >= MIN_AFFINITY
               for r in sentence.refs)


def _reference_score(entry: _Open, ref: Reference, today: date | None = None) -> float:
    """How surely a deal named in a sentence is ``entry``'s: its kind and its own words
    ("grain", "Geneva"), and no time named that rules it out ("last week")."""
    c = entry.commitment
    if ref.kind is not None and ref.kind != c.kind:
        return 0
    if ref.time and today and c.made_on and not _time_fits(ref.time, c.made_on, today):
        return 0
    return (2 if ref.kind == c.kind else 0) + len(_stems(ref.words) & entry.words)


def _stems(words: Iterable[str]) -> set[str]:
    """Words cut as ``similarity.keywords`` cuts them, so "Geneva" meets "geneva"."""
    return {w.casefold()[:5] for w in words}


def _time_fits(when: str, made_on: date, today: date) -> bool:
    """"last week", "last month", "this month", "in May": does ``made_on`` fall in it?"""
    if "week" in when:
        return (today - made_on).days <= 14
    if "month" in when:
        back = 1 if "last" in when or "previous" in when else 0
        month = (today.replace(day=1) - timedelta(days=1)) if back else today
        return (made_on.year, made_on.month) == (month.year, month.month) or \
            (today - made_on).days <= 45
    if "year" in when:
        return (today - made_on).days <= 400
    named = when.split()[-1]
    return made_on.strftime("%B").casefold() == named


def _horizon_end(c: TrackedCommitment) -> date:
    start = c.made_on or date.min
    end = c.deadline.end if c.deadline else start
    return max(start, end) + timedelta(days=HORIZON_DAYS)


def _compatible(a: Sequence[str], b: Sequence[str]) -> bool:
    return not a or not b or bool(set(a) & set(b))


def _best_what(sentence: Sentence, m: Mention, judge: PromiseJudge) -> str:
    """The sentence's fullest statement of what is promised (several of its events may
    state the same promise: "agreed ... to return the bodies of 6,000 soldiers")."""
    stated = [w for x in sentence.mentions if (x is m or judge(x)) and (w := stated_what(x))]
    return max(stated, key=len) if stated else promise_clause(m)


def _promised_amount(sentence: Sentence, what: str, kind: str
                     ) -> tuple[int | None, str | None, bool]:
    """The number promised, its unit, and whether it is per side."""
    counted = [m for m in sentence.mentions if m.persons and m.modality != "negated"]
    if counted and kind in ("swap", "bodies"):
        return counted[0].persons, DEFAULT_UNITS[kind], counted[0].per_side
    found = amounts(what)
    if found:
        preferred = DEFAULT_UNITS.get(kind)
        chosen = next((a for a in found if a.unit == preferred), found[0])
        return chosen.value, chosen.unit, False
    return None, DEFAULT_UNITS.get(kind), False


def _carries_out(entry: _Open, m: Mention, sentence: Sentence) -> bool:
    """Does this asserted event carry out a commitment of ``entry``'s kind? (Which types
    can carry out which kinds is the type profile's ``carries_out``.)"""
    kind = entry.commitment.kind
    if kind == "shipping":
        return bool(_SAILED.search(sentence.text)) and any(
            a.unit in ("tonnes", "ships") for a in amounts(sentence.text))
    if kind == "other":
        return m.type == entry.promise_type and m.mode == entry.promise_mode
    if m.type not in types_where("carries_out", kind):
        return False
    if kind in ("swap", "bodies"):
        return m.mode == "release" or (
            m.mode is None and bool(_RELEASE_WORDS.search(m.evidence)))
    if kind == "proposals":
        return bool(_PROPOSAL_WORDS.search(m.evidence)) and bool(_HANDED_OVER.search(m.evidence))
    if kind == "talks":  # talks between the parties: all of them take part
        return set(entry.commitment.parties) <= m.codes
    if kind == "ceasefire":
        return m.mode == "ceasefire"
    return True  # aid: any aid delivered


def _givers(m: Mention, c: TrackedCommitment) -> list[str]:
    """Who carried the step out: the event's source, or for "Ukraine received the bodies"
    the other parties."""
    sources = [code for code in m.sources if code in c.parties] or list(m.sources)
    if m.trigger.casefold().startswith("receiv"):
        return [p for p in c.parties if p not in sources] if sources else []
    return sources


def _figure(m: Mention, sentence: Sentence, c: TrackedCommitment) -> int | None:
    """How much this step carried out, in the commitment's unit."""
    if c.kind in ("swap", "bodies") and m.persons:
        return m.persons
    found = [a for a in amounts(sentence.text) if a.unit == c.unit] if c.unit else []
    return max((a.value for a in found), default=None) if found else (
        m.persons if c.unit in (None, "prisoners", "bodies") else None)


def _actor(asserted: list[Mention], phrase: str) -> Mention:
    """The event whose trigger is (or sits in) the ending phrase, else the first with actors."""
    for m in asserted:
        if m.trigger and m.trigger.casefold() in phrase.casefold():
            return m
    return next((m for m in asserted if m.sources), asserted[0])


def _refuses(m: Mention, c: TrackedCommitment) -> bool:
    """A refusal that speaks of what was promised."""
    return m.type in types_where("process", "rejection") and _same_words(
        c.what, f"{m.content or ''} {m.evidence}")


def _same_words(what: str, said: str) -> bool:
    """Two shared content words and similar wording."""
    promised, words = keywords(what), keywords(said)
    return len(promised & words) >= MIN_SHARED_WORDS and \
        text_similarity(promised, words) >= MIN_TEXT_SIMILARITY


def _one_per_event(items: list[EvidenceItem]) -> list[EvidenceItem]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for item in items:
        if (item.event_id, item.kind) not in seen:
            seen.add((item.event_id, item.kind))
            kept.append(item)
    return kept


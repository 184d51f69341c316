"""The components after the rules: the rules' own confidence, the decision (the trained layer
or, without one, every live candidate), and the steps that turn the chosen candidates of a
sentence into events (what each is about, whether it only mentions an earlier event again,
the place of the scene it belongs to) and its running totals into statistics."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from detente.extract.base import ArticleContext, Component, SentenceUnit, register
from detente.extract.commands import command_of, command_text
from detente.extract.decision import Carrier, DecisionModel, choose_carriers
from detente.extract.decision_features import sentence_features
from detente.extract.draft import Draft
from detente.extract.language import vocab
from detente.extract.phrases import is_infinitive
from detente.extract.quantities import CountMention
from detente.extract.roles import RoleReader
from detente.model import Claim, Event, Evidence, Statistic, content_id
from detente.types import types_where


@register("confidence", requires=("drafts",), assigns=("draft.confidence",))
class RuleConfidence(Component):
    """How sure the rules are of each candidate: more for named actors, a place, a verb and
    numbers (the confidence of an event when no trained layer decides)."""

    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        for draft in unit.drafts:
            draft.confidence = rule_confidence(draft)


def rule_confidence(draft: Draft) -> float:
    score = 0.45
    score += 0.2 if draft.source else 0.0
    score += 0.1 if draft.target else 0.0
    score += 0.1 if draft.location and not draft.location_from_clause else 0.0
    score += 0.05 if draft.token.pos_ == "VERB" else 0.0
    score += 0.05 if not draft.quantities.is_empty() else 0.0
    return round(min(score, 0.95), 2)


def unit_features(unit: SentenceUnit) -> set[str]:
    """What the trained layer reads of a sentence after the rules."""
    counts = unit.counts
    return sentence_features(unit.sentence, unit.drafts, unit.context, len(counts),
                             sum(1 for c in counts if c.cumulative))


def decide_carriers(unit: SentenceUnit, decision: DecisionModel | None,
                    threshold: float) -> list[Carrier]:
    """The events one sentence reports: the model's choice, or without a model every live
    candidate with the rules' confidence."""
    if decision is None:
        return [Carrier(d, d.type, d.confidence) for d in unit.drafts if not d.suppressed]
    return choose_carriers(unit.drafts, decision.types.probabilities(unit_features(unit)),
                           threshold)


@register("decide", requires=("drafts", "draft.confidence", "counts"), assigns=("carriers",))
class Decide(Component):
    """The trained decision layer: one event per type it gives at least the threshold,
    carried by the rules' best candidate of that type (without a model: every candidate)."""

    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        unit.carriers = decide_carriers(unit, self.resources.decision, self.resources.threshold)


@register("refers-back", requires=("carriers",), assigns=("carriers",))
class RefersBack(Component):
    """"The attack came a day after the talks": a definite event noun that adds no actor,
    place or number, after the article has reported an event of its type, is that event
    mentioned again, not a second one."""

    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        reported = {e.type for e in article.events}
        kept = []
        for carrier in unit.carriers:
            if carrier.draft.type == carrier.type and _refers_back(carrier.draft, reported):
                continue
            kept.append(carrier)
            reported.add(carrier.type)
        unit.carriers = kept


def _refers_back(draft: Draft, reported: set[str]) -> bool:
    token = draft.token
    if token.pos_ != "NOUN" or not any(
            c.dep_ == "det" and c.lower_ in vocab().back_references for c in token.children):
        return False
    named = [a for a in (*draft.source, *draft.target) if not a.implied]
    placed = draft.location is not None and not draft.location_from_clause
    if named or placed or not draft.quantities.is_empty():
        return False
    return draft.type in reported


@register("content", requires=("carriers",), assigns=("carriers", "carrier.content"))
class Content(Component):
    """What an agreement, demand, promise or refusal is about, as written."""

    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        unit.carriers = [replace(c, content=content_of(c.draft, c.type)) for c in unit.carriers]


_CONTENT_DEPS = ("xcomp", "ccomp", "acl", "dobj")


def content_of(draft: Draft, kind: str) -> str | None:
    token = draft.token
    if draft.embedded_in is not None and draft.modality == "future":
        return _span_text(token)
    if kind not in types_where("content"):
        return None
    command = command_of(token)
    if command is not None:  # "'Free the hostages,' the mediator told the rebels"
        return command_text(command, token)
    # what is agreed or demanded follows the word that says so; a dateline before it is not
    following = [c for c in token.children if c.i > token.i]
    for child in following:
        if child.dep_ in _CONTENT_DEPS or (child.dep_ == "advcl" and is_infinitive(child)):
            return _span_text(child)
    for child in following:
        if child.dep_ == "prep" and child.lower_ in vocab().content_preps and not _is_when(child):
            return _span_text(child)
    return None


def _is_when(prep: Token) -> bool:
    """"on Monday": a time, not what was offered."""
    return any(c.ent_type_ in ("DATE", "TIME") for c in prep.children)


def _span_text(token: Token) -> str:
    return token.doc[token.left_edge.i: token.right_edge.i + 1].text


@register("events", requires=("carriers", "carrier.content"), assigns=("events",))
class Events(Component):
    """The chosen candidates as events of the article, each with the sentence as evidence."""

    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        unit.events = [to_event(c, unit, article.article.id) for c in unit.carriers]


def to_event(carrier: Carrier, unit: SentenceUnit, article_id: str) -> Event:
    draft = carrier.draft
    return Event(
        article_id=article_id,
        type=carrier.type,
        mode=carrier.mode,
        modality=draft.modality,
        trigger=draft.token.text,
        source=draft.source,
        target=draft.target,
        location=draft.location,
        date=draft.date,
        quantities=draft.quantities,
        claimed_by=draft.claimed_by,
        evidence=_evidence(unit),
        confidence=round(carrier.confidence, 3),
        content=carrier.content,
        id=content_id(article_id, carrier.type, _evidence(unit).start + draft.token.idx,
                      prefix="e"),
    )


def _evidence(unit: SentenceUnit) -> Evidence:
    assert unit.evidence is not None  # set by SentenceUnit itself
    return unit.evidence


INHERIT_WITHIN_CHARS = 600  # about three sentences: the same scene, not the same article


@register("inherit-location", requires=("events",),
          assigns=("event.location", "event.confidence"))
class InheritLocation(Component):
    """An unlocated, asserted physical event is placed where the latest located one a few
    sentences before was ("... in Marjeh district, Helmand province. The force detained two
    more ..."); further away, a commentary's events would all land in its first place."""

    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        for index, event in enumerate(unit.events):
            _inherit_location(event, [*article.events, *unit.events[:index]])


def _inherit_location(event: Event, earlier: list[Event]) -> None:
    located = types_where("located")
    if event.location is not None or event.type not in located or \
            event.modality != "asserted":
        return
    for previous in reversed(earlier):
        if event.evidence.start - previous.evidence.end > INHERIT_WITHIN_CHARS:
            return
        if previous.location is not None and previous.type in located and (
                previous.location.admin1 or previous.location.geonameid):
            event.location = previous.location
            event.confidence = round(max(0.1, event.confidence - 0.1), 2)
            return


@register("sentence-claim", requires=("counts",), assigns=("claim", "article.memory"))
class SentenceClaim(Component):
    """Who a sentence with a running total quotes: the subject of its reporting verb
    ("..., the ministry said")."""

    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        if any(c.cumulative for c in unit.counts):
            unit.claim = sentence_claim(unit, article.roles or self.resources.role_reader())


def sentence_claim(unit: SentenceUnit, roles: RoleReader) -> Claim | None:
    root = unit.sentence.root
    if root.lemma_.lower() in vocab().statement_verbs:
        for child in root.children:
            if child.dep_ == "nsubj":
                actors = roles.actors_of(child, root)
                return Claim(child.text, actors[0].code if actors else None)
    return None


@register("statistics", requires=("counts", "claim"), assigns=("statistics",))
class Statistics(Component):
    """Running totals ("12,000 civilians killed since the war began") as statistics, not
    events."""

    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        unit.statistics = [
            Statistic(article_id=article.article.id, kind=count.kind, value=count.value,
                      evidence=_evidence(unit),
                      qualifier=count.qualifier, subject=_subject_word(count),
                      claimed_by=unit.claim)
            for count in unit.counts if count.cumulative]


def _subject_word(count: CountMention) -> str | None:
    persons = vocab().person_nouns
    for token in (count.noun, count.anchor):
        for child in token.children:
            is_modifier = child.dep_ in ("amod", "compound")
            if is_modifier and child.lemma_.lower() in persons:
                return child.lemma_.lower()
        if token.lemma_.lower() in persons:
            return token.lemma_.lower()
    return None

"""The rule components: they read one parsed sentence and propose candidate events (drafts)
with their actors, modality, numbers, place, date and claimant. Each is registered by name
with what it reads and writes (``base.register``); the Extractor builds its pipeline from a
list of these names."""

from __future__ import annotations

from spacy.tokens import Token

from detente.extract import claims, dating, locations, quantities, tolls
from detente.extract.base import ArticleContext, Component, Resources, SentenceUnit, register
from detente.extract.draft import Draft
from detente.extract.language import vocab
from detente.extract.lexicon import TriggerLexicon
from detente.extract.modality import (
    ancestors,
    assign_modality,
    mark_embedding,
    retype_preparations,
    suppress_time_anchors,
)
from detente.extract.recipients import domestic_roles, implied_recipient
from detente.extract.triggers import find_triggers
from detente.model import Actor
from detente.resolve import Gazetteer
from detente.types import profile, types_where


@register("triggers", requires=("sentence",), assigns=("drafts",))
class Triggers(Component):
    def __init__(self, resources: Resources) -> None:
        super().__init__(resources)
        self.lexicon = resources.language.triggers
        self.places = resources.gazetteer

    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        unit.drafts = find_triggers(unit.sentence, self.lexicon, self.places)


@register("embedding", requires=("drafts",),
          assigns=("draft.suppressed", "draft.embedded_in", "draft.type", "draft.mode",
                   "draft.source"))
class Embedding(Component):
    def __init__(self, resources: Resources) -> None:
        super().__init__(resources)
        self.lexicon = resources.language.triggers

    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        mark_embedding(unit.drafts, self.lexicon)
        suppress_time_anchors(unit.drafts)
        retype_preparations(unit.drafts, self.lexicon)


@register("roles", requires=("drafts",),
          assigns=("draft.source", "draft.target", "article.memory"))
class Roles(Component):
    """Who did what to whom; the article's pronoun memory learns the actors named."""

    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        roles = article.roles or self.resources.role_reader()
        for draft in unit.drafts:
            roles.assign(draft)


@register("merge", requires=("drafts", "draft.source"),
          assigns=("draft.merged", "draft.mode", "draft.source", "draft.target",
                   "draft.suppressed"))
class MergeSameType(Component):
    """"A drone attack that killed one civilian", "met in Vienna under EU mediation":
    a trigger governed by another of the same type is one event with it, not two."""


    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        live = [d for d in unit.drafts if not d.suppressed]
        for draft in live:
            twins = [d for d in live if d.type == draft.type and _modes_agree(d, draft)]
            host = _governing_twin(draft, twins)
            if host is not None:
                host.merged.append(draft.token)
                host.mode = host.mode or draft.mode
                host.target = host.target or draft.target
                host.source = host.source or draft.source
                draft.suppressed = True


def _modes_agree(first: Draft, second: Draft) -> bool:
    """"confiscated weapons and detained two men" are two acts: seizure and arrest. ASSAULT
    modes only describe the weapon, so an assault's parts merge whatever their modes."""
    return first.type in types_where("mode_is_means") or None in (first.mode, second.mode) or (
        first.mode == second.mode)


def _governing_twin(draft: Draft, twins: list[Draft]) -> Draft | None:
    ids = {d.token.i: d for d in twins if d is not draft and not d.suppressed}
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in draft.token.children)
    for child, governor in ancestors(draft.token):
        if child.dep_ in ("ccomp", "parataxis") or (
                child.dep_ == "conj" and own_subject and not _same_toll(child, governor)):
            return None
        if governor.i in ids:
            return ids[governor.i]
    for other in ids.values():  # "the strike on Sumy killed nine": the noun is the subject
        if other.token.head.i == draft.token.i and other.token.dep_ in ("nsubj", "nsubjpass"):
            return other
    return None


def _same_toll(second: Token, first: Token) -> bool:
    """"Three were killed and five were wounded": the dead and the hurt of one attack, unless
    the second clause has a place or time of its own ("... and five wounded in Sumy")."""
    if quantities.casualty_kind(second) is None or quantities.casualty_kind(first) is None:
        return False
    return not any(c.dep_ in ("prep", "npadvmod") for c in second.children)


@register("modality", requires=("drafts", "draft.embedded_in"),
          assigns=("draft.modality", "draft.type", "draft.mode"))
class Modality(Component):
    def __init__(self, resources: Resources) -> None:
        super().__init__(resources)
        self.lexicon = resources.language.triggers

    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        for draft in unit.drafts:
            assign_modality(draft, self.lexicon)
            _truce_not_reached(draft, self.lexicon)


def _truce_not_reached(draft: Draft, lexicon: TriggerLexicon) -> None:
    """"talks ended without a ceasefire", "no truce": a ceasefire is agreed before it is kept,
    so one that did not come about is an agreement not reached, as "failed to agree on a
    truce" is, not a ceasefire denied."""
    truce = lexicon.construction("denied_truce")
    if (draft.type == truce.type and draft.mode == truce.mode and draft.modality == "negated"
            and draft.token.pos_ == "NOUN"):
        agreement = lexicon.construction("truce_not_reached")
        draft.type, draft.mode = agreement.type, agreement.mode


@register("counts", requires=("drafts", "draft.merged"),
          assigns=("counts", "drafts", "draft.quantities", "draft.suppressed"))
class Counts(Component):
    """Head counts, the event each belongs to, and an attack for a toll that names none."""

    def __init__(self, resources: Resources) -> None:
        super().__init__(resources)
        self.lexicon = resources.language.triggers

    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        unit.counts = quantities.find_counts(unit.sentence)
        _add_casualty_event(unit, self.lexicon)
        tolls.attach_counts(unit.drafts, unit.counts)
        tolls.add_singulars(unit.drafts)
        cumulative_anchors = {c.anchor.i for c in unit.counts if c.cumulative}
        for draft in unit.drafts:  # "the war has killed 12,000": a statistic, not an event
            if draft.token.i in cumulative_anchors and draft.quantities.is_empty():
                draft.suppressed = True


def _add_casualty_event(unit: SentenceUnit, lexicon: TriggerLexicon) -> None:
    """"One KIA, two WIA in Donbas", "Civilian casualties in Kherson": a toll or a headline
    about casualties with no attack word still reports violence."""
    live = [d for d in unit.drafts if d.type in types_where("attack") and not d.suppressed]
    if live:
        return
    tolls = [c for c in unit.counts if c.kind in ("killed", "injured") and not c.cumulative]
    anchor = tolls[0].anchor if tolls else quantities.casualty_headline(unit.sentence)
    if anchor is not None:
        report = lexicon.construction("casualty_report")
        unit.drafts.append(Draft(unit.sentence, anchor, report.type, report.mode))


@register("places", requires=("drafts", "draft.source"),
          assigns=("draft.location", "draft.location_from_clause"))
class Places(Component):
    def __init__(self, resources: Resources) -> None:
        super().__init__(resources)
        self.gazetteer, self.actors = resources.gazetteer, resources.actors

    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        locations.find_places(unit.drafts, self.gazetteer, self.actors)


@register("actor-countries", requires=("draft.location",),
          assigns=("draft.source", "draft.target"))
class ActorCountries(Component):
    """"Demonstrators in Baghdad", "authorities" in a strike on Dili: an actor named only by
    its role takes the country of the place its phrase or its event names."""

    def __init__(self, resources: Resources) -> None:
        super().__init__(resources)
        self.gazetteer = resources.gazetteer

    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        for draft in unit.drafts:
            fallback = draft.location.country if draft.location else None
            draft.source = [self._locate(a, fallback) for a in draft.source]
            draft.target = [self._locate(a, fallback) for a in draft.target]

    def _locate(self, actor: Actor, fallback: str | None) -> Actor:
        if actor.code or not actor.sector:
            return actor
        country = _country_in_phrase(actor.text, self.gazetteer) or fallback
        if country is None:
            return actor
        return Actor(text=actor.text, name=actor.name, code=country, sector=actor.sector)


def _country_in_phrase(text: str, gazetteer: Gazetteer) -> str | None:
    for prep in (" in ", " from ", " at "):
        if prep in text:
            place = gazetteer.resolve(text.split(prep, 1)[1].strip())
            if place is not None and place.country:
                return place.country
    return None


@register("dates", requires=("drafts", "published"), assigns=("draft.date",))
class Dates(Component):

    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        for draft in unit.drafts:
            if not draft.suppressed:
                dating.find_date(draft, unit.published)


@register("claims", requires=("drafts",), assigns=("draft.claimed_by", "article.memory"))
class Claims(Component):
    def __init__(self, resources: Resources) -> None:
        super().__init__(resources)
        self.speech = resources.language.triggers.embedding.get("speech", frozenset())

    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        roles = article.roles or self.resources.role_reader()
        for draft in unit.drafts:
            if not draft.suppressed:
                claims.find_claim(draft, roles, self.speech)


@register("recipients", requires=("draft.source", "draft.target", "draft.location"),
          assigns=("draft.source", "draft.target"))
class Recipients(Component):
    """Once the place is known: role-only actors take their state (``domestic_roles``) and an
    event that names no recipient gets the implied one (``implied_recipient``)."""

    def __init__(self, resources: Resources) -> None:
        super().__init__(resources)
        self.actors = resources.actors

    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        if not unit.drafts:
            return
        named = frozenset(self.actors.states_named(unit.sentence.text))
        for draft in unit.drafts:
            domestic_roles(draft, named)
            draft.target = draft.target or implied_recipient(draft, named)


@register("modes", requires=("drafts", "draft.location"), assigns=("draft.mode",))
class Modes(Component):
    """Modes read from the trigger's phrase ("drone attack") or the setting (talks abroad)."""

    def __init__(self, resources: Resources) -> None:
        super().__init__(resources)
        self.lexicon = resources.language.triggers

    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        for draft in unit.drafts:
            draft.mode = self._refined_mode(draft)
            if draft.type in types_where("mode_from_content") and draft.mode is None:
                draft.mode = _threat_content(draft, unit.drafts)
            if draft.mode == "third-party" and draft.token.lemma_.lower() in vocab().mediating:
                draft.mode = _mediator_mode(draft.source) or draft.mode
            if draft.mode is None and profile(draft.type).abroad_mode and _abroad(draft):
                draft.mode = profile(draft.type).abroad_mode


    def _refined_mode(self, draft: Draft) -> str | None:
        """The phrase's means is more specific than the word's default ("roadside bombing"),
        but never replaces what the act was ("gunmen abducted" stays abduct)."""
        means = self._mode_from_phrase(draft)
        if means is None:
            return draft.mode
        if draft.mode is None or draft.mode in self.lexicon.modes.get(draft.type, {}).values():
            return means
        return draft.mode

    def _mode_from_phrase(self, draft: Draft) -> str | None:
        words = self.lexicon.modes.get(draft.type, {})
        for token in draft.tokens:
            for child in token.subtree:
                if abs(child.i - token.i) <= 6:
                    mode = words.get(child.lemma_.lower()) or words.get(child.lower_)
                    if mode:
                        return mode
        return None




def _threat_content(threat: Draft, drafts: list[Draft]) -> str | None:
    """"threatened to launch an offensive": the mode of a threat is its content's kind."""
    for content in drafts:
        if content.embedded_in is not None and content.embedded_in.i == threat.token.i:
            return (vocab().threat_submodes.get(content.mode or "")
                    or profile(content.type).threat_mode)
    return None




def _mediator_mode(mediators: list[Actor]) -> str | None:
    """"Qatar mediated between ...": the mediator is the actor and hosts the parties
    (PLOVER "host"); an organisation of states mediating makes the talks "multilateral"."""
    if any(a.code and a.code.startswith("IGO") for a in mediators):
        return "multilateral"
    return "host" if mediators else None


def _abroad(draft: Draft) -> bool:
    place = draft.location
    codes = {a.code for a in draft.source + draft.target if a.code}
    return bool(place and place.country and len(codes) >= 2 and place.country not in codes)

"""Where an event happened: the place attached to its trigger, else the clause's best place,
else the home division of an actor the sentence names ("DPR militiamen killed")."""

from __future__ import annotations

from spacy.tokens import Span

from detente.extract.draft import Draft
from detente.extract.event_places import (
    is_attacker,
    modifier_place,
    rubric_place,
    setting_place,
    subject_place,
    victims_home,
)
from detente.extract.language import vocab
from detente.extract.place_context import PlaceContext
from detente.extract.place_lookup import attached_place, is_broad, place_of, with_division
from detente.extract.place_names import bare_name, is_name
from detente.extract.quantities import clause_of
from detente.model import Place
from detente.resolve import ActorResolver, Gazetteer
from detente.types import profile, types_where

# Events that happen somewhere on the ground (as opposed to statements and decisions).
_SPECIFICITY = {"city": 3, "admin1": 2, "country": 1}
# an unknown town name the tagger took for an adverb: "shelled Toretsk again"
_MISTAGGED_OBJECT = frozenset({"advmod", "npadvmod"})


def find_places(drafts: list[Draft], gazetteer: Gazetteer, actors: ActorResolver) -> None:
    """find_place for the events of one sentence, which share its lookups."""
    ctx: PlaceContext | None = None
    for draft in drafts:
        if not draft.suppressed:
            ctx = ctx or PlaceContext(draft.sentence, gazetteer, actors)
            find_place(draft, ctx)


def find_place(draft: Draft, ctx: PlaceContext) -> None:
    """The place attached to the trigger or its verb; else the most specific place in the
    clause; else, for physical events, the home division of an actor in the sentence."""
    physical = draft.type in types_where("located")
    place = _attached_to_event(draft, ctx, physical)
    from_clause = False
    if place is None:
        candidates = [p for p in _sentence_places(draft.sentence, ctx) if p is not None]
        place = max(candidates, key=lambda p: _specificity(p, ctx.gazetteer), default=None)
        from_clause = place is not None
    if physical and (place is None or place.admin1 is None):
        home = ctx.home or rubric_place(draft.sentence, ctx)
        if home is not None and (place is None or place.country in (None, home.country)):
            place, from_clause = home, True
    draft.location = place
    draft.location_from_clause = from_clause


def _strikes_its_object(draft: Draft) -> bool:
    """An attack or a seizure happens where its object is: a town shelled or taken."""
    kind = profile(draft.type)
    return kind.attack or draft.mode in kind.seize_modes


def _attached_to_event(draft: Draft, ctx: PlaceContext, physical: bool) -> Place | None:
    w = vocab()
    preps = w.place_preps | w.motion_preps if physical or draft.mode == "visit" else w.place_preps
    arguments = [c for t in draft.tokens for c in t.children
                 if c.dep_ in ("dobj", "nsubjpass", "nsubj", "attr")
                 or (c.dep_ in _MISTAGGED_OBJECT and is_name(c))]
    attack = draft.type in types_where("attack")
    if attack:  # "Donetsk shelling leaves three dead": the clause's subject
        arguments += [c for t in draft.tokens for c in clause_of(t).children
                      if c.dep_ == "nsubj" and c not in arguments]
    broad: Place | None = None
    for token in (*draft.tokens, draft.governor(), *arguments):
        place = attached_place(token, ctx, preps)
        if place is None and not is_attacker(token):
            place = modifier_place(token, ctx)
        if place is None and _strikes_its_object(draft) and (
                token.dep_ in ("dobj", "nsubjpass") or token.dep_ in _MISTAGGED_OBJECT):
            place = place_of(token, ctx)  # "shelled Horlivka", "captured Soledar"
        if place is None and attack and token.dep_ == "nsubj":
            place = subject_place(token, ctx)  # "Horlivka shelling kills two"
        if place is None and physical:
            place = setting_place(token, ctx)
        if place is not None and not is_broad(place, ctx):
            return place
        # "killed in east Ukraine near Debaltseve": a country or a region spanning several
        # divisions gives way to a place inside it named further on
        broad = broad or place
    if attack:
        return victims_home(draft, ctx) or broad
    return broad


def _sentence_places(sentence: Span, ctx: PlaceContext) -> list[Place | None]:
    """Places named as places anywhere in the sentence: objects of "in", "near", ..."""
    places = [place_of(token, ctx) for token in sentence
              if token.dep_ == "pobj" and token.head.lower_ in vocab().place_preps]
    # "…, Khost province Feb. 6": a named division is a place wherever the parser hangs it
    places += [with_division(token, ctx.resolve(bare_name(token)), ctx) for token in sentence
               if token.lemma_.lower() in vocab().division_words and token.dep_ != "pobj"
               and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children)]
    return places


def _specificity(place: Place, gazetteer: Gazetteer) -> int:
    if place.admin1 and gazetteer.is_settlement(place):
        return _SPECIFICITY["city"]
    return _SPECIFICITY["admin1"] if place.admin1 else _SPECIFICITY["country"]

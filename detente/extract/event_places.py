"""Places an event's wording points to when no preposition of the trigger names one: a place
name modifying the event noun ("the Donetsk shelling"), a town as the subject of a headline's
attack ("Horlivka shelling kills two"), the setting the trigger happened in ("killed during the
shelling of Rubizhne"), the victims' town and a headline's rubric ("Mariupol: ...")."""

from __future__ import annotations

from spacy.tokens import Span, Token

from detente.extract.draft import Draft
from detente.extract.language import vocab
from detente.extract.place_context import PlaceContext
from detente.extract.place_lookup import attached_place
from detente.extract.place_names import PLACE_LABELS, bare_name
from detente.model import Place
from detente.resolve.places import place_key


def subject_place(token: Token, ctx: PlaceContext) -> Place | None:
    """A town as the subject of an attack, the parse of a headline's "Horlivka shelling
    kills two", "Donetsk shelling leaves three dead": a proper name or a place entity, but
    not a pronoun opening the sentence ("It was the deadliest attack"), a state ("Kiev
    shells ..."), an armed group ("Azov") or a place outside any known division."""
    if token.pos_ == "PRON" or token.tag_ == "PRP" or not token.text[:1].isupper():
        return None
    if token.pos_ != "PROPN" and token.ent_type_ not in PLACE_LABELS:
        return None
    if ctx.is_state(token) or ctx.is_actor_head(token):
        return None
    name = bare_name(token)
    if ctx.actors.resolve(name) is not None:
        return None
    place = ctx.resolve(name)
    if place is None or place.admin1 is None:
        return None
    return place




def victims_home(draft: Draft, ctx: PlaceContext) -> Place | None:
    """The town the victims come from, when the event names no place itself: "Two
    residents of Kurakhove killed by Russian artillery"."""
    victims = [t.head for t in draft.tokens if t.dep_ in ("acl", "relcl")]
    victims += [c for t in draft.tokens for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
    for noun in victims:
        if noun.lemma_.lower() in vocab().people_of:
            place = attached_place(noun, ctx, frozenset({"of", "from"}))
            if place is not None and place.admin1:
                return place
    return None


def rubric_place(sentence: Span, ctx: PlaceContext) -> Place | None:
    """A headline's rubric naming the place: "Mariupol: shelling kills four"."""
    colon = next((t for t in sentence[:6] if t.text == ":"), None)
    if colon is None or colon.i == sentence.start:
        return None
    rubric = sentence.doc[sentence.start: colon.i]
    if not all(t.text[:1].isupper() or t.lower_ in vocab().division_words for t in rubric):
        return None
    place = ctx.resolve(rubric.text)
    return place if place is not None and place.admin1 else None




def is_attacker(token: Token) -> bool:
    """"Kiev forces shell ...": the subject's modifier names who attacks, not where; but the
    subject of "killed" in a headline ("Two DPR militiamen killed") is the victim, unless
    the verb has its own object ("Kiev troops kill two LNR militiamen")."""
    verb = token.head
    w = vocab()
    return token.dep_ == "nsubj" and token.lemma_.lower() not in w.attack_nouns and (
        verb.lemma_.lower() not in w.victim_verbs or any(c.dep_ == "dobj" for c in verb.children))




def modifier_place(token: Token, ctx: PlaceContext) -> Place | None:
    """"the Donetsk shelling", "a Kharkiv strike": a place name modifying an event noun."""
    if token.pos_ != "NOUN" and token.tag_ != "VBG":
        return None
    for child in token.children:
        opening = child.is_sent_start and child.text[:1].isupper()
        if child.dep_ in ("compound", "nmod", "amod") and (child.pos_ == "PROPN" or opening):
            if token.dep_ == "nsubj" and ctx.is_state(child):
                continue
            if ctx.names_actor(child, bare_name(child)):
                continue  # "Azov strike": who struck, not a town of that name
            place = ctx.resolve(bare_name(child))
            if place is not None and child.pos_ != "PROPN" and not (
                    _own_name(place, child) and place.admin1):
                # a headline's first word, capitalised anyway ("Air strike", "Mine blast"):
                # only a town's own name, spelt exactly, in a country known by divisions
                continue
            if place is not None and (place.admin1 or place.geonameid):
                return place
    return None


def _own_name(place: Place, token: Token) -> bool:
    """The token spells the place's own name exactly (not one of its other names, nor a
    near spelling: "Air" is not "Ayr", "More" not "Moore")."""
    return place_key(place.name or "") == place_key(token.text)


_SETTING_DEPTH = 3  # "of" links followed from the trigger's setting noun


def setting_place(token: Token, ctx: PlaceContext, depth: int = _SETTING_DEPTH) -> Place | None:
    """"killed during the shelling of Rubizhne", "died in an attack on Avdiivka", "as a
    result of the shelling of the centre of Donetsk": the place of the noun phrase the
    trigger happened in, through a few "of" links (only a place inside a country counts)."""
    w = vocab()
    preps = w.setting_preps if depth == _SETTING_DEPTH else w.setting_preps | w.motion_preps
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for pobj in (c for c in child.children if c.dep_ == "pobj" and c.pos_ == "NOUN"):
                place = attached_place(pobj, ctx, vocab().place_preps | vocab().motion_preps)
                if place is None and depth > 1:
                    place = setting_place(pobj, ctx, depth - 1)
                if place is not None and place.admin1:
                    return place
    return None

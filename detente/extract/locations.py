"""Where an event happened: the place attached to its trigger, else the clause's best place."""

from __future__ import annotations

from spacy.tokens import Span, Token

from detente.extract.draft import Draft
from detente.extract.roles import _phrase
from detente.model import Place
from detente.resolve import Gazetteer

_PLACE_PREPS = frozenset({"in", "near", "at", "outside", "around", "across", "inside",
                          "throughout", "off", "outskirts"})
# Directional prepositions name a place only for physical events ("strike on Kharkiv",
# "visit to Kyiv"); elsewhere they name a party ("sanctions on Moscow").
_MOTION_PREPS = frozenset({"on", "into", "from", "to", "over", "against", "of"})
# Events that happen somewhere on the ground (as opposed to statements and decisions).
PHYSICAL_TYPES = frozenset({"ASSAULT", "MOBILIZE", "RETREAT", "COERCE", "PROTEST", "AID"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_SPECIFICITY = {"city": 3, "admin1": 2, "country": 1}


def find_place(draft: Draft, gazetteer: Gazetteer) -> None:
    """The place attached to the trigger or its verb; else the most specific place in the clause."""
    preps = _PLACE_PREPS
    if draft.type in PHYSICAL_TYPES or draft.mode == "visit":
        preps = _PLACE_PREPS | _MOTION_PREPS
    arguments = [c for t in draft.tokens for c in t.children
                 if c.dep_ in ("dobj", "nsubjpass", "nsubj", "attr")]
    for token in (*draft.tokens, draft.governor(), *arguments):
        place = _attached_place(token, gazetteer, preps)
        if place is None and not _is_attacker(token):
            place = _modifier_place(token, gazetteer)
        if place is None and draft.type == "ASSAULT" and token.dep_ == "dobj":
            place = _place_of(token, gazetteer)  # "shelled Horlivka"
        if place is not None:
            draft.location = place
            return
    candidates = [p for p in _sentence_places(draft.sentence, gazetteer) if p is not None]
    if candidates:
        draft.location = max(candidates, key=_specificity)
        draft.location_from_clause = True


_VICTIM_VERBS = frozenset({"kill", "die", "injure", "wound", "hurt"})


def _is_attacker(token: Token) -> bool:
    """"Kiev forces shell ...": the subject's modifier names who attacks, not where; but the
    subject of "killed" in a headline ("Two DPR militiamen killed") is the victim."""
    return token.dep_ == "nsubj" and token.head.lemma_.lower() not in _VICTIM_VERBS


def _modifier_place(token: Token, gazetteer: Gazetteer) -> Place | None:
    """"the Donetsk shelling", "a Kharkiv strike": a place name modifying an event noun."""
    if token.pos_ != "NOUN":
        return None
    for child in token.children:
        if child.dep_ in ("compound", "nmod", "amod") and child.pos_ == "PROPN":
            place = gazetteer.resolve(_bare_name(child))
            if place is not None and (place.admin1 or place.geonameid):
                return place
    return None


def _attached_place(token: Token, gazetteer: Gazetteer, preps: frozenset[str]) -> Place | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                place = _place_of(pobj, gazetteer)
                if place is not None:
                    return place
    return None


def _place_of(head: Token, gazetteer: Gazetteer, hint: str | None = None) -> Place | None:
    """"Kupiansk", "the Kharkiv region", "Marjeh district, Helmand province", "Ukraine's
    Donetsk"."""
    if not (_is_name(head) or head.ent_type_ in _PLACE_LABELS or _has_propn(head)):
        return None
    owner = next((c for c in head.children if c.dep_ == "poss"), None)
    if owner is not None:  # "Ukraine's Donetsk": the owner is the country to look in
        country = gazetteer.resolve(_phrase(owner))
        hint = country.country if country else hint
    place = gazetteer.resolve(_phrase(head), hint) or gazetteer.resolve(_bare_name(head), hint)
    if place is None or place.admin1 is None:
        # "Maiwand district, Kandahar province": the division named after the place
        place = _division_after(head, gazetteer) or place
    # the possessor of an event noun is its agent ("Kiev's attack"), not its place
    around = ("compound", "poss", "appos", "npadvmod", "conj") if _is_name(head) else (
        "compound", "appos", "npadvmod", "conj")
    if place is None:
        for child in head.children:
            if child.dep_ in around:
                place = gazetteer.resolve(_phrase(child))
                if place is not None:
                    break
    return place


_DIVISION_WORDS = frozenset({"province", "region", "oblast", "district", "governorate", "state",
                             "county", "prefecture", "territory", "republic"})


def _division_after(head: Token, gazetteer: Gazetteer) -> Place | None:
    for token in head.subtree:
        if token.i <= head.i or token.lemma_.lower() not in _DIVISION_WORDS:
            continue
        place = gazetteer.resolve(_bare_name(token))
        if place is not None and place.admin1 is not None:
            return place
    return None


def _is_name(token: Token) -> bool:
    """A proper name, even where the tagger missed it ("shelling of Donetsk" as NOUN)."""
    return token.pos_ == "PROPN" or (token.text[:1].isupper() and not token.is_sent_start
                                     and token.pos_ == "NOUN")


def _bare_name(head: Token) -> str:
    """The name without determiners or possessors: compounds and the head only."""
    start = head.i
    for child in head.lefts:
        if child.dep_ == "compound":
            start = min(start, child.i)
    return head.doc[start: head.i + 1].text


def _has_propn(head: Token) -> bool:
    return any(c.pos_ == "PROPN" and c.dep_ in ("compound", "poss", "amod") for c in head.children)


def _sentence_places(sentence: Span, gazetteer: Gazetteer) -> list[Place | None]:
    """Places named as places anywhere in the sentence: objects of "in", "near", ..."""
    places = [_place_of(token, gazetteer) for token in sentence
              if token.dep_ == "pobj" and token.head.lower_ in _PLACE_PREPS]
    # "…, Khost province Feb. 6": a named division is a place wherever the parser hangs it
    places += [gazetteer.resolve(_bare_name(token)) for token in sentence
               if token.lemma_.lower() in _DIVISION_WORDS and token.dep_ != "pobj"
               and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children)]
    return places


def _specificity(place: Place) -> int:
    if place.geonameid and place.admin1:
        return _SPECIFICITY["city"]
    return _SPECIFICITY["admin1"] if place.admin1 else _SPECIFICITY["country"]

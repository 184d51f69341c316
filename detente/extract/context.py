"""Where and when an event happened, and who says it did."""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Span, Token

from detente.extract.draft import Draft
from detente.extract.modality import ancestors
from detente.extract.roles import RoleReader, _phrase
from detente.model import Claim, Place
from detente.resolve import Gazetteer, resolve_date

_PLACE_PREPS = frozenset({"in", "near", "at", "outside", "around", "across", "inside",
                          "throughout", "off", "outskirts"})
# Directional prepositions name a place only for physical events ("strike on Kharkiv",
# "visit to Kyiv"); elsewhere they name a party ("sanctions on Moscow").
_MOTION_PREPS = frozenset({"on", "into", "from", "to", "over", "against", "of"})
# Events that happen somewhere on the ground (as opposed to statements and decisions).
PHYSICAL_TYPES = frozenset({"ASSAULT", "MOBILIZE", "RETREAT", "COERCE", "PROTEST", "AID"})
_NOT_DATE_PREPS = frozenset({"since", "until", "till", "for", "throughout"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_SPECIFICITY = {"city": 3, "admin1": 2, "country": 1}
_NOT_EVENT_DATES = ("hour", "minute", "year-old", "years old", "decade", "century", "week-long")


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


def find_date(draft: Draft, published: date | None) -> None:
    """The date expression nearest the trigger in its sentence, resolved against publication."""
    ents = [e for e in draft.sentence.ents if e.label_ in ("DATE", "TIME") and _is_event_date(e)]
    if not ents:
        return
    # a date inside the event's own clause beats one on the verb that reports it
    # ("Today, forces confirmed a leader was arrested ... Sunday")
    resolved = {e.start: resolve_date(e.text, published) for e in ents}
    if len(ents) > 1 and published is not None:
        # a header date equal to the publication date ("Operational Update March 24, 2011")
        # says when the report was filed; another date in the sentence says when it happened
        filed = published.isoformat()
        other = [e for e in ents if not (resolved[e.start].value == filed
                                         and any(ch.isdigit() for ch in e.text))]
        ents = other or ents
    own = [e for e in ents if _within(e.root, draft.tokens)]
    nearest = min(own or ents, key=lambda e: _tree_distance(draft.token, e.root))
    draft.date = resolved[nearest.start]


def _within(token: Token, heads: list[Token]) -> bool:
    ids = {t.i for t in heads}
    return any(a.i in ids for a in (token, *token.ancestors))


_CODE_LIKE = re.compile(r"^\d{4}-\d{2}$")


def _is_event_date(ent: Span) -> bool:
    if ent.text.isdigit() and len(ent.text) > 8:
        return False  # a long number, not a date
    following = ent.doc[ent.end].text if ent.end < len(ent.doc) else ""
    preceding = ent.doc[ent.start - 1].text if ent.start > 0 else ""
    if preceding == "(" and following == ")":
        return False  # "KABUL, Afghanistan (Jan. 22, 2013)": the dateline, not the event
    if _CODE_LIKE.match(ent.text) and following.startswith("-"):
        return False  # a document number such as "2010-11-S-260", not a date
    if ent.start > 0 and ent.doc[ent.start - 1].lower_ in _NOT_DATE_PREPS:
        return False  # "since early 2022" is a span, not when this event happened
    if any(a.lower_ in _NOT_DATE_PREPS for a in list(ent.root.ancestors)[:4]):
        return False
    text = ent.text.lower()
    if any(word in text for word in _NOT_EVENT_DATES):
        return ent.label_ == "DATE" and text.startswith(("last ", "this ", "next "))
    return ent.label_ == "DATE" or any(w in text for w in ("night", "morning", "evening"))


def _tree_distance(a: Token, b: Token) -> int:
    path_a = [a, *[g for _, g in ancestors(a)]]
    path_b = [b, *[g for _, g in ancestors(b)]]
    ids_b = {t.i: depth for depth, t in enumerate(path_b)}
    for depth, token in enumerate(path_a):
        if token.i in ids_b:
            return depth + ids_b[token.i]
    return len(path_a) + len(path_b)


def find_claim(draft: Draft, roles: RoleReader, speech_verbs: frozenset[str]) -> None:
    """The speaker of a reporting verb above the event, or an "according to" phrase."""
    for _, governor in ancestors(draft.token):
        if governor.lemma_.lower() in speech_verbs and governor.pos_ == "VERB":
            claim = _speaker(governor, roles)
            if claim is not None:
                draft.claimed_by = claim
                return
    for token in draft.sentence:
        if token.lower_ == "according" and token.nbor(1).lower_ == "to":
            for pobj in (c for c in token.nbor(1).children if c.dep_ == "pobj"):
                draft.claimed_by = _claim_from(pobj, roles)
                return
    if draft.token.lemma_.lower() in ("report",) or draft.governor().lemma_.lower() in speech_verbs:
        speaker = _speaker(draft.governor(), roles)
        if speaker is not None:
            draft.claimed_by = speaker


def _speaker(verb: Token, roles: RoleReader) -> Claim | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ not in ("it", "there"):
            return _claim_from(child, roles)
    return None


def _claim_from(head: Token, roles: RoleReader) -> Claim:
    actors = roles.actors_of(head, head.head)
    text = _phrase(head)
    if actors:
        return Claim(text=text, code=actors[0].code, sector=actors[0].sector)
    return Claim(text=text)

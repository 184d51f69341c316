"""Who says an event happened: the speaker of a reporting verb or an "according to" phrase."""

from __future__ import annotations

from spacy.tokens import Token

from detente.extract.draft import Draft
from detente.extract.modality import ancestors
from detente.extract.phrases import noun_phrase
from detente.extract.roles import RoleReader
from detente.model import Claim


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
    text = noun_phrase(head)
    if actors:
        return Claim(text=text, code=actors[0].code, sector=actors[0].sector)
    return Claim(text=text)

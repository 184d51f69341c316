"""An event being built from one parsed sentence, before it becomes a model.Event."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from detente.model import Actor, Claim, EventDate, Place, Quantities


@dataclass
class Draft:
    """One trigger and everything the components attach to it."""

    sentence: Span
    token: Token
    type: str
    mode: str | None = None
    embedded_in: Token | None = None  # the governing trigger when this is its content
    suppressed: bool = False
    modality: str = "asserted"
    source: list[Actor] = field(default_factory=list)
    target: list[Actor] = field(default_factory=list)
    location: Place | None = None
    location_from_clause: bool = False
    date: EventDate | None = None
    quantities: Quantities = field(default_factory=Quantities)
    claimed_by: Claim | None = None
    merged: list[Token] = field(default_factory=list)
    deontic: bool = False  # "Russia said Sudan must return ...": a demand by the speaker
    confidence: float = 0.0  # the rules' own confidence (the "confidence" step)

    @property
    def tokens(self) -> list[Token]:
        return [self.token, *self.merged]

    def governor(self) -> Token:
        """The verb that carries this trigger: itself for verbs, the light verb for nouns."""
        token = self.token
        while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
            if token.dep_ not in ("dobj", "pobj", "prep", "attr", "nsubj", "nsubjpass", "conj",
                                  "compound", "appos"):
                break
            token = token.head
        return token

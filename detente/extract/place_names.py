"""How a parse spells place names: proper names the tagger may have missed, the bare name
inside a phrase, and the entity labels and words that mark a place or a division."""

from __future__ import annotations

from spacy.tokens import Token

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})  # entity labels of places
_NAME_TAGS = frozenset({"PROPN", "NOUN", "ADV", "ADJ", "VERB", "X"})


def is_name(token: Token) -> bool:
    """A proper name, even where the tagger missed it ("shelling of Donetsk" as NOUN,
    "shelled Toretsk" as ADV)."""
    return token.pos_ == "PROPN" or (token.text[:1].isupper() and not token.is_sent_start
                                     and token.pos_ in _NAME_TAGS)


def bare_name(head: Token) -> str:
    """The name without determiners or possessors: the head and the compounds right before
    it, from the first capitalised one ("army shell Donetsk Republic" -> "Donetsk
    Republic"; "Maryinka - DPR" -> "DPR")."""
    doc, start = head.doc, head.i
    while (start > 0 and doc[start - 1].dep_ == "compound"
           and start <= doc[start - 1].head.i <= head.i):
        start -= 1
    while start < head.i and not doc[start].text[:1].isupper():
        start += 1
    return doc[start: head.i + 1].text


def has_proper_noun_modifier(head: Token) -> bool:
    return any(c.pos_ == "PROPN" and c.dep_ in ("compound", "poss", "amod", "nmod")
               for c in head.children)

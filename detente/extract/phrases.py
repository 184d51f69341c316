"""Readings of the parse shared by components: the text of a noun phrase as the parse
delimits it (for naming actors, places and claimants), and whether a verb is an infinitive."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Token


def noun_phrase(head: Token) -> str:
    """The text of a noun phrase up to its head, leaving out relative clauses and conjuncts."""
    start = head.i
    for child in head.lefts:
        if child.dep_ not in ("cc", "conj", "punct", "prep", "relcl", "acl", "appos"):
            start = min(start, child.left_edge.i)
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("compound", "flat", "case") or child.ent_iob_ == "I":
            end = max(end, child.right_edge.i + 1)
        else:
            break
    return head.doc[start:end].text


def has_phrase(words: Sequence[str], phrases: Iterable[str]) -> bool:
    """Whether one of ``phrases`` occurs in ``words`` (lower-case tokens) as whole words:
    "in all" is in "killed 12 in all", not in "an alliance in all but name"'s "in alliance"."""
    padded = f" {' '.join(words)} "
    return any(f" {phrase.strip()} " in padded for phrase in phrases)


def is_infinitive(verb: Token) -> bool:
    """"to withdraw": the verb has its own "to"."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)

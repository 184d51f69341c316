"""Word-specific senses, read from a language's ``senses.yaml``: the sense a construction
gives, and the rules by which an event noun's sense depends on the words around it ("phone
call" is a consultation, "call for" a demand; "artillery fire" an attack)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Token

CONDITIONS = ("modifier", "other_modifier", "child", "preposition", "head_lemma", "head_word")
_MODIFIER_DEPS = ("compound", "amod", "nmod")
KEEP, NONE, OF_OBJECT = "keep", "none", "of-object"


@dataclass(frozen=True)
class NounRule:
    """If every condition holds (each: one of these words), the noun's sense is ``then``."""

    conditions: tuple[tuple[str, frozenset[str]], ...]
    then: str

    def holds(self, token: Token, modifiers: set[str]) -> bool:
        return all(_holds(name, words, token, modifiers) for name, words in self.conditions)


def _holds(name: str, words: frozenset[str], token: Token, modifiers: set[str]) -> bool:
    if name == "modifier":
        return bool(modifiers & words)
    if name == "other_modifier":
        return bool(modifiers - words)
    if name == "child":
        return any(c.lemma_.lower() in words for c in token.children)
    if name == "preposition":
        return any(c.dep_ in ("prep", "prt") and c.lower_ in words for c in token.children)
    if name == "head_lemma":
        return token.head.lemma_ in words
    return token.head.lower_ in words  # head_word


@dataclass(frozen=True)
class NounSenses:
    weak: bool = False
    rules: tuple[NounRule, ...] = ()


@dataclass(frozen=True)
class Senses:
    constructions: dict[str, str] = field(default_factory=dict)
    verbs_needing_preposition: dict[str, frozenset[str]] = field(default_factory=dict)
    conditional_participles: dict[str, frozenset[str]] = field(default_factory=dict)
    non_committal_types: frozenset[str] = frozenset()
    non_committal: frozenset[str] = frozenset()
    adjectives_needing_clause: frozenset[str] = frozenset()
    not_events: frozenset[str] = frozenset()
    nouns: dict[str, NounSenses] = field(default_factory=dict)

    @property
    def weak_nouns(self) -> frozenset[str]:
        return frozenset(lemma for lemma, senses in self.nouns.items() if senses.weak)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Senses:
        def word_sets(section: str) -> dict[str, frozenset[str]]:
            return {str(k): _words(v, section) for k, v in (data.get(section) or {}).items()}

        non_committal = data.get("non_committal") or {}
        return cls(
            constructions={str(k): str(v) for k, v in (data.get("constructions") or {}).items()},
            verbs_needing_preposition=word_sets("verbs_needing_preposition"),
            conditional_participles=word_sets("conditional_participles"),
            non_committal_types=_words(non_committal.get("types"), "non_committal"),
            non_committal=_words(non_committal.get("complements"), "non_committal"),
            adjectives_needing_clause=_words(data.get("adjectives_needing_clause"),
                                             "adjectives_needing_clause"),
            not_events=_words(data.get("not_events"), "not_events"),
            nouns={str(lemma): _noun_senses(str(lemma), entry or {})
                   for lemma, entry in (data.get("nouns") or {}).items()},
        )


def _noun_senses(lemma: str, entry: dict[str, Any]) -> NounSenses:
    rules = []
    for rule in entry.get("rules") or ():
        conditions = rule.get("if") or {}
        unknown = set(conditions) - set(CONDITIONS)
        if unknown:
            raise ValueError(f"senses.yaml: {lemma}: unknown conditions {sorted(unknown)}")
        rules.append(NounRule(tuple((k, _words(v, lemma)) for k, v in conditions.items()),
                              str(rule["then"])))
    return NounSenses(bool(entry.get("weak")), tuple(rules))


def _words(values: Any, where: str) -> frozenset[str]:
    """A list of words; YAML reads a bare on/off/yes/no as a boolean, which is refused."""
    words = list(values or ())
    if not all(isinstance(w, str) for w in words):
        raise ValueError(f"senses.yaml: {where}: quote the words YAML reads as booleans "
                         f"or numbers: {[w for w in words if not isinstance(w, str)]}")
    return frozenset(words)


def modifiers_of(token: Token) -> set[str]:
    return {c.lemma_.lower() for c in token.children if c.dep_ in _MODIFIER_DEPS}

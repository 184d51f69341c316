"""The trigger lexicon: a language's ``triggers.yaml`` and ``senses.yaml``, loaded once into
lookups."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import yaml

from detente.extract.language import Lexicons, vocab
from detente.extract.senses import Senses
from detente.types import PLOVER_TYPES


@dataclass(frozen=True)
class Sense:
    """A PLOVER type with an optional mode; an empty type means "not an event"."""

    type: str
    mode: str | None = None

    @classmethod
    def parse(cls, value: str) -> Sense:
        kind, _, mode = (value or "").partition(":")
        if kind and kind not in PLOVER_TYPES:
            raise ValueError(f"unknown PLOVER type {kind!r} in trigger lexicon")
        return cls(kind, mode or None)


@dataclass
class TriggerLexicon:
    verbs: dict[str, Sense] = field(default_factory=dict)
    nouns: dict[str, Sense] = field(default_factory=dict)
    adjectives: dict[str, Sense] = field(default_factory=dict)
    phrasal: dict[tuple[str, str], Sense] = field(default_factory=dict)
    object_senses: dict[str, dict[str, Sense]] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    needs_complement: frozenset[str] = frozenset()
    modes: dict[str, dict[str, str]] = field(default_factory=dict)
    embedding: dict[str, frozenset[str]] = field(default_factory=dict)
    senses: Senses = field(default_factory=Senses)
    language: str = "en"

    @classmethod
    def default(cls) -> TriggerLexicon:
        return cls.for_language("en")

    @classmethod
    @cache
    def for_language(cls, code: str) -> TriggerLexicon:
        language = Lexicons.load(code)
        lexicon = cls.from_data(yaml.safe_load(language.read("triggers.yaml")))
        lexicon.senses = Senses.from_data(yaml.safe_load(language.read("senses.yaml")) or {})
        lexicon.language = code
        return lexicon

    def construction(self, name: str) -> Sense:
        """The sense a construction gives (senses.yaml ``constructions``)."""
        return Sense.parse(self.senses.constructions[name])

    @classmethod
    def from_data(cls, data: dict) -> TriggerLexicon:
        def senses(section: str) -> dict[str, Sense]:
            return {str(k).lower(): Sense.parse(v) for k, v in (data.get(section) or {}).items()}

        phrasal = {}
        for phrase, value in (data.get("phrasal") or {}).items():
            verb, _, particle = phrase.partition(" ")
            phrasal[(verb, particle)] = Sense.parse(value)
        return cls(
            verbs=senses("verbs"),
            nouns=senses("nouns"),
            adjectives=senses("adjectives"),
            phrasal=phrasal,
            object_senses={
                verb: {obj: Sense.parse(v) for obj, v in (objs or {}).items()}
                for verb, objs in (data.get("object_senses") or {}).items()
            },
            light_verbs=frozenset(data.get("light_verbs") or ()),
            needs_complement=frozenset(data.get("needs_complement") or ()),
            modes={k: dict(v) for k, v in (data.get("modes") or {}).items()},
            embedding={k: frozenset(v) for k, v in (data.get("embedding") or {}).items()},
        )

    def word_forms(self) -> frozenset[str]:
        """Lower-case surface forms of every trigger, for the cheap sentence pre-filter.
        Verbs take every inflection; nouns and adjectives only their own forms and plurals
        ("accord" does not let "according" through)."""
        with Lexicons.load(self.language).active():
            return self._word_forms()

    def _word_forms(self) -> frozenset[str]:
        verbs = set(self.verbs) | {verb for verb, _ in self.phrasal} | set(self.object_senses)
        forms: set[str] = set()
        for lemma in verbs:
            forms.update(inflect(lemma.split(" ")[0]))
        for lemma in set(self.nouns) | set(self.adjectives):
            word = lemma.split(" ")[0]
            forms.update(inflect(word) if word in verbs else _plurals(word))
        return frozenset(forms)


def _plurals(noun: str) -> list[str]:
    if noun.endswith("y") and len(noun) > 2 and noun[-2] not in "aeiou":
        return [noun, noun[:-1] + "ies"]
    return [noun, noun + "s", noun + "es"]


def inflect(lemma: str) -> list[str]:
    """Regular English inflections of a lemma, plus listed irregular forms."""
    forms = [lemma, *(vocab().irregular_forms.get(lemma) or [])]
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    if re.search(r"[^aeiou][aeiou][bdgmnprt]$", lemma) and len(lemma) <= 4:
        forms += [lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"]
    if re.search(r"[^aeiou][aeiou]l$", lemma):  # British "cancelled", "patrolling"
        forms += [lemma + "led", lemma + "ling"]
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        forms += [lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"]
    else:
        forms += [lemma + "s", lemma + "es", stem + "ed", stem + "ing", lemma + "ed"]
    return forms

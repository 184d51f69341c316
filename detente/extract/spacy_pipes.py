"""The spaCy pipeline Detente runs: only the pipes its rules read, two of them in faster
versions that give identical annotations.

What the rules read, pipe by pipe (every pipe of the package's default pipeline is read):

- tok2vec: nothing directly; the tagger and the parser listen to it.
- tagger: ``tag_`` (quantities, places, numbers).
- parser: ``dep_``, ``head``, ``children``, ``sent`` (everything that reads roles).
- attribute_ruler: ``pos_`` from the tags, and the morphology the lemmatizer reads.
- lemmatizer: ``lemma_`` (triggers, modality, claims, counts).
- ner: ``ent_type_`` and ``ents`` (dates, places, numbers, tolls); it has its own tok2vec.

``senter`` ships disabled (the parser sets sentence starts) and is excluded: never loaded.

The attribute ruler runs a Matcher of 179 patterns over every token: 10-15 % of parsing
time on news text. ``QuickAttributeRuler`` finds the same matches through dictionaries
keyed by each pattern's tag or word (a Matcher keeps the few patterns of several tokens)
and applies them with spaCy's own code, in spaCy's order. The rule lemmatizer looks each
candidate form up in a list of up to 57,000 words, caches only some of its answers and
builds a Token per word; ``QuickLemmatizer`` looks forms up in sets, remembers every answer
by (word, part of speech, morphology), which is all the answer depends on, and writes the
lemmas back in one array. Both are checked against the originals on real text by the tests
and by diffing `detente extract` output over the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import spacy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

EXCLUDED_PIPES = ("senter",)
READ_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
# token attributes a single-token pattern may test here, in the order of _ATTRS' columns
_ATTRS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
_COLUMNS = tuple(_ATTRS.values())
Row = tuple[int, ...]  # one token's values of _COLUMNS
Test = Callable[[Row], bool]


def load_pipeline(name: str) -> Language:
    """The installed spaCy pipeline ``name`` without the pipes Detente never reads, with the
    quick attribute ruler and lemmatizer in place of the originals."""
    nlp = spacy.load(name, exclude=list(EXCLUDED_PIPES))
    missing = [pipe for pipe in READ_PIPES if pipe not in nlp.pipe_names]
    if missing:
        raise RuntimeError(f"spaCy pipeline {name!r} lacks the pipes {', '.join(missing)}")
    use_quick_pipes(nlp)
    return nlp


def use_quick_pipes(nlp: Language) -> None:
    """Put QuickAttributeRuler and QuickLemmatizer in place of spaCy's own, same data."""
    ruler = nlp.get_pipe("attribute_ruler")
    if isinstance(ruler, AttributeRuler) and not isinstance(ruler, QuickAttributeRuler):
        quick: Any = nlp.replace_pipe("attribute_ruler", "detente_attribute_ruler")
        quick.add_patterns(ruler.patterns)
    lemmatizer = nlp.get_pipe("lemmatizer")
    if type(lemmatizer) is EnglishLemmatizer and lemmatizer.mode == "rule":
        config = {"overwrite": lemmatizer.overwrite}
        quick = nlp.replace_pipe("lemmatizer", "detente_lemmatizer", config=config)
        quick.lookups = _with_index_sets(lemmatizer.lookups)


class QuickAttributeRuler(AttributeRuler):
    """spaCy's AttributeRuler with the same matches found by dictionary look-ups."""

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        super().add_patterns(patterns)
        self._compile()

    def add(self, patterns: Iterable[Any], attrs: dict, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._compiled = False

    def _compile(self) -> None:
        """Index each single-token pattern under the values one of its attributes must
        take; keep the others in a Matcher of their own, under their original keys, run
        only on a doc where some token passes the first token of one of them."""
        strings = self.vocab.strings
        self._index: list[dict[int, list[tuple[int, Test]]]] = [{} for _ in _COLUMNS]
        self._anywhere: list[tuple[int, Test]] = []
        self._rest = Matcher(self.vocab, validate=False)
        self._rest_starts: list[Test] | None = []
        groups: list[Any] = self.patterns
        for attr_id, group in enumerate(groups):
            pattern: list[dict[str, Any]]
            for pattern in group["patterns"]:
                compiled = _token_test(pattern[0], strings) if len(pattern) == 1 else None
                if compiled is None:
                    self._rest.add(strings.add(str(attr_id)), [pattern])
                    start = _token_test(pattern[0], strings)
                    if start is None or any("OP" in token for token in pattern):
                        self._rest_starts = None  # cannot tell: run the Matcher always
                    elif self._rest_starts is not None:
                        self._rest_starts.append(start[0])
                    continue
                test, (column, values) = compiled
                for value in values:
                    self._index[column].setdefault(value, []).append((attr_id, test))
                if column < 0:
                    self._anywhere.append((attr_id, test))
        self._compiled = True

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if not getattr(self, "_compiled", False):
            self._compile()
        strings = self.vocab.strings
        found: set[tuple[int, int, int]] = set()
        tables = list(enumerate(self._index))
        rows = list(map(tuple, doc.to_array(list(_COLUMNS)).tolist()))
        for i, row in enumerate(rows):
            for column, table in tables:
                for attr_id, test in table.get(row[column], ()):
                    if test(row):
                        found.add((attr_id, i, i + 1))
            for attr_id, test in self._anywhere:
                if test(row):
                    found.add((attr_id, i, i + 1))
        starts = self._rest_starts
        if starts is None or any(test(row) for row in rows for test in starts):
            for match_id, start, end in self._rest(doc, allow_missing=True, as_spans=False):
                found.add((int(strings[match_id]), start, end))
        return [(attr_id, strings[str(attr_id)], start, end)
                for attr_id, start, end in sorted(found)]


# the attribute to index a pattern under, most selective first (columns of _COLUMNS)
_INDEX_ORDER = (1, 2, 0, 3)  # LOWER, DEP, TAG, IS_SPACE


def _token_test(spec: dict[str, Any], strings: Any) -> tuple[Test, tuple[int, list[int]]] | None:
    """A test of one token's row equivalent to a token pattern, and where to index it:
    (column, the values it requires there), or (-1, []) to test it on every token; None
    for a pattern this cannot express (other attributes or operators)."""
    if set(spec) - set(_ATTRS):
        return None
    tests: list[Test] = []
    required: dict[int, list[int]] = {}
    for column, attr in enumerate(_ATTRS):
        if attr not in spec:
            continue
        condition = _condition(spec[attr], strings, attr)
        if condition is None:
            return None
        kind, allowed = condition
        tests.append(_value_test(column, kind, allowed, strings))
        if kind == "in":
            required[column] = sorted(allowed)
    column = next((c for c in _INDEX_ORDER if c in required), -1)
    where = (column, required.get(column, []))
    if len(tests) == 1:
        return tests[0], where
    return (lambda row: all(test(row) for test in tests)), where


def _condition(value: Any, strings: Any, attr: str) -> tuple[str, Any] | None:
    """("in" | "not in", hashes) or ("regex", compiled) for one attribute's condition."""
    def hashes(words: Iterable[Any]) -> frozenset[int]:
        if attr == "IS_SPACE":
            return frozenset(int(bool(w)) for w in words)
        return frozenset(strings.add(w) if w else 0 for w in words)

    if not isinstance(value, dict):
        return "in", hashes([value])
    if len(value) != 1:
        return None
    (operator, operand), = value.items()
    if operator == "IN":
        return "in", hashes(operand)
    if operator == "NOT_IN":
        return "not in", hashes(operand)
    if operator == "REGEX" and attr != "IS_SPACE":
        return "regex", re.compile(operand)
    return None


def _value_test(column: int, kind: str, allowed: Any, strings: Any) -> Test:
    if kind == "in":
        return lambda row: row[column] in allowed
    if kind == "not in":
        return lambda row: row[column] not in allowed
    seen: dict[int, bool] = {}

    def search(row: Row) -> bool:
        value = row[column]
        if value not in seen:
            seen[value] = bool(allowed.search(strings[value]))
        return seen[value]

    return search


class QuickLemmatizer(EnglishLemmatizer):
    """spaCy's English rule lemmatizer remembering every answer by (word, POS, morphology)."""

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables(Errors.E1004)
        memo: dict[tuple[int, int, int], int] = self.__dict__.setdefault("_memo", {})
        array: Any = doc.to_array([ORTH, POS, MORPH, LEMMA])
        rows = array.tolist()
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not self.overwrite:
                lemmas.append(lemma)
                continue
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                found = memo[key] = self.vocab.strings.add(self.lemmatize(doc[i])[0])
            lemmas.append(found)
        if lemmas:
            array[:, 3] = lemmas
            doc.from_array([LEMMA], array[:, 3:])
        return doc


def _with_index_sets(lookups: Lookups) -> Lookups:
    """The lemmatizer's tables with each word list of ``lemma_index`` as a set: the rules
    only ask whether a form is in it, which a list of 57,000 nouns answers word by word."""
    quick = Lookups()
    for name in lookups.tables:
        table = lookups.get_table(name)
        quick.add_table(name, {key: frozenset(words) for key, words in table.items()}
                        if name == "lemma_index" else dict(table))
    return quick


@Language.factory("detente_attribute_ruler", default_config={"validate": False})
def make_quick_attribute_ruler(nlp: Language, name: str, validate: bool) -> QuickAttributeRuler:
    return QuickAttributeRuler(nlp.vocab, name, validate=validate)


@Language.factory("detente_lemmatizer", default_config={"overwrite": False})
def make_quick_lemmatizer(nlp: Language, name: str, overwrite: bool) -> QuickLemmatizer:
    return QuickLemmatizer(nlp.vocab, None, name, mode="rule", overwrite=overwrite)

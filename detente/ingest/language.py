"""Is an article in English? Detente's parser and lexicons read English only.

Detection is langid.py's naive Bayes model over byte n-grams (97 languages, offline, shipped
inside the pinned ``langid`` package; the model loads once, in about two seconds, on first use).
An article is skipped only when the evidence is clear: enough distinct words and letters to
judge (``MIN_WORDS``, ``MIN_LETTERS``), another language at least ``MIN_CONFIDENCE`` likely,
and few English function words ("the", "of", "said": under ``ENGLISH_SHARE`` of the words);
plainly English text never runs the model. The model reads
each distinct word once, so a repeated phrase cannot pile up false certainty. Short or mixed
texts (a headline, a list of place names) are kept as English.

A skipped article is a :class:`NotEnglish` input error ("skipped: not English (detected: ru)").
It is an ``InputError``, so ``detente ingest`` names it on stderr and counts it as rejected:
the exit status is 1, as for any input that was not stored.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from detente.errors import InputError

SAMPLE_CHARS = 5000  # the first characters decide; detection cost stays flat for long texts
MIN_LETTERS = 40
MIN_WORDS = 12  # langid guesses wildly on a few words ("NATO detained soldiers." read as eo)
MIN_CONFIDENCE = 0.95
ENGLISH_SHARE = 0.05
OWN_SHARE = 0.05  # a text in German has far more German function words than this
# The model's guesses for English made of names, numbers and verbs with few function words;
# no news is written in them.
_NOT_NEWS_LANGUAGES = frozenset({"la", "eo", "vo"})
_WORD = re.compile(r"\w+")
# Words of other languages that look alike ("in", "a", "was", "will", "he") are left out.
_ENGLISH_WORDS = frozenset({
    "the", "of", "and", "to", "is", "for", "that", "with", "by", "at", "from", "it", "said",
    "have", "had", "were", "be", "are", "been", "would", "not", "this", "which", "who",
    "their", "they", "she", "his", "her", "its", "but",
    # and words of war reporting that no other language spells so: telegraphic English
    # ("Kyiv detained soldiers, killing 12 people") has few function words
    "people", "officials", "killed", "killing", "year", "ago", "after", "during", "against",
    "between", "than", "into", "about", "next",
})


class NotEnglish(InputError):
    """An article written in another language; ``language`` is its ISO 639-1 code."""

    def __init__(self, name: str, language: str) -> None:
        super().__init__(name, f"skipped: not English (detected: {language})")
        self.language = language


def detect_language(text: str) -> tuple[str, float] | None:
    """(ISO 639-1 code, probability) of the text's language; None if too short to judge."""
    words = list(dict.fromkeys(word.lower() for word in _WORD.findall(text[:SAMPLE_CHARS])))
    sample = " ".join(words)
    if len(words) < MIN_WORDS or sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    language, probability = _identifier().classify(sample)
    return str(language), float(probability)


def foreign_language(text: str) -> str | None:
    """The code of the language the text is clearly written in, if that is not English."""
    if english_share(text) >= ENGLISH_SHARE:
        return None  # plainly English: the model could not overrule this, so it is not run
    found = detect_language(text)
    if found is None:
        return None
    language, probability = found
    if language == "en" or language in _NOT_NEWS_LANGUAGES or probability < MIN_CONFIDENCE:
        return None
    if own_share(text, language) < OWN_SHARE:
        return None  # names, numbers and English verbs read as German: no German in it
    return language


def own_share(text: str, language: str) -> float:
    """The share of the sample's words that are the language's own function words; 1.0 for a
    language without a list (other scripts, which English text cannot be mistaken for)."""
    words = _function_words().get(language)
    if not words:
        return 1.0
    sample = [word.lower() for word in _WORD.findall(text[:SAMPLE_CHARS])]
    return sum(word in words for word in sample) / len(sample) if sample else 0.0


@lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    data = yaml.safe_load((resources.files("detente.ingest") / "function_words.yaml")
                          .read_text(encoding="utf-8"))
    return {str(code): frozenset(str(w) for w in words) for code, words in data.items()}


def english_share(text: str) -> float:
    """The share of the sample's words that are common English function words."""
    words = [word.lower() for word in _WORD.findall(text[:SAMPLE_CHARS])]
    return sum(word in _ENGLISH_WORDS for word in words) / len(words) if words else 0.0


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from langid.langid import LanguageIdentifier, model

    return LanguageIdentifier.from_modelstring(model, norm_probs=True)

"""Reading counts from text: "1,000", "four", "twenty-one", "at least 3", "up to 180"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "no": 0, "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
    "both": 2, "pair": 2, "couple": 2,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
QUALIFIERS = (
    "at least", "more than", "over", "up to", "about", "around", "nearly", "almost", "some",
    "approximately", "as many as", "roughly", "fewer than", "less than", "at most", "an estimated",
    "estimated", "dozens of",
)
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$|^\d+(\.\d+)?$")
MAX_COUNT = 10_000_000  # larger figures in a news clause are not head counts


@dataclass(frozen=True)
class Count:
    value: int
    qualifier: str | None = None


def parse_count(words: list[str]) -> int | None:
    """The integer a short run of number words or digits denotes, or None.

    Vague quantities ("dozens", "hundreds of", "several") are not numbers.
    """
    total, current, seen = 0, 0, False
    for raw in words:
        word = raw.lower().strip(",")
        if word in ("and", "-", ""):
            continue
        value = _word_value(word)
        if value is None:
            return None
        if value in _SCALES.values() and word in _SCALES:
            current = max(current, 1) * value
            if value >= 1000:
                total, current = total + current, 0
        else:
            current += value
        seen = True
    if not seen:
        return None
    result = total + current
    return result if 0 <= result <= MAX_COUNT else None


def _word_value(word: str) -> int | None:
    if _DIGITS.match(word):
        number = float(word.replace(",", ""))
        return int(number) if number.is_integer() and number <= MAX_COUNT else None
    if "-" in word:
        parts = [_UNITS.get(p) for p in word.split("-")]
        known = [p for p in parts if p is not None]
        return sum(known) if len(known) == len(parts) else None
    if word in _SCALES:
        return _SCALES[word]
    return _UNITS.get(word)


def qualifier_before(text_before: str) -> str | None:
    """The hedge written just before a number ("at least", "over"), if any."""
    tail = " ".join(text_before.lower().split()[-3:])
    for qualifier in QUALIFIERS:
        if tail.endswith(qualifier):
            return qualifier
    return None

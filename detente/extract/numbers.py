"""Reading counts from text: "1,000", "four", "twenty-one", "at least 3", "up to 180"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from detente.extract.language import vocab

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
    total, current, seen, half = 0, 0, False, False
    for raw in words:
        word = raw.lower().strip(",")
        if word in ("and", "-", ""):
            continue
        if word == "half" and not seen:  # "half a dozen"
            half = True
            continue
        if word == "dozen":  # "a dozen", "two dozen": a multiplier, unlike plural "dozens"
            current, seen = max(current, 1) * 12, True
            continue
        value = _word_value(word)
        if value is None:
            return None
        if value in vocab().number_scales.values() and word in vocab().number_scales:
            current = max(current, 1) * value
            if value >= 1000:
                total, current = total + current, 0
        else:
            current += value
        seen = True
    if not seen:
        return None
    result = (total + current) // (2 if half else 1)
    return result if 0 <= result <= MAX_COUNT else None


def _word_value(word: str) -> int | None:
    if _DIGITS.match(word):
        number = float(word.replace(",", ""))
        return int(number) if number.is_integer() and number <= MAX_COUNT else None
    if "-" in word:
        parts = [vocab().number_units.get(p) for p in word.split("-")]
        known = [p for p in parts if p is not None]
        return sum(known) if len(known) == len(parts) else None
    if word in vocab().number_scales:
        return vocab().number_scales[word]
    return vocab().number_units.get(word)


def qualifier_before(text_before: str) -> str | None:
    """The hedge written just before a number ("at least", "over"), if any."""
    tail = " ".join(text_before.lower().split()[-3:])
    for qualifier in vocab().qualifiers:
        if tail.endswith(qualifier):
            return qualifier
    return None


def count_runs(sentence: Span) -> list[tuple[list[Token], bool]]:
    """The number runs of a sentence that can state a head count, each with whether it is
    the low end of a range: "between three and six", "two or three" and "5-7" keep their
    first figure (a minimum); "rose from 12 to 15" keeps the second."""
    runs = _number_runs(sentence)
    kept: list[tuple[list[Token], bool]] = []
    index = 0
    while index < len(runs):
        run = runs[index]
        upper = runs[index + 1] if index + 1 < len(runs) else None
        if upper is not None and _is_range(run, upper):
            kept.append((upper, False) if _word_before(run) == "from" else (run, True))
            index += 2
            continue
        kept.append((run, False))
        index += 1
    return kept


def _is_range(low: list[Token], high: list[Token]) -> bool:
    if high[0].i != low[-1].i + 2:
        return False
    link = low[0].doc[low[-1].i + 1].lower_
    return link in ("to", "or", "-", "\u2013") or (link == "and" and _word_before(low) == "between")


def _word_before(run: list[Token]) -> str:
    return run[0].doc[run[0].i - 1].lower_ if run[0].i > 0 else ""


def _number_runs(sentence: Span) -> list[list[Token]]:
    runs: list[list[Token]] = []
    for token in sentence:
        if token.lower_ == "dozen" and token.i > sentence.start:
            _add_dozen(runs, token)
            continue
        is_number = token.like_num and token.pos_ in ("NUM", "NOUN", "PRON", "ADJ", "DET", "PROPN")
        if token.lower_ in ("a", "an", "no") or not is_number or _is_year_or_date(token):
            continue
        if runs and _continues(runs[-1], token):
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


def _add_dozen(runs: list[list[Token]], dozen: Token) -> None:
    """"two dozen" extends its number; "a dozen" and "half a dozen" start a run of their own."""
    before = dozen.nbor(-1)
    if runs and runs[-1][-1].i == before.i:
        runs[-1].append(dozen)
    elif before.lower_ in ("a", "an"):
        start = before.i - 1 if before.i > 0 and before.nbor(-1).lower_ == "half" else before.i
        runs.append(list(dozen.doc[start: dozen.i + 1]))


def _continues(run: list[Token], token: Token) -> bool:
    """"twenty - one", "one hundred and five": the token extends the number before it;
    between figures a hyphen marks a range ("5-7")."""
    gap = token.i - run[-1].i
    if gap == 2 and token.nbor(-1).text == "-":
        return not (token.text[0].isdigit() and run[-1].text[0].isdigit())
    # "one hundred and five", not "three and six"
    after_scale = run[-1].lower_ in vocab().number_scales
    return gap == 1 or (gap == 2 and token.nbor(-1).text == "and" and after_scale)


def _is_year_or_date(token: Token) -> bool:
    if token.text.isdigit() and len(token.text) == 4 and token.text.startswith(("19", "20")):
        return True
    if token.ent_type_ in ("DATE", "TIME"):
        return not _counts_things(token)  # "between 30 and 40 people" is not a date
    return token.ent_type_ in ("MONEY", "PERCENT", "ORDINAL")




def _counts_things(number: Token) -> bool:
    """A number the parser put in a date that still counts a common noun ("30 people")."""
    token = number
    while token.dep_ == "conj" and token.head.like_num:
        token = token.head
    head = token.head
    return (token.dep_ == "nummod" and head.pos_ == "NOUN"
            and head.lemma_.lower() not in vocab().time_units)

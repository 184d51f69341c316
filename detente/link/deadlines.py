"""Deadlines in promise sentences: "in the coming days", "by the end of the month", "by May 30".

Each phrase becomes a window [start, end] counted from the day the promise was reported. A
*due* deadline ("by the end of the month") is when something must have happened; a *term*
("for 120 days", "until November 18") is how long a deal runs, and an extension ("extend the
deal by 60 days") moves either.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

_MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH = "|".join(_MONTHS)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "ten": 10, "fourteen": 14, "thirty": 30, "a": 1, "a few": 3}
_NUMBER_ALTERNATIVES = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_N_UNITS = rf"(?P<n>\d+|{_NUMBER_ALTERNATIVES}) (?P<unit>days?|weeks?|months?|years?)\b"


DUE, TERM = "due", "term"


@dataclass(frozen=True)
class Deadline:
    text: str
    start: date
    end: date
    kind: str = DUE  # DUE: must be done by ``end``; TERM: the deal runs until ``end``

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "start": self.start.isoformat(), "end": self.end.isoformat(),
                "kind": self.kind}


def _coming_days(made: date, _: re.Match[str]) -> date:
    return made + timedelta(days=7)


def _coming_weeks(made: date, _: re.Match[str]) -> date:
    return made + timedelta(days=28)


def _next_week(made: date, _: re.Match[str]) -> date:
    return made + timedelta(days=13 - made.weekday())


def _this_week(made: date, _: re.Match[str]) -> date:
    return made + timedelta(days=6 - made.weekday())


def _month_end(made: date, _: re.Match[str]) -> date:
    return date(made.year, made.month, calendar.monthrange(made.year, made.month)[1])


def _next_month_end(made: date, _: re.Match[str]) -> date:
    first = _month_end(made, _) + timedelta(days=1)
    return _month_end(first, _)


def _year_end(made: date, _: re.Match[str]) -> date:
    return date(made.year, 12, 31)


def _within(made: date, match: re.Match[str]) -> date:
    unit = match.group("unit").casefold()
    return made + timedelta(days=_count(match) * _UNIT_DAYS[unit.rstrip("s")])


def _count(match: re.Match[str]) -> int:
    count_text = match.group("n").casefold()
    return int(count_text) if count_text.isdigit() else _NUMBER_WORDS.get(count_text, 1)


def _by_named_month(made: date, match: re.Match[str]) -> date:
    month = _MONTHS[match.group("month").casefold()]
    year = made.year + (1 if month < made.month else 0)
    return date(year, month, calendar.monthrange(year, month)[1])


def _by_date(made: date, match: re.Match[str]) -> date:
    month = _MONTHS[(match.group("month") or match.group("month2")).casefold()]
    day = int(match.group("day") or match.group("day2"))
    year = made.year + (1 if (month, day) < (made.month, made.day) else 0)
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _nth_of_month(made: date, match: re.Match[str]) -> date:
    """"before the summit on the 20th": that day of this month, or of the next if it passed."""
    day = int(match.group("nth"))
    year, month = (made.year, made.month) if day >= made.day else (
        (made.year + 1, 1) if made.month == 12 else (made.year, made.month + 1))
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


_Rule = tuple[re.Pattern[str], Callable[[date, re.Match[str]], date]]
_BY = r"\b(?:by|before|no later than) "
_RULES: tuple[_Rule, ...] = tuple((re.compile(pattern, re.IGNORECASE), rule) for pattern, rule in (
    (r"\b(?:in|over|within) the (?:coming|next) (?:few )?days\b|\bwithin days\b", _coming_days),
    (r"\b(?:in|over|within) the (?:coming|next) (?:few )?weeks\b", _coming_weeks),
    (r"\b(?:within|in) (?:the next )?(?P<n>\d+|" + _NUMBER_ALTERNATIVES
     + r") (?P<unit>days?|weeks?|months?)\b", _within),
    (r"\bnext week\b", _next_week),
    (r"\b(?:this week|by the end of the week)\b", _this_week),
    (r"\bby the end of (?:the|this) month\b|\bthis month\b", _month_end),
    (r"\bnext month\b", _next_month_end),
    (r"\bby the end of (?:the|this) year\b", _year_end),
    (_BY + rf"(?:(?P<month>{_MONTH}) (?P<day>\d{{1,2}})"
     rf"|(?P<day2>\d{{1,2}}) (?P<month2>{_MONTH}))\b", _by_date),
    (_BY + rf"(?:the end of )?(?P<month>{_MONTH})\b(?!\s+\d)", _by_named_month),
    (_BY + r"(?:[^.;,]{0,40}?\bon )?the (?P<nth>\d{1,2})(?:st|nd|rd|th)\b", _nth_of_month),
))


_DAY_MONTH = (rf"(?:(?P<month>{_MONTH}) (?P<day>\d{{1,2}})"
              rf"|(?P<day2>\d{{1,2}}) (?P<month2>{_MONTH}))\b")
_TERM_RULES: tuple[_Rule, ...] = (
    (re.compile(r"\bfor (?:a period of |an initial )?" + _N_UNITS, re.IGNORECASE), _within),
    (re.compile(r"\buntil " + _DAY_MONTH, re.IGNORECASE), _by_date),
)
# "extend the deal by 60 days", "for another 120 days", "until November 18", "to March 31"
_EXTEND_BY = re.compile(r"\b(?:by|for)(?: (?:another|a further|an extra|an additional))? "
                        + _N_UNITS, re.IGNORECASE)
_EXTEND_TO = re.compile(r"\b(?:until|to|through) " + _DAY_MONTH, re.IGNORECASE)


def find_deadline(text: str, made_on: date | None) -> Deadline | None:
    """The first deadline phrase in ``text`` as a window from ``made_on``; None if none.
    Phrases of when something is due win over a term the deal runs for."""
    if made_on is None or not text:
        return None
    for rules, kind in ((_RULES, DUE), (_TERM_RULES, TERM)):
        for pattern, rule in rules:
            match = pattern.search(text)
            if match:
                return Deadline(match.group(0), made_on, max(rule(made_on, match), made_on),
                                kind)
    return None


def extended_deadline(text: str, current: Deadline | None, day: date) -> Deadline | None:
    """The deadline an extension sentence sets: ``current`` moved by "by 60 days", or the
    date "until November 18" names (a term unless ``current`` was due); None if it says
    neither."""
    kind = current.kind if current else TERM
    start = current.start if current else day
    by = _EXTEND_BY.search(text)
    if by:
        base = current.end if current else day
        return Deadline(by.group(0), start, base + timedelta(days=_count(by) * _UNIT_DAYS[
            by.group("unit").casefold().rstrip("s")]), kind)
    to = _EXTEND_TO.search(text)
    if to:
        return Deadline(to.group(0), start, max(_by_date(day, to), day), kind)
    return None

"""Resolve news date expressions ("on Friday", "last week", "Feb. 6", "early 2022")
against the publication date.

A small table of regular expressions, each with a handler returning the start of the
period and its precision. News reports mostly describe the past, so a bare weekday
is the most recent one (the publication day itself included) and a date without a
year is put in the year that makes it closest to the publication date, never more
than FUTURE_SLACK days after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from detente.model import EventDate

FUTURE_SLACK = 90  # days a yearless date may lie after the publication date
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 3, "a few": 3}
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}

_MONTH_ALT = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
              r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_MONTH = rf"({_MONTH_ALT})\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"((?:19|20)\d{2})"
_WEEKDAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_PART = r"(?: (?:morning|afternoon|evening|night|overnight))?"
_LEAD = re.compile(
    r"^(?:on|in|during|by|since|from|until|till|as of|before|after|over|at|throughout|"
    r"sometime in|some time in|the|earlier|later|as early as|around|about|through|"
    # "early Sunday", "late last night", "the early hours of Friday", "the night of May 5"
    r"early|late|(?:small |morning )?hours of|(?:morning|afternoon|evening|night) of)\s+"
)
# "overnight Sunday" is that day's night
_OVERNIGHT_DAY = re.compile(r"^overnight (?=(?:mon|tues|wednes|thurs|fri|satur|sun)day\b)")
_SPACES = re.compile(r"[\s,]+")
_DATED_WEEKDAY = re.compile(rf"^{_WEEKDAY} (?=.*\d)")
_POSSESSIVE = re.compile(r"['\u2019]s?$")

Span = tuple[date | None, str | None]
Handler = Callable[[re.Match[str], date | None], Span]


def _month(word: str) -> int:
    return MONTHS[word[:3]]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_year(month: int, day: int, published: date) -> date | None:
    """The date in the year closest to publication, at most FUTURE_SLACK days after it."""
    limit = published + timedelta(days=FUTURE_SLACK)
    options = [d for y in (published.year - 1, published.year, published.year + 1)
               if (d := _safe_date(y, month, day)) is not None and d <= limit]
    return min(options, key=lambda d: abs((d - published).days)) if options else None


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _full_date(m: re.Match[str], pub: date | None) -> Span:
    month, day, year = m.group("month"), int(m.group("day")), m.group("year")
    if year:
        return _safe_date(int(year), _month(month), day), "day"
    return (_nearest_year(_month(month), day, pub) if pub else None), "day"


def _iso(m: re.Match[str], pub: date | None) -> Span:
    return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "day"


def _month_year(m: re.Match[str], pub: date | None) -> Span:
    return date(int(m.group(2)), _month(m.group(1)), 1), "month"


def _bare_month(m: re.Match[str], pub: date | None) -> Span:
    return (_nearest_year(_month(m.group(1)), 1, pub) if pub else None), "month"


def _year(m: re.Match[str], pub: date | None) -> Span:
    return date(int(m.group(1)), 1, 1), "year"


def _offset_day(days: int) -> Handler:
    return lambda m, pub: ((pub + timedelta(days=days)) if pub else None, "day")


def _weekday(m: re.Match[str], pub: date | None) -> Span:
    if pub is None:
        return None, "day"
    which, target = m.group(1), WEEKDAYS[m.group(2)]
    back = (pub.weekday() - target) % 7
    if which == "next":
        return pub + timedelta(days=(target - pub.weekday()) % 7 or 7), "day"
    if which == "this":
        return _monday(pub) + timedelta(days=target), "day"
    if which == "last" and back == 0:
        back = 7
    return pub - timedelta(days=back), "day"


def _relative_period(m: re.Match[str], pub: date | None) -> Span:
    if pub is None:
        return None, None
    step = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[m.group(1)]
    unit = m.group(2)
    if unit == "week":
        return _monday(pub) + timedelta(weeks=step), "week"
    if unit == "month":
        return _add_months(pub.replace(day=1), step), "month"
    return date(pub.year + step, 1, 1), "year"


def _weekend(m: re.Match[str], pub: date | None) -> Span:
    if pub is None:
        return None, None
    saturday = _monday(pub) + timedelta(days=5)
    if m.group(1) == "last" or (m.group(1) != "this" and saturday > pub):
        saturday -= timedelta(weeks=1)
    return saturday, "day"


def _ago(m: re.Match[str], pub: date | None) -> Span:
    if pub is None:
        return None, None
    count = int(m.group(1)) if m.group(1).isdigit() else NUMBERS[m.group(1)]
    unit = m.group(2).rstrip("s")
    if unit == "day":
        return pub - timedelta(days=count), "day"
    if unit == "week":
        return _monday(pub - timedelta(weeks=count)), "week"
    if unit == "month":
        return _add_months(pub.replace(day=1), -count), "month"
    return date(pub.year - count, 1, 1), "year"


def _window(m: re.Match[str], pub: date | None) -> Span:
    return (pub, "week") if pub else (None, None)


def _season(m: re.Match[str], pub: date | None) -> Span:
    which, month, year = m.group(1), SEASONS[m.group(2)], m.group(3)
    if year:
        return date(int(year), month, 1), "month"
    if pub is None:
        return None, None
    start = date(pub.year - (1 if month == 12 and pub.month <= 2 else 0), month, 1)
    end = _add_months(start, 3)
    if which in ("last", "past"):
        start = start if end <= pub else date(start.year - 1, month, 1)
    elif which == "next" or end <= pub:
        start = date(start.year + 1, month, 1)
    return start, "month"


_RULES: list[tuple[re.Pattern[str], Handler]] = [
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), _iso),
    # "May 13-14": a span of days starts on its first
    (re.compile(rf"(?P<month>{_MONTH_ALT})\.? (?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
                rf"(?: ?[-\u2013] ?\d{{1,2}}(?:st|nd|rd|th)?)?"
                rf"(?: (?P<year>(?:19|20)\d{{2}}))?"), _full_date),
    (re.compile(rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?: ?[-\u2013] ?\d{{1,2}}(?:st|nd|rd|th)?)?"
                rf" (?:of )?(?P<month>{_MONTH_ALT})\.?"
                rf"(?: (?P<year>(?:19|20)\d{{2}}))?"), _full_date),
    (re.compile(rf"{_MONTH} {_YEAR}"), _month_year),
    (re.compile(rf"(?:early |mid |mid-|late |end of |beginning of |start of )?{_MONTH}"),
     _bare_month),
    (re.compile(rf"(?:early |mid |mid-|late |end of |beginning of |start of )?{_YEAR}"), _year),
    (re.compile(r"(?:today|tonight|this (?:morning|afternoon|evening)|earlier today|"
                r"later today|now)"), _offset_day(0)),
    # "overnight" in a report, like "last night", is the night before it was filed
    (re.compile(r"(?:yesterday(?: (?:morning|afternoon|evening))?|last (?:night|evening)|"
                r"overnight)"), _offset_day(-1)),
    (re.compile(r"day before yesterday"), _offset_day(-2)),
    (re.compile(r"tomorrow(?: (?:morning|afternoon|evening|night))?"), _offset_day(1)),
    (re.compile(rf"(?:(last|next|this|past) )?{_WEEKDAY}{_PART}"), _weekday),
    (re.compile(r"(last|past|previous|this|next|coming) (week|month|year)"), _relative_period),
    (re.compile(r"(?:(last|this|past) )?weekend"), _weekend),
    (re.compile(r"(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|several|a few) "
                r"(days?|weeks?|months?|years?) ago"), _ago),
    (re.compile(r"(?:(?:in )?(?:the )?(?:coming|next|next few|next several|following) "
                r"(?:days|weeks|few days|few weeks)|soon|shortly|in the near future|"
                r"imminently|within days)"), _window),
    (re.compile(r"(?:(this|last|next|past) )?(spring|summer|autumn|fall|winter)(?: of)?"
                rf"(?: {_YEAR})?"), _season),
]


def _clean(text: str) -> str:
    text = _SPACES.sub(" ", text.lower()).strip(" .;:")
    text = _POSSESSIVE.sub("", text)  # "last week's talks"
    previous = None
    while previous != text:
        previous, text = text, _LEAD.sub("", text)
    text = _OVERNIGHT_DAY.sub("", text)
    text = _DATED_WEEKDAY.sub("", text)
    return text.replace("this past ", "last ").replace("earlier this ", "this ")


def resolve_date(text: str, published: date | None) -> EventDate:
    """Resolve a date expression; value None (and precision None) when it cannot be."""
    cleaned = _clean(text)
    for pattern, handler in _RULES:
        m = pattern.fullmatch(cleaned)
        if m:
            try:
                value, precision = handler(m, published)
            except (OverflowError, ValueError):
                return EventDate(text=text)  # "next week" from 9999-12-31 has no calendar date
            if value is None:
                return EventDate(text=text)
            return EventDate(text=text, value=value.isoformat(), precision=precision)
    return EventDate(text=text)


_DATELINE = [
    re.compile(rf"\b{_MONTH}\s+{_DAY}[,.]?\s+{_YEAR}\b", re.IGNORECASE),  # "(July 13. 2012)"
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b"),
]


def parse_dateline(text: str, window: int = 400) -> date | None:
    """The first full date near the start of an article ("KABUL, Afghanistan (Jan. 22, 2013)")."""
    head = text[:window]
    found: list[tuple[int, date]] = []
    for kind, pattern in enumerate(_DATELINE):
        for m in pattern.finditer(head):
            g = m.groups()
            if kind == 0:
                d = _safe_date(int(g[2]), _month(g[0].lower()), int(g[1]))
            elif kind == 1:
                d = _safe_date(int(g[2]), _month(g[1].lower()), int(g[0]))
            else:
                d = _safe_date(int(g[0]), int(g[1]), int(g[2]))
            if d is not None:
                found.append((m.start(), d))
                break
    return min(found)[1] if found else _yearless_dateline(head, text)


# "KABUL, Afghanistan (Nov. 21) -": a dateline without its year, which the header
# gives elsewhere (a release number "2010-11-S-260", a copyright line, ...).
_YEARLESS = re.compile(rf"\(\s*{_MONTH}\s+{_DAY}\s*\)|^\s*{_MONTH}\s+{_DAY}\s*:", re.IGNORECASE)
_HEADER_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
# a release number that encodes the year and month it was issued: "2011-03-S-076"
_RELEASE_NUMBER = re.compile(r"\b((?:19|20)\d{2})-(0[1-9]|1[0-2])-[A-Z]{1,3}-\d{1,4}\b")


def _yearless_dateline(head: str, text: str = "") -> date | None:
    match = _YEARLESS.search(head)
    if match is None:
        return None
    month_name, day_text = (g for g in match.groups() if g is not None)
    month, day = _month(month_name.lower()), int(day_text)
    release = _RELEASE_NUMBER.search(head) or _RELEASE_NUMBER.search(text)
    if release is not None:
        # the year that puts the dateline nearest the month the number was issued in
        # ("2011-01-S-002" with "(Dec. 31)" was filed at the turn of the year, in 2010)
        issued = date(int(release.group(1)), int(release.group(2)), 15)
        options = [d for y in (issued.year - 1, issued.year, issued.year + 1)
                   if (d := _safe_date(y, month, day)) is not None]
        return min(options, key=lambda d: abs((d - issued).days)) if options else None
    year = _HEADER_YEAR.search(head)
    return _safe_date(int(year.group(1)), month, day) if year is not None else None



"""Publication dates from record fields and file names."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

# Tried in order after ISO 8601; numeric dates are read day first (16/05/2025).
_FORMATS: tuple[str, ...] = (
    "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y",
)
_FILENAME_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
# Publication dates outside this range are typos or hostile ("0001-01-01", "9999-12-31"):
# resolving "last year" against them would leave the calendar.
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


def parse_date(value: object) -> date | None:
    """Read a date from a record value; None if it is not a date this module understands
    or lies outside EARLIEST..LATEST."""
    return plausible(_parse(value))


def plausible(value: date | None) -> date | None:
    """The date if it lies within EARLIEST..LATEST, else None."""
    return value if value is not None and EARLIEST <= value <= LATEST else None


def _parse(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    if isinstance(value, int) and not 0 <= value < 10**8:  # only YYYYMMDD numbers are dates
        return None
    text = str(value).strip()
    if not text or len(text) > 100:
        return None
    return _from_iso(text) or _from_formats(text) or _from_rfc2822(text)


def date_from_filename(name: str) -> date | None:
    """The date a file name starts with: "2025-05-16_talks.txt", "20220125T090000Z_GB_en.txt"."""
    match = _FILENAME_DATE.match(name)
    if match is None:
        return None
    try:
        return plausible(date(*(int(part) for part in match.groups())))
    except ValueError:
        return None


def _from_iso(text: str) -> date | None:
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        return None


def _from_formats(text: str) -> date | None:
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _from_rfc2822(text: str) -> date | None:
    """Feed-style dates: "Fri, 16 May 2025 10:00:00 GMT"."""
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None

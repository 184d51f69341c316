"""Date expressions resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from detente.resolve import parse_dateline, resolve_date

FRIDAY = date(2025, 5, 16)  # a Friday
TUESDAY = date(2025, 5, 13)


def _value(text: str, published: date | None = FRIDAY) -> tuple[str | None, str | None]:
    found = resolve_date(text, published)
    assert found.text == text
    return found.value, found.precision


@pytest.mark.parametrize("text, value", [
    ("today", "2025-05-16"), ("tonight", "2025-05-16"), ("this morning", "2025-05-16"),
    ("yesterday", "2025-05-15"), ("last night", "2025-05-15"),
    ("the day before yesterday", "2025-05-14"), ("tomorrow", "2025-05-17"),
])
def test_resolve_date_relative_days(text, value):
    assert _value(text) == (value, "day")


@pytest.mark.parametrize("text, published, value", [
    ("on Friday", FRIDAY, "2025-05-16"),
    ("Friday", FRIDAY, "2025-05-16"),
    ("on Friday", TUESDAY, "2025-05-09"),
    ("on Thursday", FRIDAY, "2025-05-15"),
    ("Saturday", FRIDAY, "2025-05-10"),
    ("on Monday morning", FRIDAY, "2025-05-12"),
    ("Friday night", FRIDAY, "2025-05-16"),
    ("last Friday", FRIDAY, "2025-05-09"),
    ("next Friday", FRIDAY, "2025-05-23"),
    ("next Friday", TUESDAY, "2025-05-16"),
])
def test_resolve_date_weekdays(text, published, value):
    assert _value(text, published) == (value, "day")


@pytest.mark.parametrize("text, value, precision", [
    ("last week", "2025-05-05", "week"),
    ("this week", "2025-05-12", "week"),
    ("earlier this week", "2025-05-12", "week"),
    ("next week", "2025-05-19", "week"),
    ("last month", "2025-04-01", "month"),
    ("this month", "2025-05-01", "month"),
    ("earlier this month", "2025-05-01", "month"),
    ("next month", "2025-06-01", "month"),
    ("last year", "2024-01-01", "year"),
    ("three days ago", "2025-05-13", "day"),
])
def test_resolve_date_relative_periods(text, value, precision):
    assert _value(text) == (value, precision)


def test_resolve_date_month_boundaries():
    assert _value("last month", date(2025, 1, 10)) == ("2024-12-01", "month")
    assert _value("last week", date(2025, 1, 1)) == ("2024-12-23", "week")


@pytest.mark.parametrize("text", ["in the coming days", "in the next few days", "soon",
                                  "in the coming weeks"])
def test_resolve_date_future_window_starts_at_publication(text):
    assert _value(text) == ("2025-05-16", "week")


@pytest.mark.parametrize("text, value", [
    ("May 16", "2025-05-16"), ("16 May", "2025-05-16"), ("May 16, 2025", "2025-05-16"),
    ("on May 16th", "2025-05-16"), ("Feb. 6", "2025-02-06"), ("Jan. 25, 2013", "2013-01-25"),
    ("2025-05-16", "2025-05-16"), ("Friday, May 9", "2025-05-09"), ("June 2", "2025-06-02"),
])
def test_resolve_date_absolute_days(text, value):
    assert _value(text) == (value, "day")


def test_resolve_date_yearless_date_near_new_year_goes_back():
    assert _value("Dec. 28", date(2025, 1, 3)) == ("2024-12-28", "day")
    assert _value("Jan. 2", date(2024, 12, 30)) == ("2025-01-02", "day")


@pytest.mark.parametrize("text, value", [
    ("May 2025", "2025-05-01"), ("in March", "2025-03-01"), ("in December", "2024-12-01"),
    ("mid-March", "2025-03-01"),
])
def test_resolve_date_months(text, value):
    assert _value(text) == (value, "month")


@pytest.mark.parametrize("text, value", [
    ("2022", "2022-01-01"), ("early 2022", "2022-01-01"), ("late 2023", "2023-01-01"),
    ("in 2014", "2014-01-01"),
])
def test_resolve_date_years(text, value):
    assert _value(text) == (value, "year")


@pytest.mark.parametrize("text, published, value", [
    ("the summer", FRIDAY, "2025-06-01"),
    ("this summer", FRIDAY, "2025-06-01"),
    ("the summer", date(2025, 10, 1), "2026-06-01"),
    ("last summer", FRIDAY, "2024-06-01"),
    ("summer 2024", FRIDAY, "2024-06-01"),
])
def test_resolve_date_seasons(text, published, value):
    assert _value(text, published) == (value, "month")


@pytest.mark.parametrize("text", ["nonsense", "", "the ceasefire", "Feb. 30, 2025"])
def test_resolve_date_unresolvable(text):
    assert _value(text) == (None, None)


def test_resolve_date_without_publication_date():
    assert _value("yesterday", None) == (None, None)
    assert _value("on Friday", None) == (None, None)
    assert _value("May 16", None) == (None, None)
    assert _value("May 16, 2025", None) == ("2025-05-16", "day")
    assert _value("2022", None) == ("2022-01-01", "year")


@pytest.mark.parametrize("text, value", [
    ("KABUL, Afghanistan (Jan. 22, 2013) - Afghan and coalition forces", date(2013, 1, 22)),
    ("Regional Command Daily Summary, Oct. 3, 2010\nKABUL", date(2010, 10, 3)),
    ("March 24, 2011\n\nKABUL, Afghanistan", date(2011, 3, 24)),
    ("KYIV, 16 May 2025 — Talks", date(2025, 5, 16)),
    ("Published 2025-05-16 by staff", date(2025, 5, 16)),
    ("HERAT, Afghanistan (Aug. 3. 2012) A patrol", date(2012, 8, 3)),  # period for a comma
])
def test_resolve_date_dateline(text, value):
    assert parse_dateline(text) == value


def test_resolve_date_dateline_absent():
    assert parse_dateline("Officials met on Friday to discuss a truce.") is None
    assert parse_dateline("x" * 500 + " May 5, 2020") is None


def test_resolve_date_possessive():
    assert _value("last week's") == ("2025-05-05", "week")
    assert _value("Thursday\u2019s") == ("2025-05-15", "day")


def test_resolve_date_dateline_year_from_release_number():
    text = "Joint Command 2009-10-S-112 Release\nHERAT, Afghanistan (Oct. 4) - Police"
    assert parse_dateline(text) == date(2009, 10, 4)
    # a number issued in January for a dateline of the last day of December
    text = "Joint Command 2013-01-S-002 Release\nHERAT, Afghanistan (Dec. 31) - Police"
    assert parse_dateline(text) == date(2012, 12, 31)


def test_resolve_date_dateline_release_number_after_the_head():
    text = "HERAT, Afghanistan (Apr. 9) - Police " + "searched a market. " * 30 + \
        "Reference 2014-04-CA-020."
    assert parse_dateline(text) == date(2014, 4, 9)
    assert parse_dateline("HERAT, Afghanistan (Apr. 9) - Police searched a market.") is None


@pytest.mark.parametrize("text, value", [
    ("early Sunday", "2025-05-11"), ("late last night", "2025-05-15"),
    ("early this morning", "2025-05-16"), ("last evening", "2025-05-15"),
    ("the early hours of Friday", "2025-05-16"), ("the night of May 5", "2025-05-05"),
    ("on the morning of May 11", "2025-05-11"), ("overnight Monday", "2025-05-12"),
    ("early Wednesday morning", "2025-05-14"),
])
def test_resolve_date_parts_of_a_day(text, value):
    assert _value(text) == (value, "day")


@pytest.mark.parametrize("text, value", [
    ("May 11-12", "2025-05-11"), ("11\u201312 May", "2025-05-11"),
    ("April 29 - 30, 2024", "2024-04-29"),
])
def test_resolve_date_span_of_days_starts_on_the_first(text, value):
    assert _value(text) == (value, "day")


def test_resolve_date_early_and_late_keep_coarse_precision():
    assert _value("early 2022") == ("2022-01-01", "year")
    assert _value("late March") == ("2025-03-01", "month")

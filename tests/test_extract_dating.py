"""Which date expression of a sentence dates which event (hand-written sentences)."""

from __future__ import annotations

from datetime import date

import pytest

from detente.extract.pipeline import Extractor
from detente.model import Article, Event

pytestmark = pytest.mark.slow

WEDNESDAY = date(2024, 3, 20)



def dated(extractor: Extractor, text: str, trigger: str) -> str | None:
    found: list[Event] = [e for e in extractor.extract(Article(text=text, date=WEDNESDAY)).events
                          if e.trigger == trigger]
    assert found, text
    return found[0].date.value if found[0].date else None


def test_extract_dating_date_of_another_noun_is_skipped(extractor: Extractor) -> None:
    text = "Forces detained the organiser of the March 2 bombing during a raid on Friday."
    assert dated(extractor, text, "detained") == "2024-03-15"
    assert dated(extractor, text, "bombing") == "2024-03-02"


def test_extract_dating_unresolvable_expression_does_not_hide_one(extractor: Extractor) -> None:
    text = "Joint Command release 2012-03-S-045 Soldiers detained two men in Kandahar yesterday."
    assert dated(extractor, text, "detained") == "2024-03-19"


def test_extract_dating_time_of_day_keeps_its_day(extractor: Extractor) -> None:
    text = "Forces detained two men yesterday afternoon in Zharay district."
    assert dated(extractor, text, "detained") == "2024-03-19"


def test_extract_dating_date_of_the_setting_is_kept(extractor: Extractor) -> None:
    text = ("The two sides agreed at last week's talks in Geneva to free 90 prisoners each, "
            "officials said on Monday.")
    assert dated(extractor, text, "agreed") == "2024-03-11"


def test_extract_dating_search_of_premises_is_a_dated_raid(extractor: Extractor) -> None:
    text = "In Kunar last night, a joint patrol searched a compound near Asadabad."
    assert dated(extractor, text, "searched") == "2024-03-19"
    for text in ("Rescuers searched for survivors in the rubble.",
                 "Firefighters were still searching the burned-out warehouse on Monday."):
        found = extractor.extract(Article(text=text, date=WEDNESDAY)).events
        assert not [e for e in found if e.type in ("COERCE", "ASSAULT")], text


def test_extract_dating_day_word_the_tagger_missed(extractor: Extractor) -> None:
    text = ("An air weapons team engaged a group of armed fighters in Pech district, killing "
            "more than 20 fighters overnight.")
    assert dated(extractor, text, "killing") == "2024-03-19"


def test_extract_dating_report_day_yields_to_the_event_day(extractor: Extractor) -> None:
    text = ("Coalition troops confirmed today the arrest of a bomb courier and seized 12 rifles "
            "in Zabul province Saturday.")
    assert dated(extractor, text, "arrest") == "2024-03-16"
    text = ("Officials today confirmed the capture of a weapons smuggler during a raid in Ghazni "
            "city, Ghazni province, March 14.")
    assert dated(extractor, text, "capture") == "2024-03-14"


def test_extract_dating_report_day_in_a_subject_clause_yields(extractor: Extractor) -> None:
    text = ("Also reported today was the arrest of a weapons courier in Farah district, "
            "Farah province, Monday.")
    assert dated(extractor, text, "arrest") == "2024-03-18"


def test_extract_dating_report_day_alone_still_dates(extractor: Extractor) -> None:
    assert dated(extractor, "Police confirmed today the arrest of two smugglers.",
                 "arrest") == "2024-03-20"


def test_extract_dating_merged_noun_keeps_its_own_date(extractor: Extractor) -> None:
    text = ("A joint force carried out an air strike on a commander tied to the March 3 "
            "bombing in Herat province today.")
    assert dated(extractor, text, "strike") == "2024-03-20"


def test_extract_dating_date_of_a_merged_subject_is_kept(extractor: Extractor) -> None:
    text = "Tuesday's strike killed five people, officials said Wednesday."
    assert dated(extractor, text, "killed") == "2024-03-19"
    text = "The March 3 bombing killed nine people in Herat, police said today."
    assert dated(extractor, text, "killed") == "2024-03-03"

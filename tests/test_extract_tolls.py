"""Vague amounts: the word is kept, the number stays unknown, and the least the wording
allows is kept apart ("a courier and several drivers": at least 4)."""

from __future__ import annotations

from datetime import date

import pytest

from detente.extract.pipeline import Extractor
from detente.model import Article, Quantities

pytestmark = pytest.mark.slow



def quantities(extractor: Extractor, text: str, kind: str) -> Quantities:
    found = extractor.extract(Article(text=text, date=date(2023, 3, 2))).events
    [event] = [e for e in found if e.type == kind]
    return event.quantities


@pytest.mark.parametrize(("text", "word", "least"), [
    ("Border guards detained several smugglers near the crossing.", "several", 3),
    ("Soldiers detained a number of suspected looters in the market.", "a number of", 3),
    ("Police arrested numerous protesters outside the ministry.", "numerous", 4),
    ("Troops arrested a few gunmen at the checkpoint.", "a few", 3),
    ("Troops arrested a few suspected militants at the checkpoint.", "a few", 3),
    ("Police detained dozens of demonstrators on Sunday.", "dozens", 24),
])
def test_extract_tolls_vague_amount_has_a_floor_but_no_number(
        extractor: Extractor, text: str, word: str, least: int) -> None:
    held = quantities(extractor, text, "COERCE")
    assert held.persons is None and held.qualifiers == {"persons": word}
    assert held.minimums == {"persons": least} and held.least("persons") == least


def test_extract_tolls_people_counted_one_by_one_join_the_floor(extractor: Extractor) -> None:
    held = quantities(extractor, "Police detained a courier and several of his drivers.", "COERCE")
    assert held.persons is None and held.minimums == {"persons": 4}


def test_extract_tolls_people_taken_along_with_others_count(extractor: Extractor) -> None:
    text = "Investigators identified the courier, who was detained along with several drivers."
    assert quantities(extractor, text, "COERCE").minimums == {"persons": 3}
    text = "Harbour police arrested a smuggler together with two accomplices."
    assert quantities(extractor, text, "COERCE").persons == 3


def test_extract_tolls_words_without_a_floor(extractor: Extractor) -> None:
    many = quantities(extractor, "Gunmen killed many villagers in the raid.", "ASSAULT")
    assert many.killed is None and many.qualifiers == {"killed": "many"} and not many.minimums
    held = quantities(extractor, "Police detained few of the marchers on Friday.", "COERCE")
    assert held.minimums == {} and held.least("persons") is None


def test_extract_tolls_a_stated_number_raised_by_a_vague_part(extractor: Extractor) -> None:
    held = quantities(extractor, "Police detained four couriers and several drivers.", "COERCE")
    assert held.persons == 4 and held.minimums == {"persons": 7} and held.least("persons") == 7
    plain = quantities(extractor, "Police detained four couriers.", "COERCE")
    assert plain.minimums == {} and plain.least("persons") == 4


def test_extract_tolls_companions_of_the_captors_are_not_taken(extractor: Extractor) -> None:
    text = "Police, along with several soldiers, detained a smuggler in the port."
    held = quantities(extractor, text, "COERCE")
    assert held.persons == 1 and held.minimums == {}


def test_extract_tolls_vague_things_are_not_people_taken(extractor: Extractor) -> None:
    text = "Police detained two smugglers and several rifles were found."
    held = quantities(extractor, text, "COERCE")
    assert held.persons == 2 and held.least("persons") == 2
    text = "Police detained two smugglers and secured multiple rifles."
    assert quantities(extractor, text, "COERCE").least("persons") == 2


def test_extract_tolls_thousands_has_a_floor(extractor: Extractor) -> None:
    held = quantities(extractor, "Police detained thousands of protesters.", "COERCE")
    assert held.persons is None and held.minimums == {"persons": 2000}

"""Stories from hand-built reports in a real store: what links, what stays apart, and why.

The reports are our own sentences; each test builds the events the extractor would give.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from detente.cli import main
from detente.link import get_story, link_store
from detente.model import Actor, Claim, EventDate, Extraction, Place, Quantities
from detente.serve.app import create_app
from detente.store import Store

sys.path.insert(0, str(Path(__file__).parent))
from test_serve_support import AsgiClient  # noqa: E402

Make = Callable[..., Extraction]
BIDEN = Actor("Joe Biden", "Joe Biden", "USA", "GOV")
PUTIN = Actor("Vladimir Putin", "Vladimir Putin", "RUS", "GOV")
BLINKEN = Actor("Antony Blinken", "Antony Blinken", "USA", "GOV")
LAVROV = Actor("Sergei Lavrov", "Sergei Lavrov", "RUS", "GOV")
RUS, UKR = Actor("Russia", "Russia", "RUS"), Actor("Ukraine", "Ukraine", "UKR")
SATURDAY = date(2025, 2, 15)
KHARKIV = Place("Kharkiv", "Kharkiv", "UKR", "Kharkiv Oblast", 49.99, 36.23)
KHARKIV_DISTRICT = Place("Saltivskyi district", "Saltivskyi", "UKR", "Kharkiv Oblast", 50.02, 36.30)
ODESA = Place("Odesa", "Odesa", "UKR", "Odesa Oblast", 46.48, 30.72)


def _event(make: Make, text: str, published: date, **fields: object) -> Extraction:
    return make(text, published=published, **fields)


def _day(value: date, text: str = "on Saturday") -> EventDate:
    return EventDate(text, value.isoformat(), "day")


def _stories(store: Store, *extractions: Extraction) -> list[set[str]]:
    store.add_extractions(list(extractions))
    link_store(store)
    rows = store.conn.execute("SELECT story_id, event_id FROM story_mentions").fetchall()
    groups: dict[str, set[str]] = {}
    for story_id, event_id in rows:
        groups.setdefault(story_id, set()).add(event_id)
    return sorted(groups.values(), key=len, reverse=True)


def _calls(make: Make) -> tuple[Extraction, Extraction]:
    first = _event(make, "Joe Biden and Vladimir Putin held a phone call on Saturday about "
                   "the troop build-up near Ukraine.", SATURDAY, type="CONSULT", mode="phone",
                   source=[BIDEN], target=[PUTIN], date=_day(SATURDAY))
    second = _event(make, "In a telephone conversation that lasted over an hour, Biden warned "
                    "Putin of swift and severe costs.", date(2025, 2, 16), type="THREATEN",
                    source=[BIDEN], target=[PUTIN], claimed_by=Claim("the White House", "USA"))
    return first, second


def test_link_stories_one_call_in_two_outlets_words(store: Store, make_extraction: Make) -> None:
    first, second = _calls(make_extraction)
    assert len(_stories(store, first, second)[0]) == 2
    view = get_story(store, second.events[0].id)
    assert view is not None
    joined = {m["id"]: m["joined"] for m in view.mentions}
    assert joined[first.events[0].id]["via"] is None  # the first report
    reason = joined[second.events[0].id]["reason"]
    assert "same participants (Joe Biden, Vladimir Putin)" in reason
    assert "CONSULT and THREATEN naming one kind of event" in reason
    assert view.story["first_report"] == "2025-02-15" and view.story["last_report"] == "2025-02-16"
    assert [c["claimant"] for c in view.claims] == ["the White House"]


def test_link_stories_two_calls_the_same_day_stay_apart(store: Store, make_extraction: Make,
                                                        ) -> None:
    first, _ = _calls(make_extraction)
    other = _event(make_extraction, "Antony Blinken and Sergei Lavrov spoke by phone on Saturday "
                   "about the troop build-up near Ukraine.", SATURDAY, type="CONSULT",
                   mode="phone", source=[BLINKEN], target=[LAVROV], date=_day(SATURDAY))
    assert [len(s) for s in _stories(store, first, other)] == [1, 1]


def test_link_stories_a_meeting_and_a_call_stay_apart(store: Store, make_extraction: Make,
                                                      ) -> None:
    first, _ = _calls(make_extraction)
    meeting = _event(make_extraction, "Joe Biden met Vladimir Putin in Geneva this week to "
                     "discuss the troop build-up near Ukraine.", SATURDAY, type="CONSULT",
                     mode="visit", source=[BIDEN], target=[PUTIN])
    assert [len(s) for s in _stories(store, first, meeting)] == [1, 1]


def _strike(make: Make, text: str, published: date, place: Place, day: date | None = None,
            killed: int | None = None) -> Extraction:
    return _event(make, text, published, type="ASSAULT", source=[RUS], target=[UKR],
                  location=place, date=_day(day) if day else None,
                  quantities=Quantities(killed=killed))


def test_link_stories_district_and_its_city_a_day_off(store: Store, make_extraction: Make,
                                                      ) -> None:
    city = _strike(make_extraction, "Russian missiles hit Kharkiv on Tuesday night, killing "
                   "four people in an apartment block.", date(2025, 3, 5), KHARKIV,
                   date(2025, 3, 4), killed=4)
    district = _strike(make_extraction, "A missile strike on an apartment block in the "
                       "Saltivskyi district killed four residents overnight into Wednesday.",
                       date(2025, 3, 5), KHARKIV_DISTRICT, date(2025, 3, 5), killed=4)
    assert len(_stories(store, city, district)[0]) == 2


def test_link_stories_same_wording_far_apart_or_days_apart(store: Store, make_extraction: Make,
                                                          ) -> None:
    text = "Russian missiles hit an apartment block, killing four people."
    kharkiv = _strike(make_extraction, text + " Kharkiv.", date(2025, 3, 5), KHARKIV,
                      date(2025, 3, 4), killed=4)
    odesa = _strike(make_extraction, text + " Odesa.", date(2025, 3, 5), ODESA,
                    date(2025, 3, 4), killed=4)
    later = _strike(make_extraction, text + " Kharkiv again.", date(2025, 3, 8), KHARKIV,
                    date(2025, 3, 7), killed=4)
    assert [len(s) for s in _stories(store, kharkiv, odesa, later)] == [1, 1, 1]


def test_link_stories_one_link_cannot_chain_two_days(store: Store, make_extraction: Make,
                                                     ) -> None:
    """An undated report fits both the Monday and the Wednesday strike; it may join one of
    them, never bring the two together."""
    monday = _strike(make_extraction, "Russian drones struck Kharkiv's power station on "
                     "Monday, killing three workers.", date(2025, 3, 3), KHARKIV,
                     date(2025, 3, 3), killed=3)
    wednesday = _strike(make_extraction, "Russian drones struck Kharkiv's power station on "
                        "Wednesday, killing three workers.", date(2025, 3, 5), KHARKIV,
                        date(2025, 3, 5), killed=3)
    undated = _strike(make_extraction, "Russian drones struck Kharkiv's power station, "
                      "killing three workers, officials said.", date(2025, 3, 5), KHARKIV,
                      killed=3)
    sizes = [len(s) for s in _stories(store, monday, wednesday, undated)]
    assert sizes[0] <= 2 and sum(sizes) == 3


def test_link_stories_api_and_cli_show_why(tmp_path: Path, make_extraction: Make,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "calls.db"
    first, second = _calls(make_extraction)
    with Store.open(db) as store:
        _stories(store, first, second)
    client = AsgiClient(create_app(db))
    body = client.get(f"/api/stories/{first.events[0].id}").json()
    assert len(body["mentions"]) == 2 and body["story"]["article_count"] == 2
    assert any("same participants" in ((m["joined"] or {}).get("reason") or "")
               for m in body["mentions"])
    assert client.get("/api/stories/s-missing").status_code == 404
    assert main(["event", first.events[0].id, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "joined via" in out and "first report" in out and "reported 2025-02-15" in out

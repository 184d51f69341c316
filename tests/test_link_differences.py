"""Stories that survive the differences between real reports: a province and a town in it, a
toll that rises from one report to the next, one handover typed differently by two outlets.

Hand-built events (our own sentences) in a real SQLite store; no language model.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from detente.link import get_story, link_store
from detente.model import Actor, Claim, EventDate, Extraction, Place, Quantities
from detente.store import Store

Make = Callable[..., Extraction]
RUS, UKR = Actor("Russia", "Russia", "RUS", "GOV"), Actor("Ukraine", "Ukraine", "UKR", "GOV")
MONDAY = date(2025, 6, 2)
# A province is stored under its capital's coordinates, with no gazetteer id.
ZAPORIZHZHIA_OBLAST = Place("Zaporizhzhia region", "Zaporizhzhia Oblast", "UKR",
                            "Zaporizhzhia Oblast", 47.84, 35.14)
BERDIANSK = Place("Berdiansk", "Berdiansk", "UKR", "Zaporizhzhia Oblast", 46.76, 36.79, 712451)
KHERSON_OBLAST = Place("Kherson region", "Kherson Oblast", "UKR", "Kherson Oblast", 46.64, 32.61)
DNIPRO = Place("Dnipro", "Dnipro", "UKR", "Dnipropetrovsk Oblast", 48.47, 35.04, 709930)
DNIPRO_DISTRICT = Place("Shevchenkivskyi district", "Shevchenkivskyi district", "UKR",
                        "Dnipropetrovsk Oblast", 48.45, 35.03)
GOVERNOR = Claim("the regional governor", "UKR", "GOV")
RESCUERS = Claim("the State Emergency Service", "UKR", "GOV")


def _stories(store: Store, *extractions: Extraction) -> list[set[str]]:
    store.add_extractions(list(extractions))
    link_store(store)
    groups: dict[str, set[str]] = {}
    for story_id, event_id in store.conn.execute("SELECT story_id, event_id FROM story_mentions"):
        groups.setdefault(story_id, set()).add(event_id)
    return sorted(groups.values(), key=len, reverse=True)


def _strike(make: Make, text: str, published: date, place: Place, killed: int,
            claim: Claim | None = GOVERNOR, day: date | None = MONDAY) -> Extraction:
    return make(text, published=published, type="ASSAULT", mode="aerial", source=[RUS],
                target=[UKR], location=place, quantities=Quantities(killed=killed),
                date=EventDate("on Monday", day.isoformat(), "day") if day else None,
                claimed_by=claim)


def test_link_differences_a_town_and_its_province_far_from_the_capital(
        store: Store, make_extraction: Make) -> None:
    """Berdiansk lies about 175 km from Zaporizhzhia, whose coordinates the province
    carries: one report naming the province and one the town are one strike."""
    province = _strike(make_extraction, "A Russian glide bomb killed three civilians in the "
                       "Zaporizhzhia region on Monday, the governor said.", MONDAY,
                       ZAPORIZHZHIA_OBLAST, 3)
    town = _strike(make_extraction, "Three civilians were killed when a Russian glide bomb hit "
                   "a market in Berdiansk on Monday, the governor said.", MONDAY, BERDIANSK, 3)
    other_province = _strike(make_extraction, "A Russian glide bomb killed three civilians in "
                             "the Kherson region on Monday, the governor said.", MONDAY,
                             KHERSON_OBLAST, 3)
    groups = _stories(store, province, town, other_province)
    assert [len(g) for g in groups] == [2, 1]
    assert groups[0] == {province.events[0].id, town.events[0].id}
    view = get_story(store, town.events[0].id)
    assert view is not None
    reason = next(m["joined"]["reason"] for m in view.mentions if m["joined"]["via"])
    assert "in Zaporizhzhia Oblast" in reason


def test_link_differences_a_rising_toll_updates_the_story(store: Store, make_extraction: Make,
                                                          ) -> None:
    """4 dead in the city on Monday, 11 in one of its districts by Wednesday: one story whose
    best figure is the latest official one, low and high kept, each claimant's figures."""
    first = _strike(make_extraction, "A Russian missile hit an apartment block in Dnipro on "
                    "Monday, killing four people, the regional governor said.", MONDAY,
                    DNIPRO, 4)
    witnesses = _strike(make_extraction, "Residents said at least 15 people died when the "
                        "missile hit the apartment block in Dnipro on Monday.",
                        date(2025, 6, 4), DNIPRO, 15, Claim("residents"))
    rose = _strike(make_extraction, "The death toll from Monday's missile strike on an "
                   "apartment block in Dnipro's Shevchenkivskyi district rose to 11, the "
                   "State Emergency Service said.", date(2025, 6, 4), DNIPRO_DISTRICT, 11,
                   RESCUERS)
    groups = _stories(store, first, witnesses, rose)
    assert [len(g) for g in groups] == [3]
    view = get_story(store, first.events[0].id)
    assert view is not None
    story = view.story
    assert (story["killed_best"], story["killed_low"], story["killed_high"]) == (11, 4, 15)
    claims = {c["claimant"]: c["figures"]["killed"] for c in view.claims}
    assert claims == {"the regional governor": [4], "residents": [15],
                      "the State Emergency Service": [11]}


def test_link_differences_a_lower_later_toll_is_another_strike(store: Store,
                                                               make_extraction: Make) -> None:
    first = _strike(make_extraction, "A Russian missile hit an apartment block in Dnipro on "
                    "Monday, killing 11 people, the regional governor said.", MONDAY, DNIPRO, 11)
    later = _strike(make_extraction, "A Russian missile hit an apartment block in Dnipro on "
                    "Monday, killing three people, the regional governor said.",
                    date(2025, 6, 3), DNIPRO, 3)
    assert [len(g) for g in _stories(store, first, later)] == [1, 1]


def _handover(make: Make, text: str, kind: str, quantities: Quantities,
              published: date = MONDAY, source: list[Actor] | None = None) -> Extraction:
    return make(text, published=published, type=kind,
                mode="release" if kind == "RETREAT" else None,
                source=source or [RUS], target=[UKR],
                date=EventDate("on Monday", MONDAY.isoformat(), "day"), quantities=quantities)


def test_link_differences_one_handover_typed_three_ways(store: Store, make_extraction: Make,
                                                        ) -> None:
    """Returned bodies read as an attack (the dead as killed), as a release and as the
    deal carried out: one story, of type RETREAT."""
    release = _handover(make_extraction, "Russia handed over the bodies of 909 Ukrainian "
                        "soldiers to Ukraine on Monday.", "RETREAT", Quantities(persons=909))
    attack = _handover(make_extraction, "Ukraine said on Monday that the bodies of 909 fallen "
                       "defenders had been returned from Russia.", "ASSAULT",
                       Quantities(killed=909), date(2025, 6, 3), [UKR])
    deal = _handover(make_extraction, "Under the deal agreed in Istanbul, Moscow returned 909 "
                     "bodies to Kyiv on Monday, Russian officials said.", "AGREE",
                     Quantities(persons=909), date(2025, 6, 3))
    groups = _stories(store, release, attack, deal)
    assert [len(g) for g in groups] == [3]
    view = get_story(store, attack.events[0].id)
    assert view is not None and view.story["type"] == "RETREAT"
    assert view.story["persons_best"] == 909


def test_link_differences_handovers_of_other_numbers_stay_apart(store: Store,
                                                                make_extraction: Make) -> None:
    bodies = _handover(make_extraction, "Russia handed over the bodies of 909 Ukrainian "
                       "soldiers to Ukraine on Monday.", "RETREAT", Quantities(persons=909))
    prisoners = _handover(make_extraction, "Ukraine said on Monday that 84 soldiers had been "
                          "returned from Russian captivity.", "ASSAULT", Quantities(killed=84),
                          date(2025, 6, 3), [UKR])
    assert [len(g) for g in _stories(store, bodies, prisoners)] == [1, 1]

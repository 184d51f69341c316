"""Where events happen: places on the trigger, named divisions, settings, actors' homes."""

from __future__ import annotations

import pytest

from detente.extract.pipeline import Extractor
from detente.model import Article, Event

pytestmark = pytest.mark.slow



def event(extractor: Extractor, text: str, kind: str) -> Event:
    found = [e for e in extractor.extract(Article(text=text)).events if e.type == kind]
    assert found, text
    return found[0]


def admin1(extractor: Extractor, text: str, kind: str = "ASSAULT") -> str | None:
    place = event(extractor, text, kind).location
    return place.admin1 if place else None


def test_extract_locations_actor_home_division(extractor: Extractor) -> None:
    # no place is named: the fighters' self-declared republic is the oblast
    assert admin1(extractor, "Three DPR fighters were killed in overnight shelling.") == (
        "Donetsk Oblast")
    assert admin1(extractor, "Donetsk rebels say four soldiers were killed.") == "Donetsk Oblast"


def test_extract_locations_capital_modifier_is_the_state(extractor: Extractor) -> None:
    # "Kiev troops" are Ukraine's army, not an event in Kyiv
    assert admin1(extractor, "Four LPR militiamen killed in Kiev troops’ shelling overnight") == (
        "Luhansk Oblast")


def test_extract_locations_home_not_given_to_statements(extractor: Extractor) -> None:
    talks = event(extractor, "The DPR leader said talks with Kyiv would resume next month.",
                  "CONSULT")
    assert talks.location is None


def test_extract_locations_named_province_outranks_district_guess(extractor: Extractor) -> None:
    # "Bati" alone is a village of Nangarhar; the province named with it wins
    assert admin1(extractor, "Coalition troops killed three insurgents in Bati district of "
                             "Khost province on Monday.") == "Khost"
    assert admin1(extractor, "In Bati district, Khost province, the patrol killed two "
                             "gunmen.") == "Khost"


def test_extract_locations_place_of_the_setting(extractor: Extractor) -> None:
    assert admin1(extractor, "A driver died during the bombardment of Kostiantynivka.") == (
        "Donetsk Oblast")
    text = "Two pensioners were hurt in the shelling of the old town of Horlivka."
    assert admin1(extractor, text) == "Donetsk Oblast"


def test_extract_locations_town_tagged_as_adverb(extractor: Extractor) -> None:
    text = "Separatist gunners shelled Toretsk twice, wounding a pensioner."
    assert admin1(extractor, text) == "Donetsk Oblast"


def test_extract_locations_actor_division_decides_between_namesakes(extractor: Extractor) -> None:
    # Ukraine has a dozen villages of this name; the DPR's is in Donetsk Oblast
    assert admin1(extractor, "Shelling wounded two in Vladimirovka, the DPR said.") == (
        "Donetsk Oblast")


def test_extract_locations_province_inside_a_run_on_headline(extractor: Extractor) -> None:
    # the parser takes the whole run for one name ending in the country
    text = "Militants Captured in Khost ISAF Regional Command - Afghanistan"
    assert admin1(extractor, text, "COERCE") == "Khost"


def test_extract_locations_province_after_a_hyphenated_village(extractor: Extractor) -> None:
    # the tagger splits the village name and hangs the province name as a modifier
    text = ("A Taliban commander in Pul-e Kandak village, Logar province, was arrested by "
            "an Afghan force today.")
    assert admin1(extractor, text, "COERCE") == "Logar"


def test_extract_locations_settlement_of_a_name(extractor: Extractor) -> None:
    assert admin1(extractor, "Two civilians died in the city of Toretsk.") == "Donetsk Oblast"


def test_extract_locations_named_region_decides_between_namesakes(extractor: Extractor) -> None:
    # the largest Pisky is a Poltava village; the Donbas one is in Donetsk Oblast
    assert admin1(extractor, "Five soldiers died near Pisky in the Donbas.") == "Donetsk Oblast"


def test_extract_locations_other_town_decides_between_namesakes(extractor: Extractor) -> None:
    text = "Mortar rounds killed a farmer between Pisky and Krasnohorivka."
    assert admin1(extractor, text) == "Donetsk Oblast"


def test_extract_locations_attackers_demonym_is_no_country_hint(extractor: Extractor) -> None:
    # "Russian" names who fired: the town is not looked for in Russia
    text = "A pensioner was killed when Russian rockets hit Pokrovsk."
    assert admin1(extractor, text) == "Donetsk Oblast"


@pytest.mark.parametrize("text, expected", [
    ("Shelling of Mariupol's Ordzhonikidze district killed a teacher.", "Donetsk Oblast"),
    # Kharkiv has a Kyivskyi district too: the city it belongs to decides
    ("A shell killed two people in the Kyivskyi district of Kharkiv.", "Kharkiv Oblast"),
])
def test_extract_locations_town_of_a_city_district(extractor: Extractor, text: str,
                                                   expected: str) -> None:
    assert admin1(extractor, text) == expected


@pytest.mark.parametrize("text", [
    "Makiivka shelling kills four",
    "Bakhmut artillery strike kills five",
    "Kramatorsk rocket attack leaves six dead",
])
def test_extract_locations_town_heading_the_attack(extractor: Extractor, text: str) -> None:
    assert admin1(extractor, text) == "Donetsk Oblast"


@pytest.mark.parametrize("text, kind", [
    ("Heavy artillery strike kills five", "ASSAULT"),
    ("Air raid kills four guards", "ASSAULT"),  # "Air" is no "Ayr"
    ("Tank attack kills two villagers", "ASSAULT"),  # a town's own name, but in no division
    ("Mine explosion wounds two sappers", "ASSAULT"),
    ("More than half of the district was captured", "COERCE"),  # "More" is no "Moore"
])
def test_extract_locations_headline_first_word_must_be_a_towns_own_name(
        extractor: Extractor, text: str, kind: str) -> None:
    assert event(extractor, text, kind).location is None


def test_extract_locations_place_inside_the_country_wins(extractor: Extractor) -> None:
    text = "Three miners killed in eastern Ukraine near Toretsk"
    assert admin1(extractor, text) == "Donetsk Oblast"


def test_extract_locations_victims_town(extractor: Extractor) -> None:
    text = "Four residents of Druzhkivka killed by Russian missile"
    assert admin1(extractor, text) == "Donetsk Oblast"


def test_extract_locations_headline_rubric(extractor: Extractor) -> None:
    assert admin1(extractor, "Sumy: drone strike kills two") == "Sumy Oblast"


def test_extract_locations_subject_with_an_object_is_the_attacker(extractor: Extractor) -> None:
    # the troops come from Kyiv; the dead belong to the DPR
    text = "Kiev soldiers kill four DPR servicemen in an ambush"
    assert admin1(extractor, text) == "Donetsk Oblast"


def test_extract_locations_unit_named_after_a_town_is_no_home(extractor: Extractor) -> None:
    place = event(extractor, "Azov battalion kills five rebels", "ASSAULT").location
    assert place is None or place.admin1 is None


def test_extract_locations_pronoun_subject_is_no_town(extractor: Extractor) -> None:
    # the clause's capitalised subject "It" is no town (a West Bank "Jit" was found)
    text = "It was the worst shelling of the village in weeks."
    assert event(extractor, text, "ASSAULT").location is None


@pytest.mark.parametrize("text, kind", [
    ("Border clashes between Kyrgyzstan and Tajikistan killed 12 guards.", "ASSAULT"),
    ("A swap between Moscow and Kyiv returned 90 captives.", "RETREAT"),
])
def test_extract_locations_between_the_parties_is_no_place(extractor: Extractor, text: str,
                                                           kind: str) -> None:
    # countries and capitals after "between" are the sides, not where it happened
    assert event(extractor, text, kind).location is None


@pytest.mark.parametrize("text, country", [
    ("Envoys met in Vienna on Tuesday to discuss a truce in Zaporizhzhia.", "AUT"),
    ("Mediators met in Oslo to discuss the fighting in Kharkiv.", "NOR"),
])
def test_extract_locations_venue_town_without_divisions_is_no_broad_place(
        extractor: Extractor, text: str, country: str) -> None:
    # the gazetteer knows no divisions of these countries: the city is still a town, and
    # the meeting's place, not a country giving way to the place of what was discussed
    place = event(extractor, text, "CONSULT").location
    assert place is not None and place.country == country


def test_extract_locations_armed_group_named_after_a_town_is_no_town(
        extractor: Extractor) -> None:
    # "Azov" is also a town of Rostov Oblast: it neither steers Donetsk into Russia nor
    # is the place of its own raid
    place = event(extractor, "Azov artillery strike wounds three in Donetsk", "ASSAULT").location
    assert place is not None and (place.country, place.admin1) == ("UKR", "Donetsk Oblast")
    assert event(extractor, "Azov raid kills nine Russian paratroopers",
                 "ASSAULT").location is None


@pytest.mark.parametrize("text", [
    "Ukrainian units shelled Kamenka on Sunday.",
    "Ukrainian artillery hit Russian trenches near Pervomaisk.",
])
def test_extract_locations_sides_of_a_war_point_to_its_theatre(extractor: Extractor,
                                                              text: str) -> None:
    # both demonyms label the sides' forces; the namesake is looked for where the war is
    place = event(extractor, text, "ASSAULT").location
    assert place is not None and place.country == "UKR"


@pytest.mark.parametrize("text", [
    "Two Ukrainian servicemen were wounded near Pisky.",
    "Separatists shelled Peski on Tuesday.",  # the Russian spelling, no country named
])
def test_extract_locations_added_village_outranks_namesakes(extractor: Extractor,
                                                            text: str) -> None:
    assert admin1(extractor, text) == "Donetsk Oblast"


def test_extract_locations_a_town_taken_is_where_it_happened(extractor: Extractor) -> None:
    assert admin1(extractor, "Russian forces captured Vuhledar on Tuesday.", "COERCE") == (
        "Donetsk Oblast")
    assert admin1(extractor, "Police seized weapons at a depot.", "COERCE") is None

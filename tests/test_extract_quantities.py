"""Head counts read from hand-written sentences: who died, who was taken, how many."""

from __future__ import annotations

from datetime import date

import pytest

from detente.extract.numbers import count_runs
from detente.extract.pipeline import Extractor, load_nlp
from detente.model import Article, Event

pytestmark = pytest.mark.slow



def events(extractor: Extractor, text: str) -> list[Event]:
    return extractor.extract(Article(text=text, date=date(2024, 6, 14))).events


def killed(extractor: Extractor, text: str) -> int | None:
    return max((e.quantities.killed or 0 for e in events(extractor, text)
                if e.type == "ASSAULT"), default=None)


def detained(extractor: Extractor, text: str) -> int | None:
    found = [e.quantities.persons for e in events(extractor, text)
             if e.type == "COERCE" and e.mode == "arrest"]
    return max((n for n in found if n is not None), default=None)


@pytest.mark.parametrize(("words", "expected"), [
    ("Rebels killed between four and seven soldiers.", [("four", True)]),
    ("Rebels killed 3-5 soldiers.", [("3", True)]),
    ("Shelling wounded two or three villagers.", [("two", True)]),
    ("The toll climbed from 8 to 11.", [("11", False)]),
    ("Guards freed one hundred and five inmates.", [("one hundred five", False)]),
])
def test_extract_quantities_ranges_keep_the_low_end(words: str, expected: list) -> None:
    doc = load_nlp()(words)
    runs = [(" ".join(t.text for t in run), low) for run, low in count_runs(doc[:])]
    assert runs == expected


def test_extract_quantities_range_is_a_minimum(extractor: Extractor) -> None:
    [event] = [e for e in events(extractor, "Troops killed between four and seven militants.")
               if e.type == "ASSAULT"]
    assert event.quantities.killed == 4
    assert event.quantities.qualifiers == {"killed": "at least"}


def test_extract_quantities_perpetrators_are_not_victims(extractor: Extractor) -> None:
    assert killed(extractor, "Four gunmen killed two police officers in Herat.") == 2


def test_extract_quantities_toll_with_misparsed_subject(extractor: Extractor) -> None:
    text = "Death toll from the army’s shelling of Horlivka rises to five"
    assert killed(extractor, text) == 5
    [event] = events(extractor, "Death toll in Horlivka rises to 4, injured to 9 - mayor")
    assert (event.quantities.killed, event.quantities.injured) == (4, 9)


def test_extract_quantities_number_on_a_possessor(extractor: Extractor) -> None:
    assert killed(extractor, "Three Kherson region's residents killed in shelling") == 3


def test_extract_quantities_bodies_are_deaths(extractor: Extractor) -> None:
    text = "Investigators exhumed 23 bodies of civilians killed during the occupation of Izium."
    assert killed(extractor, text) == 23
    assert killed(extractor, "Two governing bodies met in Brussels.") is None


def test_extract_quantities_death_of_a_named_person(extractor: Extractor) -> None:
    text = "The raid in Zabul resulted in the death of Abdul Karim, a local Taliban commander."
    assert killed(extractor, text) == 1


def test_extract_quantities_victim_as_subject(extractor: Extractor) -> None:
    assert killed(extractor, "Policeman killed, two villagers hurt in mortar fire") == 1
    assert killed(extractor, "Soldier dies after ambush near Bakhmut") == 1
    assert killed(extractor, "A senior commander was confirmed killed in the raid.") == 1


def test_extract_quantities_nominal_arrest(extractor: Extractor) -> None:
    text = "Officials confirmed the arrest of a bomb maker in Ghazni province."
    assert detained(extractor, text) == 1


def test_extract_quantities_person_inside_organisation_phrase(extractor: Extractor) -> None:
    text = "Police arrested a senior Islamic Jihad Union of Turkestan (IJU) leader in Kunduz."
    assert detained(extractor, text) == 1


def test_extract_quantities_aim_is_not_a_detention(extractor: Extractor) -> None:
    text = ("Police in Takhar province detained two suspects during a raid to arrest "
            "a militia commander.")
    assert detained(extractor, text) == 2


def test_extract_quantities_coordinated_groups_add_up(extractor: Extractor) -> None:
    assert detained(extractor, "Forces captured three facilitators and two other militants.") == 5
    assert killed(extractor, "Soldiers killed a rebel commander and one other fighter.") == 2


def test_extract_quantities_vague_group_leaves_count_unknown(extractor: Extractor) -> None:
    text = "Police detained a smuggler and several of his associates in Kandahar."
    assert detained(extractor, text) is None


@pytest.mark.parametrize("text", [
    "Security forces have detained more than 40 militants since the first of the year.",
    "Security forces have detained 40 militants since March.",
    "Police said 12 smugglers were detained this month alone.",
])
def test_extract_quantities_running_totals_are_not_one_event(
        extractor: Extractor, text: str) -> None:
    assert detained(extractor, text) is None


def test_extract_quantities_casualty_headline_is_an_assault(extractor: Extractor) -> None:
    found = events(extractor, "Civilian casualties in Zaporizhzhia region")
    assert [e.type for e in found] == ["ASSAULT"]
    assert found[0].quantities.killed is None


def test_extract_quantities_range_read_as_a_date(extractor: Extractor) -> None:
    assert killed(extractor, "Between 20 and 25 villagers were killed in the raid.") == 20


def test_extract_quantities_shot_dead_and_relatives(extractor: Extractor) -> None:
    assert killed(extractor, "Soldiers shot dead a gunman at a checkpoint in Hebron.") == 1
    assert killed(extractor, "A drone strike killed a militia leader and his three sons.") == 4


def test_extract_quantities_abducted_people(extractor: Extractor) -> None:
    [event] = [e for e in events(extractor, "Gunmen abducted six engineers near Gao.")
               if e.type == "ASSAULT"]
    assert event.quantities.persons == 6 and event.quantities.killed is None


def test_extract_quantities_groups_of_conjoined_verbs_add_up(extractor: Extractor) -> None:
    text = "Police arrested 15 students and detained three reporters in Tbilisi."
    assert detained(extractor, text) == 18


def test_extract_quantities_a_round_and_the_whole_exchange_do_not_add_up(
        extractor: Extractor) -> None:
    text = ("The two countries freed 80 detainees each on Monday, completing the exchange of "
            "300 detainees per side agreed in Doha.")
    [release] = [e for e in extractor.extract(Article(text=text)).events
                 if e.type == "RETREAT" and e.quantities.persons]
    assert release.quantities.persons == 80 and release.quantities.per_side


def test_extract_quantities_vague_amounts_are_kept_as_words_without_a_number(
        extractor: Extractor) -> None:
    text = "Government troops killed several fighters and detained dozens of villagers."
    found = {e.type: e.quantities for e in extractor.extract(Article(text=text)).events}
    assert found["ASSAULT"].killed is None and found["ASSAULT"].qualifiers == {"killed": "several"}
    assert found["COERCE"].persons is None and found["COERCE"].qualifiers == {"persons": "dozens"}
    other = extractor.extract(Article(text="Police detained other suspects on Friday.")).events
    assert all(not e.quantities.qualifiers for e in other)


@pytest.mark.parametrize("text", [
    "The conflict waged by Moscow has claimed the lives of about 9,000 people and injured "
    "at least 20,000.",
    "Defenders are killing nearly 500 attackers every day, the general said.",
    "The war has killed more than 8,000 civilians.",
])
def test_extract_quantities_totals_and_rates_are_statistics(
        extractor: Extractor, text: str) -> None:
    extraction = extractor.extract(Article(text=text))
    assert not any(e.quantities.killed or e.quantities.injured for e in extraction.events)
    assert extraction.statistics


@pytest.mark.parametrize("text", [
    "Two soldiers were killed in allied positions near the river.",    # not "in all"
    "Three guards were killed overnight in the warehouse district.",  # not "in the war"
    "Four people were injured at the weekend market of the wartime port.",  # not "of the war"
])
def test_extract_quantities_markers_match_whole_words(extractor: Extractor, text: str) -> None:
    """Running-total markers are matched by token, not as substrings: "in all" is not in
    "in allied", "of the war" not in "of the wartime"."""
    extraction = extractor.extract(Article(text=text))
    assert not extraction.statistics
    assert any(e.quantities.killed or e.quantities.injured for e in extraction.events)


def test_extract_quantities_a_marker_as_whole_words_is_a_total(extractor: Extractor) -> None:
    extraction = extractor.extract(Article(text="Some 40 soldiers were killed in all."))
    assert extraction.statistics and not any(e.quantities.killed for e in extraction.events)


@pytest.mark.parametrize("text, expected", [
    ("A dozen miners were killed by the blast.", 12),
    ("Two dozen conscripts died in the strike.", 24),
])
def test_extract_quantities_dozen_multiplies(extractor: Extractor, text: str,
                                            expected: int) -> None:
    assert killed(extractor, text) == expected


def test_extract_quantities_half_a_dozen(extractor: Extractor) -> None:
    found = [e for e in events(extractor, "Half a dozen guards were wounded by the mine.")
             if e.type == "ASSAULT"]
    assert found and found[0].quantities.injured == 6


def test_extract_quantities_some_of_its_own(extractor: Extractor) -> None:
    # headline style: the casualty word hangs on the group the number takes a part of
    assert killed(extractor, "The militia says two of its fighters killed in shelling") == 2


def test_extract_quantities_one_of_a_group_already_counted(extractor: Extractor) -> None:
    text = ("Troops killed three insurgents in Kunar. One of the insurgents killed was a "
            "bomb maker.")
    assert killed(extractor, text) == 3


@pytest.mark.parametrize("text", [
    "Sniper fire kills civilian near the bridge",
    "A pensioner was killed when rockets hit the town.",
])
def test_extract_quantities_one_bare_victim(extractor: Extractor, text: str) -> None:
    assert killed(extractor, text) == 1

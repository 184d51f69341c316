"""Who did what to whom: actors read from objects, content phrases and the setting."""

from __future__ import annotations

import pytest

from detente.extract.pipeline import Extractor
from detente.model import Article, Event

pytestmark = pytest.mark.slow



def events(extractor: Extractor, text: str) -> list[Event]:
    return extractor.extract(Article(text=text)).events


def one(extractor: Extractor, text: str, kind: str) -> Event:
    found = [e for e in events(extractor, text) if e.type == kind]
    assert len(found) == 1, [(e.type, e.trigger) for e in events(extractor, text)]
    return found[0]


def codes(actors: list) -> set[str | None]:
    return {a.code for a in actors}


def test_extract_roles_plural_demonym_is_the_actor(extractor: Extractor) -> None:
    event = one(extractor, "Young Tunisians blocked a highway on Monday.", "PROTEST")
    assert codes(event.source) == {"TUN"}


def test_extract_roles_prepositional_dative_is_the_recipient(extractor: Extractor) -> None:
    event = one(extractor, "Spain has granted asylum to three Cuban dissidents.", "AID")
    assert codes(event.source) == {"ESP"}
    assert codes(event.target) == {"CUB"}


def test_extract_roles_taking_from_names_the_loser(extractor: Extractor) -> None:
    event = one(extractor, "Kenyan police confiscated rifles from Somali gunmen.", "COERCE")
    assert codes(event.source) == {"KEN"}
    assert codes(event.target) == {"SOM"}


def test_extract_roles_given_thing_is_not_the_recipient(extractor: Extractor) -> None:
    event = one(extractor, "Egypt offered its troops to the Sudanese president.", "AGREE")
    assert codes(event.target) == {"SDN"}


def test_extract_roles_subject_under_investigation_is_the_target(extractor: Extractor) -> None:
    event = one(extractor, "A Dutch diplomat has been put under investigation.", "ACCUSE")
    assert codes(event.target) == {"NLD"}
    assert not event.source


def test_extract_roles_inquiry_into_crimes_names_their_authors(extractor: Extractor) -> None:
    text = "Bosnian prosecutors opened an investigation into killings committed by Serb militias."
    event = one(extractor, text, "ACCUSE")
    assert codes(event.target) == {"SRB"}


def test_extract_roles_protest_is_directed_by_its_purpose(extractor: Extractor) -> None:
    text = ("Protesters in Nairobi blocked a road to show their anger at the Ugandan "
            "government's border policy, a radio station reported.")
    event = one(extractor, text, "PROTEST")
    assert codes(event.target) == {"UGA"}


def test_extract_roles_protest_in_defiance_of(extractor: Extractor) -> None:
    text = "Thousands of students blocked streets in defiance of Iranian authorities."
    event = one(extractor, text, "PROTEST")
    assert codes(event.target) == {"IRN"}


def test_extract_roles_actor_placed_by_based_in(extractor: Extractor) -> None:
    text = "A newspaper based in Amman rejected the ban."
    event = one(extractor, text, "REJECT")
    assert codes(event.source) == {"JOR"}


def test_extract_roles_second_of_phrase_names_the_organisation(extractor: Extractor) -> None:
    text = "The Georgian premier received a delegation of monitors from the OSCE."
    event = [e for e in events(extractor, text) if e.trigger == "received"][0]
    assert codes(event.target) == {"IGO:OSCE"}


def test_extract_roles_implied_recipient_is_the_place(extractor: Extractor) -> None:
    event = one(extractor, "Thousands of teachers rallied in Nairobi on Monday.", "PROTEST")
    assert codes(event.target) == {"KEN"}
    assert event.target[0].implied and not any(a.implied for a in event.source)


def test_extract_roles_implied_recipient_is_own_state(extractor: Extractor) -> None:
    text = "The Bolivian president threatened to impose a curfew."
    event = one(extractor, text, "THREATEN")
    assert codes(event.target) == {"BOL"}
    assert event.target[0].name == "Bolivia"  # the state, not the president again
    assert event.target[0].implied


def test_extract_roles_retreat_and_joint_acts_get_no_implied_recipient(
        extractor: Extractor) -> None:
    assert not one(extractor, "Two hundred Chadian rebels surrendered in Abeche.",
                   "RETREAT").target
    assert not one(extractor, "Chile and Peru signed a treaty in Lima.", "AGREE").target


def test_extract_roles_role_actor_takes_the_state_of_the_others(extractor: Extractor) -> None:
    text = "The Angolan government accepted demands from rebels."
    event = one(extractor, text, "CONCEDE")
    assert codes(event.target) == {"AGO"}


def test_extract_roles_attack_victims_keep_no_state(extractor: Extractor) -> None:
    event = one(extractor, "Israeli troops attacked militants on Monday.", "ASSAULT")
    assert codes(event.target) == {None}


def test_extract_roles_phone_call_parties_are_all_actors(extractor: Extractor) -> None:
    text = "The Japanese foreign minister telephoned the Chinese premier on Monday."
    event = one(extractor, text, "CONSULT")
    assert codes(event.source) == {"JPN", "CHN"}
    assert not event.target


def test_extract_roles_threat_mode_is_its_content(extractor: Extractor) -> None:
    text = "Iran threatened to launch a military offensive against Iraq."
    event = [e for e in events(extractor, text) if e.plover_type == "THREATEN"][0]
    assert event.mode == "violence"


def test_extract_roles_subject_of_dying_is_the_victim(extractor: Extractor) -> None:
    event = one(extractor, "A Georgian detainee died after torture in a police cell.", "ASSAULT")
    assert "GEO" not in codes(event.source)
    assert codes(event.target) == {"GEO"}


def test_extract_roles_role_actors_take_the_only_state_named(extractor: Extractor) -> None:
    text = ("The interior minister allowed the opposition leader to hold a rally, "
            "according to Nepalese officials.")
    event = [e for e in events(extractor, text) if e.trigger == "allowed"][0]
    assert codes(event.source) == {"NPL"}
    assert codes(event.target) == {"NPL"}


def test_extract_roles_mediator_hosts_the_parties(extractor: Extractor) -> None:
    text = "Norway launched a mediation effort between Colombia and Venezuela."
    event = [e for e in events(extractor, text) if e.trigger == "mediation"][0]
    assert codes(event.source) == {"NOR"}
    assert event.mode == "host"
    text = "The African Union undertook a mediation mission between Chad and Sudan."
    event = [e for e in events(extractor, text) if e.trigger == "mediation"][0]
    assert event.mode == "multilateral"


def test_extract_roles_under_fire_from(extractor: Extractor) -> None:
    event = one(extractor, "A Dutch convoy came under fire from Serb gunmen.", "ASSAULT")
    assert codes(event.source) == {"SRB"}
    assert codes(event.target) == {"NLD"}


def test_extract_roles_talks_under_mediation_keep_parties_as_actors(
        extractor: Extractor) -> None:
    text = "Armenian and Azerbaijani negotiators met in Geneva under Swiss mediation."
    event = [e for e in events(extractor, text) if e.trigger == "met"][0]
    assert codes(event.source) == {"ARM", "AZE"}
    assert not event.target


def test_extract_roles_attack_is_not_directed_at_the_attackers_state(
        extractor: Extractor) -> None:
    event = one(extractor, "Eritrean troops attacked on Monday.", "ASSAULT")
    assert "ERI" not in codes(event.target)


def test_extract_roles_announcer_of_a_decision_is_its_actor(extractor: Extractor) -> None:
    text = "Greece announced a suspension of flights to Libya on Monday."
    event = one(extractor, text, "SANCTION")
    assert codes(event.source) == {"GRC"}
    text = "The Afghan ministry announced an attack on a convoy."
    assert "AFG" not in codes(one(extractor, text, "ASSAULT").source)


def test_extract_roles_no_implied_recipient_in_international_news(extractor: Extractor) -> None:
    text = "Spain criticised the decision, while Britain said it discouraged such weapons."
    event = one(extractor, text, "ACCUSE")
    assert not event.target
    said = "American aid will not change the war, a spokesman told reporters in Berlin."
    aid = one(extractor, said, "AID")
    assert aid.location is not None and aid.location.country == "DEU" and not aid.target


def test_extract_roles_the_blamed_party_did_it_and_the_blamer_claims_it(
        extractor: Extractor) -> None:
    strike = one(extractor, "Georgia blamed Russia for the air raid on Gori.", "ASSAULT")
    assert codes(strike.source) == {"RUS"}
    assert strike.claimed_by is not None and strike.claimed_by.code == "GEO"
    raid = one(extractor, "Georgian forces carried out the air raid on Gori.", "ASSAULT")
    assert codes(raid.source) == {"GEO"} and raid.claimed_by is None

"""The trained decision layer: rules propose, the model decides; one event per real event.

Sentences here are the project's own, each standing for a class of error the rules alone made
on real reporting (issue #12)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from detente.extract.decision import DecisionModel, LinearModel, choose_carriers
from detente.extract.mentions import merge_repeated_mentions, same_event
from detente.extract.pipeline import Extractor
from detente.model import Actor, Article, Event, EventDate, Evidence, Place, Quantities

pytestmark = pytest.mark.slow
MODEL = Path(__file__).resolve().parent.parent / "detente" / "extract" / "models" / "decision.npz"


@pytest.fixture
def extractor(default_extractor: Extractor) -> Extractor:
    return default_extractor  # the shipped extractor (conftest)


def events_of(extractor: Extractor, text: str) -> list[Event]:
    return extractor.extract(Article(text=text)).events


def test_extract_decision_model_ships_in_the_package_and_is_small() -> None:
    assert MODEL.is_file() and MODEL.stat().st_size < 20_000_000
    model = DecisionModel.default()
    assert model is not None and 0.0 < model.threshold < 1.0
    assert len(model.types.labels) == 16 and model.info["data_sha256"]


def test_extract_decision_confidence_is_the_models_probability(extractor: Extractor) -> None:
    [event] = [e for e in events_of(extractor, "Rebels attacked a convoy near Goma, killing "
                                               "five soldiers.") if e.type == "ASSAULT"]
    assert extractor.threshold <= event.confidence <= 1.0
    assert event.quantities.killed == 5


def test_extract_decision_min_confidence_keeps_fewer_or_more() -> None:
    text = ("Officials in Kyiv said on Monday that the talks had stalled. The minister "
            "praised the mediators and urged both sides to return to the table.")
    few = Extractor(min_confidence=0.95).extract(Article(text=text)).events
    many = Extractor(min_confidence=0.05).extract(Article(text=text)).events
    assert len(few) < len(many)
    assert all(e.confidence >= 0.95 for e in few)


def test_extract_decision_rules_only_keeps_every_live_candidate(
        rules_extractor: Extractor) -> None:
    text = "The minister urged tougher sanctions if Moscow does not commit to a ceasefire."
    rules = rules_extractor.extract(Article(text=text)).events
    assert {e.type for e in rules} >= {"REQUEST", "AGREE"}


def test_extract_decision_content_of_a_demand_is_no_event_of_its_own(
        extractor: Extractor) -> None:
    text = "The minister urged tougher sanctions if Moscow does not commit to a ceasefire."
    assert {e.type for e in events_of(extractor, text)} <= {"REQUEST"}
    every = Extractor(extractor.nlp, min_confidence=0.05).extract(Article(text=text)).events
    assert [e.type for e in every] == ["REQUEST"]  # not SANCTION, not AGREE: its content


def test_extract_decision_returned_bodies_are_no_attack(
        extractor: Extractor, rules_extractor: Extractor) -> None:
    for text in ("Ukraine received the bodies of 212 fallen soldiers from Russia on Friday.",
                 "Russia handed over the bodies of 45 servicemen to Ukraine, officials said."):
        events = events_of(rules_extractor, text)
        assert [(e.type, e.mode) for e in events] == [("RETREAT", "release")]
        assert all(e.quantities.killed is None for e in events_of(extractor, text))
        assert not [e for e in events_of(extractor, text) if e.type == "ASSAULT"]


def test_extract_decision_a_pause_in_bombing_is_no_attack(
        extractor: Extractor, rules_extractor: Extractor) -> None:
    text = "Moscow announced a pause in the bombing of Kharkiv."
    rules = events_of(rules_extractor, text)
    assert ("RETREAT", "ceasefire") in [(e.type, e.mode) for e in rules]
    assert all(e.modality == "negated" for e in rules if e.type == "ASSAULT")
    assert not [e for e in events_of(extractor, text)
                if e.type == "ASSAULT" and e.modality == "asserted"]


def test_extract_decision_lifting_sanctions_is_no_sanction(extractor: Extractor) -> None:
    text = "The two sides agreed to lift sanctions on fertiliser exports."
    assert "SANCTION" not in {e.type for e in events_of(extractor, text)}


def test_extract_decision_victims_nationality_is_not_the_attacker(extractor: Extractor) -> None:
    text = "Three Ukrainian civilians were killed in a strike on Kherson on Tuesday."
    for event in events_of(extractor, text):
        assert "UKR" not in {a.code for a in event.source}


def test_extract_decision_site_furniture_and_anchors_are_no_events(extractor: Extractor) -> None:
    for text in ("Sign up for our newsletter to get the latest news.", "Advertisement",
                 "Since the invasion, the city has changed beyond recognition."):
        assert events_of(extractor, text) == []


def test_extract_decision_a_strike_told_twice_is_one_event(extractor: Extractor) -> None:
    text = ("A Russian missile strike on Odesa killed four people on Monday, the regional "
            "governor said.\n\nThe regional governor said the Russian missile strike on Odesa "
            "on Monday killed four people and damaged a school.")
    strikes = [e for e in events_of(extractor, text) if e.type == "ASSAULT"]
    assert len(strikes) == 1
    [strike] = strikes
    assert len(strike.mentions) == 2 and strike.quantities.killed == 4
    assert {m.start for m in strike.mentions} == {0, text.index("The regional governor")}


# -- the merge of repeated mentions, on hand-built events --------------------------------

def _strike(start: int, killed: int | None, place: Place | None = None,
            day: str | None = None) -> Event:
    return Event(article_id="a1", type="ASSAULT", evidence=Evidence("x" * 10, start, start + 10),
                 source=[Actor("Russia", "Russia", "RUS")], location=place,
                 date=EventDate(day, day, "day") if day else None,
                 quantities=Quantities(killed=killed))


ODESA = Place("Odesa", "Odesa", "UA", "Odesa Oblast", 46.48, 30.73, 698740)
IZIUM = Place("Izium", "Izium", "UA", "Kharkiv Oblast", 49.21, 37.25, 707292)
BALAKLIIA = Place("Balakliia", "Balakliia", "UA", "Kharkiv Oblast", 49.46, 36.86, 712451)


def test_extract_mentions_a_toll_that_rose_is_one_event_with_the_highest_figure() -> None:
    events = [_strike(0, 15, ODESA), _strike(200, 28, ODESA)]
    merge_repeated_mentions(events)
    [event] = events
    assert event.quantities.killed == 28  # never 43: a toll is not added twice
    assert [m.start for m in event.mentions] == [0, 200]


def test_extract_mentions_two_towns_or_two_days_stay_two_events() -> None:
    assert not same_event(_strike(0, 4, IZIUM), _strike(100, 4, BALAKLIIA))
    assert not same_event(_strike(0, 4, ODESA, "2025-05-12"), _strike(100, 4, ODESA, "2025-05-13"))
    assert not same_event(_strike(0, None), _strike(100, None))  # nothing ties them


def test_extract_mentions_one_sentence_never_merges_with_itself() -> None:
    assert not same_event(_strike(0, 4, ODESA), _strike(0, 4, ODESA))


def test_extract_decision_carriers_one_per_type_and_retyped_when_needed() -> None:
    model = LinearModel(("AGREE", "CONSULT"), {}, np.zeros((0, 2)), np.array([2.0, -3.0]))
    assert model.probabilities(set())["AGREE"] > 0.85
    assert choose_carriers([], model.probabilities(set()), 0.5) == []


def test_extract_gate_passes_reports_and_stops_furniture() -> None:
    from detente.extract.decision_features import SentenceContext
    from detente.extract.gate import SentenceGate

    gate = SentenceGate.default()
    assert gate is not None and 0.0 < gate.model.threshold < 1.0
    report = "Russian drones struck Kharkiv overnight, killing three people, the governor said."
    furniture = "Sign up to our newsletter and follow us on social media for more."
    context = SentenceContext(index=1, has_trigger_word=True)
    assert gate.passes(report, context)
    assert gate.probability(report, context) > gate.probability(
        furniture, SentenceContext(index=1, has_trigger_word=False))


def test_extract_gate_only_with_the_shipped_layer() -> None:
    assert Extractor(decision=False).gate is None  # the rules keep the trigger-word filter
    assert Extractor().gate is not None


def test_extract_gate_never_drops_a_running_total(default_extractor: Extractor) -> None:
    from detente.extract.decision_features import SentenceContext

    total = ("The war has cost the lives of more than 10,500 civilians, according to United "
             "Nations monitors.")
    gate = default_extractor.gate
    assert gate is not None
    assert not gate.passes(total, SentenceContext(index=1, has_trigger_word=True))
    article = Article(text=f"Talks resumed in Geneva on Monday.\n\n{total}", id="total")
    statistics = default_extractor.extract(article).statistics
    assert [(s.kind, s.value) for s in statistics] == [("killed", 10500)]

"""The report that started the project (read from ../shared at run time, never copied),
and error isolation across a stream."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from detente.extract.base import ArticleContext, Component, SentenceUnit, register
from detente.extract.pipeline import DEFAULT_PIPELINE, Extractor
from detente.model import Article, Event

pytestmark = pytest.mark.slow
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_91e274b050c4566e.txt"



@pytest.fixture(scope="module")
def seed(extractor: Extractor):
    if not SEED.exists():
        pytest.skip("../shared/seed is not present")
    return extractor.extract(Article(text=SEED.read_text(encoding="utf-8"), date=date(2025, 5, 16)))


def find(events: list[Event], kind: str, **where: object) -> list[Event]:
    def matches(event: Event) -> bool:
        return all(getattr(event, k) == v for k, v in where.items())
    return [e for e in events if e.type == kind and matches(e)]


def codes(event: Event, role: str = "source") -> set[str | None]:
    return {a.code for a in getattr(event, role)}


def test_extract_seed_talks_in_turkey(seed) -> None:
    talks = [e for e in find(seed.events, "CONSULT")
             if e.location and e.location.country == "TUR" and codes(e) == {"RUS", "UKR"}]
    assert talks


def test_extract_seed_prisoner_swap_agreed(seed) -> None:
    swaps = [e for e in find(seed.events, "AGREE", modality="asserted")
             if e.quantities.persons == 1000]
    assert swaps and any(e.quantities.per_side for e in swaps)


def test_extract_seed_ceasefire_not_agreed(seed) -> None:
    assert [e for e in find(seed.events, "AGREE", modality="negated") if "ceasefire" in
            e.evidence.text and codes(e) == {"RUS", "UKR"}]


def test_extract_seed_conditional_sanctions_call(seed) -> None:
    [call] = find(seed.events, "REQUEST", modality="conditional")
    assert codes(call) == {"UKR"} and "sanctions" in (call.content or "")


def test_extract_seed_demand_and_rejection(seed) -> None:
    assert [e for e in find(seed.events, "REQUEST") if codes(e) == {"RUS"}]
    assert [e for e in find(seed.events, "REJECT") if codes(e) == {"UKR"}]


def test_extract_seed_promise_and_hypothetical_meeting(seed) -> None:
    assert [e for e in seed.events if e.modality == "future" and "proposals" in (e.content or "")]
    meetings = find(seed.events, "CONSULT", modality="hypothetical")
    assert [e for e in meetings if codes(e) == {"USA"} and codes(e, "target") == {"RUS"}]


def test_extract_seed_drone_attack(seed) -> None:
    [attack] = [e for e in find(seed.events, "ASSAULT") if e.quantities.killed]
    assert attack.location is not None and attack.location.country == "UKR"
    assert attack.location.admin1 == "Kharkiv Oblast"
    assert (attack.quantities.killed, attack.quantities.injured) == (1, 4)
    assert attack.claimed_by is not None and attack.claimed_by.code == "UKR"
    assert attack.source == []


def test_extract_seed_offensive_and_toll(seed) -> None:
    assert find(seed.events, "MOBILIZE", modality="future")
    assert all(e.quantities.killed != 12000 for e in seed.events)
    assert [(s.kind, s.value) for s in seed.statistics] == [("killed", 12000)]


@register("exploding", requires=("drafts",))
class _Exploding(Component):
    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        if "Exploding" in unit.sentence.text:
            raise ValueError("boom")


def test_extract_one_bad_article_never_stops_the_stream(extractor: Extractor) -> None:
    broken = Extractor(extractor.nlp, decision=False, pipeline=(*DEFAULT_PIPELINE, "exploding"))
    articles = [Article(text="Chad and Sudan agreed to reopen their border."),
                Article(text="Exploding talks were held in Doha."),
                Article(text="Rebels attacked a convoy near Goma.")]
    results = list(broken.extract_many(articles))
    assert [r.error is None for r in results] == [True, False, True]
    assert "boom" in (results[1].error or "") and results[1].events == []
    assert results[0].events and results[2].events

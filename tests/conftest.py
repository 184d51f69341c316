"""Shared fixtures: a real SQLite store in tmp_path, hand-built extractions, and one
session-wide extractor of each kind (the rules alone, and the default with the trained
decision layer). A test that loads the spaCy pipeline must be marked slow, so that
``pytest -m "not slow"`` is a fast loop: a test that is not and loads it fails (the shared
store of the serve tests, built once per session, loads it once)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from detente.model import (
    Actor,
    Article,
    Claim,
    Event,
    EventDate,
    Evidence,
    Extraction,
    Place,
    Quantities,
    Statistic,
)
from detente.store import Store

if TYPE_CHECKING:
    from detente.extract.pipeline import Extractor

TALKS_TEXT = (
    "Negotiators from Ukraine and Russia met in Geneva on Tuesday. "
    "Both sides agreed to exchange at least 200 prisoners each, officials said. "
    "Overnight, Russian drones struck Kharkiv, killing three people, the regional governor said."
)


@pytest.fixture(scope="session")
def rules_extractor() -> Extractor:
    """The rules alone (every candidate the trained layer would choose from), shared by the
    whole session: an Extractor keeps no state between articles."""
    from detente.extract.pipeline import Extractor

    return Extractor(decision=False)


@pytest.fixture(scope="session")
def extractor(rules_extractor: Extractor) -> Extractor:
    """What extraction tests read by default: the rules alone."""
    return rules_extractor


@pytest.fixture(scope="session")
def default_extractor() -> Extractor:
    """The extractor as shipped: rules and the trained decision layer."""
    from detente.extract.pipeline import Extractor

    return Extractor()


def _spacy_loads() -> int:
    module = sys.modules.get("detente.extract.pipeline")
    if module is None:
        return 0
    info = module.load_nlp.cache_info()
    return int(info.hits + info.misses)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """A test whose own body loads the spaCy pipeline must be marked slow. (A store shared
    by a whole session, built once by a fixture, may load it.)"""
    before = _spacy_loads()
    result = yield
    if item.get_closest_marker("slow") is None and _spacy_loads() > before:
        pytest.fail(f"{item.nodeid} loads the spaCy pipeline: mark it @pytest.mark.slow",
                    pytrace=False)
    return result


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "detente.db") as opened:
        yield opened


def _evidence(text: str, phrase: str) -> Evidence:
    start = text.index(phrase)
    return Evidence(phrase, start, start + len(phrase))


@pytest.fixture
def talks_extraction() -> Extraction:
    """A Geneva-talks article with an AGREE event, an ASSAULT event and a statistic."""
    article = Article(text=TALKS_TEXT, title="Talks in Geneva", date=date(2025, 5, 13),
                      source="Wire", url="https://example.org/talks", path="talks.txt",
                      metadata={"desk": "world"})
    agree = Event(
        article_id=article.id, type="AGREE", mode="exchange", trigger="agreed",
        evidence=_evidence(TALKS_TEXT, "Both sides agreed to exchange at least 200 prisoners each"),
        source=[Actor("Ukraine", "Ukraine", "UKR", "GOV"), Actor("Russia", "Russia", "RUS", "GOV")],
        location=Place("Geneva", "Geneva", "CH", "Geneva", 46.2022, 6.14569, 2660646),
        date=EventDate("on Tuesday", "2025-05-13", "day"),
        quantities=Quantities(persons=200, per_side=True, qualifiers={"persons": "at least"}),
        claimed_by=Claim("officials", None, "GOV"), confidence=0.8,
    )
    strike = Event(
        article_id=article.id, type="ASSAULT", mode="aerial", trigger="struck",
        evidence=_evidence(TALKS_TEXT, "Russian drones struck Kharkiv, killing three people"),
        source=[Actor("Russian drones", "Russia", "RUS", "MIL")],
        target=[Actor("Kharkiv", None, "UKR", None)],
        location=Place("Kharkiv", "Kharkiv", "UA", "Kharkivska oblast", 49.98, 36.25, 706483),
        quantities=Quantities(killed=3), claimed_by=Claim("the regional governor", "UKR", "GOV"),
        confidence=0.7,
    )
    figure = Statistic(article_id=article.id, kind="persons", value=200, qualifier="at least",
                       evidence=_evidence(TALKS_TEXT, "at least 200 prisoners"),
                       claimed_by=Claim("officials", None, "GOV"))
    return Extraction(article=article, events=[agree, strike], statistics=[figure])


@pytest.fixture
def make_extraction() -> Callable[..., Extraction]:
    """Build a one-event extraction: make_extraction(text, type=..., source=[...], ...)."""

    def build(text: str, published: date | None = None, **event_fields: object) -> Extraction:
        article = Article(text=text, date=published)
        fields: dict[str, object] = {"type": "CONSULT", "trigger": text.split()[0]}
        fields.update(event_fields)
        event = Event(article_id=article.id, evidence=Evidence(text, 0, len(text)), **fields)  # type: ignore[arg-type]
        return Extraction(article=article, events=[event])

    return build

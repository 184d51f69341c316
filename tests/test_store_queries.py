"""Filters over stored events, statistics and the summary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from detente.model import Actor, EventDate, Extraction, Place
from detente.store import EventFilter, Store, query_events, query_statistics, summary

UKR = Actor("Kyiv", "Ukraine", "UKR", "GOV")
RUS = Actor("Moscow", "Russia", "RUS", "GOV")
UN = Actor("the UN", "United Nations", "IGO:UN", None)
ODESA = Place("Odesa", "Odesa", "UA", "Odeska oblast")
GENEVA = Place("Geneva", "Genève", "CH", "Geneva")


@pytest.fixture
def loaded(store: Store, make_extraction: Callable[..., Extraction]) -> Store:
    store.add_extractions([
        make_extraction("Talks in Geneva resumed quietly.", date(2025, 5, 10), type="CONSULT",
                        source=[UKR, RUS], location=GENEVA),
        make_extraction("Drones struck Odesa overnight.", date(2025, 5, 12), type="ASSAULT",
                        mode="aerial", source=[RUS], target=[UKR], location=ODESA,
                        date=EventDate("on Sunday", "2025-05-11", "day")),
        make_extraction("Kyiv may reject the memorandum.", date(2025, 5, 14), type="REJECT",
                        modality="hypothetical", source=[UKR]),
        make_extraction("The UN urged restraint.", None, type="REQUEST", source=[UN]),
    ])
    return store


def triggers(store: Store, **fields: object) -> list[str]:
    return [event.trigger for event in query_events(store, EventFilter(**fields))]  # type: ignore[arg-type]


def test_store_query_orders_by_date_then_undated(loaded: Store) -> None:
    assert triggers(loaded) == ["Talks", "Drones", "Kyiv", "The"]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"type": "assault"}, ["Drones"]),
        ({"mode": "aerial"}, ["Drones"]),
        ({"modality": "hypothetical"}, ["Kyiv"]),
        ({"actor": "UKR"}, ["Talks", "Drones", "Kyiv"]),
        ({"actor": "IGO"}, ["The"]),
        ({"actor": "united nat"}, ["The"]),
        ({"actor": "russia"}, ["Talks", "Drones"]),  # a name: the resolved actor's
        ({"actor": "moscow"}, []),  # not the words a report used for it
        ({"country": "CHE"}, ["Talks"]),
        ({"country": "Ukraine"}, ["Talks", "Drones", "Kyiv"]),
        ({"country": "ua"}, ["Talks", "Drones", "Kyiv"]),
        ({"place": "odeska"}, ["Drones"]),
        ({"place": "GENÈVE"}, ["Talks"]),
        ({"date_from": date(2025, 5, 11), "date_to": date(2025, 5, 11)}, ["Drones"]),
        ({"date_from": date(2025, 5, 12)}, ["Kyiv"]),
        ({"date_to": date(2025, 5, 10)}, ["Talks"]),
        ({"text": "memorandum kyiv"}, ["Kyiv"]),
        ({"text": "geneva odesa"}, []),
        ({"limit": 2, "offset": 1}, ["Drones", "Kyiv"]),
        ({"actor": "RUS", "type": "CONSULT"}, ["Talks"]),
    ],
)
def test_store_query_filters(loaded: Store, fields: dict[str, object], expected: list[str]) -> None:
    assert triggers(loaded, **fields) == expected


def test_store_query_by_article_id(loaded: Store) -> None:
    [event] = list(query_events(loaded, EventFilter(type="REQUEST")))
    assert triggers(loaded, article_id=event.article_id) == ["The"]


@pytest.mark.parametrize(
    "field", ["type", "mode", "modality", "actor", "country", "place", "article_id", "text"]
)
@pytest.mark.parametrize(
    "value", ["' OR '1'='1", "x'); DROP TABLE events; --", '"', "%", "_", "NEAR(a b)", "*"]
)
def test_store_query_injection_looking_values_are_plain(
    loaded: Store, field: str, value: str
) -> None:
    assert triggers(loaded, **{field: value}) == []
    assert loaded.count("events") == 4


def test_store_query_statistics(store: Store, talks_extraction: Extraction) -> None:
    store.add_extraction(talks_extraction)
    assert list(query_statistics(store)) == talks_extraction.statistics
    assert list(query_statistics(store, talks_extraction.article.id)) == talks_extraction.statistics
    assert list(query_statistics(store, "other")) == []


def test_store_summary(loaded: Store) -> None:
    assert summary(loaded) == {
        "articles": 4, "events": 4, "statistics": 0,
        "events_by_type": {"ASSAULT": 1, "CONSULT": 1, "REJECT": 1, "REQUEST": 1},
        "events_by_modality": {"asserted": 3, "hypothetical": 1},
    }


def test_store_query_streams_lazily(loaded: Store) -> None:
    events = query_events(loaded, EventFilter())
    assert next(events).trigger == "Talks"
    assert next(events).trigger == "Drones"

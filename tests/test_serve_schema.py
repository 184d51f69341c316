"""GET /api/events is typed in OpenAPI from the export schema, and answers what it says."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from test_serve_support import AsgiClient

from detente.link.api import link_store
from detente.model import Actor, Extraction
from detente.serve import create_app
from detente.serve.schema import EventOut, EventPage
from detente.store import Store
from detente.store.columns import EXPORT_COLUMNS, Column

PYTHON_TYPES = {"string": str, "integer": int, "number": float, "boolean": bool,
                "strings": str, "booleans": bool}


@pytest.fixture
def client(tmp_path: Path, talks_extraction: Extraction,
           make_extraction: Callable[..., Extraction]) -> AsgiClient:
    path = tmp_path / "typed.db"
    with Store.open(path) as store:
        store.add_extraction(talks_extraction)
        store.add_extraction(make_extraction(
            "Ukraine and Russia did not agree on a ceasefire.", published=date(2025, 5, 14),
            type="AGREE", modality="negated", source=[Actor("Ukraine", "Ukraine", "UKR", "GOV")]))
        link_store(store)
    return AsgiClient(create_app(path))


def _field_type(column: Column) -> Any:
    """The annotation of the EventOut field at the column's path (lists and dicts unwrapped)."""
    model: type[BaseModel] = EventOut
    annotation: Any = None
    for step in column.path:
        if annotation is not None and typing.get_origin(annotation) is dict:
            return typing.get_args(annotation)[1]
        annotation = model.model_fields[step].annotation
        inner = _unwrap(annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            model = inner
    return _unwrap(annotation)


def _unwrap(annotation: Any) -> Any:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    if typing.get_origin(annotation) is list:
        annotation = typing.get_args(annotation)[0]
    return annotation


@pytest.mark.parametrize("column", EXPORT_COLUMNS, ids=lambda c: c.name)
def test_serve_schema_types_every_export_column(column: Column) -> None:
    found = _field_type(column)
    if isinstance(found, type) and issubclass(found, BaseModel):  # a list of actors
        found = found.model_fields[column.path[-1]].annotation
        found = _unwrap(found)
    assert found is PYTHON_TYPES[column.kind], column.name


def test_serve_schema_descriptions_come_from_the_columns() -> None:
    schema = EventOut.model_json_schema()
    described = {c.path: c.description for c in EXPORT_COLUMNS}
    assert schema["properties"]["plover_type"]["description"] == described["plover_type",]
    place = schema["$defs"]["PlaceOut"]["properties"]
    assert place["lat"]["description"] == described["location", "lat"]


def test_serve_schema_openapi_types_the_events_response(client: AsgiClient) -> None:
    spec = client.get("/openapi.json").json()
    ok = spec["paths"]["/api/events"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/EventPage"}
    item = spec["components"]["schemas"]["EventOut"]["properties"]
    assert {"story_id", "plover_type", "content", "article"} <= set(item)


def test_serve_schema_responses_match_the_model(client: AsgiClient) -> None:
    page = client.get("/api/events?limit=10").json()
    EventPage.model_validate(page)
    assert set(page) == set(EventPage.model_fields)
    for item in page["items"]:
        assert set(item) == set(EventOut.model_fields)
        assert set(item["article"]) == {"id", "title", "date", "source", "url"}
    by_type = {(item["type"], item["modality"]): item for item in page["items"]}
    denied = by_type["AGREE", "negated"]
    assert denied["plover_type"] == "REJECT" and denied["story_id"]
    agreed = by_type["AGREE", "asserted"]
    assert agreed["article"]["url"] == "https://example.org/talks"
    assert agreed["story_id"] != denied["story_id"]

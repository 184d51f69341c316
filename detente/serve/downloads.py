"""Downloads of any filtered events view: CSV (the columns of `detente events --format csv`)
and JSON Lines (the API's event objects), every matching event in the view's order, streamed."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from detente.output import LISTING_CSV_FIELDS, flatten
from detente.serve.access import Settings, read
from detente.serve.params import EventQuery
from detente.store import Store
from detente.store.listing import ListedEvent, listed_events
from detente.store.queries import EventFilter

MAX_ROWS = 100_000
CHUNK_ROWS = 500
router = APIRouter(tags=["api"])


def _all_of(query: EventQuery) -> EventFilter:
    """The view's filter and order without its paging: a download holds every match."""
    return EventFilter(**{**vars(query.to_filter()), "limit": None, "offset": 0})


def _events(settings: Settings, flt: EventFilter) -> Iterator[list[ListedEvent]]:
    """The events a page at a time, each page in its own short read-only session (the
    stream is consumed from worker threads, and a connection stays in its thread)."""
    for offset in range(0, MAX_ROWS, CHUNK_ROWS):
        page = EventFilter(**{**vars(flt), "limit": CHUNK_ROWS, "offset": offset})
        chunk = read(settings, _page, page)
        yield chunk
        if len(chunk) < CHUNK_ROWS:
            return


def _page(store: Store, flt: EventFilter) -> list[ListedEvent]:
    return list(listed_events(store, flt))


def csv_lines(settings: Settings, flt: EventFilter) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=LISTING_CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for chunk in _events(settings, flt):
        for listed in chunk:
            writer.writerow(flatten(listed.to_dict()))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def jsonl_lines(settings: Settings, flt: EventFilter) -> Iterator[str]:
    for chunk in _events(settings, flt):
        yield "".join(json.dumps(listed.to_dict(), ensure_ascii=False) + "\n"
                      for listed in chunk)


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("/events.csv", name="api_events_csv",
            summary="Every event of a filtered view as CSV (paging ignored)")
def events_csv(request: Request, query: Annotated[EventQuery, Query()]) -> StreamingResponse:
    lines = csv_lines(request.app.state.settings, _all_of(query))
    return StreamingResponse(lines, media_type="text/csv; charset=utf-8",
                             headers=_attachment("events.csv"))


@router.get("/events.jsonl", name="api_events_jsonl",
            summary="Every event of a filtered view as JSON Lines (paging ignored)")
def events_jsonl(request: Request, query: Annotated[EventQuery, Query()]) -> StreamingResponse:
    lines = jsonl_lines(request.app.state.settings, _all_of(query))
    return StreamingResponse(lines, media_type="application/x-ndjson; charset=utf-8",
                             headers=_attachment("events.jsonl"))

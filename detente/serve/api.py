"""The JSON API under /api: thin endpoints, each one library call in a read-only session."""

from __future__ import annotations

import json
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from detente.link import get_commitment, get_story
from detente.link.process import peace_process
from detente.serve import downloads, schema
from detente.serve.access import ArticleIn, Settings, read
from detente.serve.commitments import commitment_list
from detente.serve.params import (
    ActorQuery,
    ArticleQuery,
    AsOfQuery,
    CommitmentQuery,
    EventQuery,
    PageQuery,
    PlaceQuery,
    ProcessQuery,
    StatisticQuery,
    StoryQuery,
    TimelineQuery,
)
from detente.store import board as queries
from detente.store import listing
from detente.store import tolls as toll_queries
from detente.store.stories import list_stories

MAX_BODY_BYTES = 1_000_000
router = APIRouter(prefix="/api", tags=["api"])
router.include_router(downloads.router)


def settings(request: Request) -> Settings:
    return request.app.state.settings


def paged(request: Request, total: int, items: list[Any], page: PageQuery) -> dict[str, Any]:
    """The list envelope: total, this page's items and a link to the next page (or null)."""
    after = page.offset + len(items)
    more = page.limit > 0 and after < total
    return {
        "total": total, "limit": page.limit, "offset": page.offset, "count": len(items),
        "next": str(request.url.include_query_params(offset=after)) if more else None,
        "items": items,
    }


@router.get("", summary="Counts and links")
def index(request: Request) -> dict[str, Any]:
    links = ["events", "stories", "actors", "places", "articles", "statistics", "tolls",
             "timeline", "commitments", "process"]
    return {"overview": read(settings(request), queries.overview),
            "links": {name: str(request.url_for("api_" + name)) for name in links}}


@router.get("/events", name="api_events",
            summary="Events, filtered, sorted (newest first by default) and paged",
            response_model=None, responses={200: {"model": schema.EventPage}})
def events(request: Request, query: Annotated[EventQuery, Query()]) -> dict[str, Any]:
    total, items = read(settings(request), queries.list_events, query.to_filter())
    return paged(request, total, items, query)


@router.get("/facets", name="api_facets",
            summary="Counts of the filtered events by type, modality, actor and place")
def facets(request: Request, query: Annotated[EventQuery, Query()]) -> dict[str, Any]:
    return read(settings(request), listing.facets, query.to_filter())


@router.get("/events/{event_id}", name="api_event", summary="One event with its article text")
def event(request: Request, event_id: str) -> dict[str, Any]:
    found = read(settings(request), queries.event_detail, event_id)
    if found is None:
        raise HTTPException(404, f"no event with id {event_id!r}")
    item, article = found
    background = read(settings(request), queries.event_background, event_id)
    data = queries.event_dict(item, queries.article_dict(article, text=True))
    return {**data, "background": background}


@router.get("/actors", name="api_actors", summary="Distinct actors with event counts")
def actors(request: Request, query: Annotated[ActorQuery, Query()]) -> dict[str, Any]:
    total, items = read(settings(request), queries.list_actors, query)
    return paged(request, total, items, query)


@router.get("/places", name="api_places", summary="Distinct locations with counts")
def places(request: Request, query: Annotated[PlaceQuery, Query()]) -> dict[str, Any]:
    total, items = read(settings(request), queries.list_places, query.to_filter(),
                        query.order())
    return paged(request, total, items, query)


@router.get("/articles", name="api_articles", summary="Articles, newest first")
def articles(request: Request, query: Annotated[ArticleQuery, Query()]) -> dict[str, Any]:
    total, items = read(settings(request), queries.list_articles, query)
    return paged(request, total, items, query)


@router.get("/articles/{article_id}", name="api_article",
            summary="One article with its events and statistics")
def article(request: Request, article_id: str) -> dict[str, Any]:
    found = read(settings(request), queries.article_detail, article_id)
    if found is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return {**queries.article_dict(found["article"], text=True),
            "events": [e.to_dict() for e in found["events"]], "statistics": found["statistics"]}


@router.get("/statistics", name="api_statistics", summary="Cumulative figures (not events)")
def statistics(request: Request, query: Annotated[StatisticQuery, Query()]) -> dict[str, Any]:
    total, items = read(settings(request), queries.list_statistics, query)
    return paged(request, total, items, query)


@router.get("/tolls", name="api_tolls",
            summary="Tolls per incident and claimant (never summed across incidents)")
def tolls(request: Request, query: Annotated[EventQuery, Query()]) -> dict[str, Any]:
    return read(settings(request), toll_queries.tolls, query.to_filter(), query.limit or 50)


@router.get("/timeline", name="api_timeline", summary="Event counts per period")
def timeline(request: Request, query: Annotated[TimelineQuery, Query()]) -> dict[str, Any]:
    return read(settings(request), queries.timeline, query.to_filter(), query.bucket)


@router.get("/stories", name="api_stories",
            summary="Stories (linked events: one per real event), filtered as events are, "
                    "sorted (newest first by default) and paged")
def stories(request: Request, query: Annotated[StoryQuery, Query()]) -> dict[str, Any]:
    total, items = read(settings(request), list_stories, query.to_filter())
    return paged(request, total, [story.to_dict() for story in items], query)


@router.get("/process", name="api_process",
            summary="The peace process between two parties: talks, proposals, demands, "
                    "agreements and their fulfilment, handovers, violence; oldest first")
def process(request: Request, query: Annotated[ProcessQuery, Query()]) -> dict[str, Any]:
    found = read(settings(request), peace_process, query.a, query.b, query.since,
                 query.until, query.as_of, query.kinds())
    return found.to_dict()


@router.get("/stories/{story_id}", name="api_story",
            summary="One story (linked event): every outlet's mention, why it joined, "
                    "each claimant's figures, first and last report, history")
def story(request: Request, story_id: str) -> dict[str, Any]:
    found = read(settings(request), get_story, story_id)
    if found is None:
        raise HTTPException(404, f"no story or linked event {story_id!r}")
    return found.to_dict()


@router.get("/commitments", name="api_commitments",
            summary="Commitments (once linked), each judged on as_of (default: the newest "
                    "article's date) by the same function as `detente commitments --as-of`")
def commitments(request: Request, query: Annotated[CommitmentQuery, Query()]) -> dict[str, Any]:
    found = read(settings(request), commitment_list, query)
    listing = paged(request, found["total"], found["items"], query)
    return {"available": found["available"], "as_of": found["as_of"],
            "counts": found["counts"], **listing}


@router.get("/commitments/{commitment_id}", name="api_commitment",
            summary="One commitment judged on as_of, with its timeline: every report, what it "
                    "says (carried out, total, completed, extended, ended, ...), the status "
                    "and quantity it left, its evidence sentence and article")
def commitment(request: Request, commitment_id: str,
               query: Annotated[AsOfQuery, Query()]) -> dict[str, Any]:
    found = read(settings(request), get_commitment, commitment_id, query.as_of)
    if found is None:
        raise HTTPException(404, f"no commitment {commitment_id!r}")
    return found.to_dict()


_BODY_SCHEMA = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": ArticleIn.model_json_schema()}}}}


@router.post("/articles", status_code=201, summary="Ingest one article (needs the token)",
             openapi_extra=_BODY_SCHEMA)
async def post_article(request: Request) -> JSONResponse:
    config = settings(request)
    authorize(request, config.token)
    posted = parse_article(await read_body(request, MAX_BODY_BYTES))
    result = await run_in_threadpool(config.writer.add, posted)
    url = str(request.url_for("api_article", article_id=result.article.id))
    body = {"id": result.article.id, "added": result.added, "events": result.events,
            "statistics": result.statistics, "url": url}
    return JSONResponse(body, status_code=201 if result.added else 200, headers={"Location": url})


def authorize(request: Request, token: str | None) -> None:
    """403 when ingest is off (no token configured); 401 unless the bearer token matches."""
    if not token:
        raise HTTPException(403, "ingest over HTTP is off; start the server with --token")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(
        given.strip().encode("utf-8"), token.encode("utf-8")
    ):
        raise HTTPException(401, "missing or wrong token; send Authorization: Bearer <token>",
                            headers={"WWW-Authenticate": "Bearer"})


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to exceed ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"body too large; the limit is {limit:,} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, f"body too large; the limit is {limit:,} bytes")
    return bytes(body)


def parse_article(body: bytes) -> ArticleIn:
    try:
        return ArticleIn.model_validate(json.loads(body))
    except RecursionError:
        raise HTTPException(400, "body is not JSON: nested too deeply") from None
    except (ValueError, UnicodeDecodeError) as exc:
        if isinstance(exc, ValidationError):
            raise HTTPException(400, describe_errors(exc.errors())) from None
        raise HTTPException(400, f"body is not JSON: {exc}") from None


def describe_errors(errors: Any) -> str:
    """Pydantic errors as one line: "limit: Input should be ...; since: ..."."""
    parts = []
    for error in errors:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body"))
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts) or "invalid request"

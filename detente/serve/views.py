"""The dashboard: server-rendered pages, each view one call into ``pages``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from detente.serve import pages
from detente.serve.access import Settings, read
from detente.serve.params import (
    ActorQuery,
    ArticleQuery,
    AsOfQuery,
    EventQuery,
    PlaceQuery,
    ProcessQuery,
    StoryQuery,
    TollsQuery,
)

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def settings(request: Request) -> Settings:
    return request.app.state.settings


def render(request: Request, template: str, context: dict[str, Any] | None,
           status: int = 200) -> HTMLResponse:
    """Render a page; a missing context (None) means the thing asked for does not exist."""
    if context is None:
        raise HTTPException(404, "not found")
    config = settings(request)
    shared = {"tiles": config.tiles or "", "tiles_attribution": config.tiles_attribution or "",
              "ingest_enabled": bool(config.token)}
    response = request.app.state.templates.TemplateResponse(
        request, template, {**shared, **context}, status_code=status)
    return response


@router.get("/", name="page_home")
def home(request: Request, query: Annotated[EventQuery, Query()]) -> HTMLResponse:
    return render(request, "home.html", read(settings(request), pages.home, query))


@router.get("/events", name="page_events")
def events(request: Request, query: Annotated[EventQuery, Query()]) -> HTMLResponse:
    return render(request, "events.html", read(settings(request), pages.events, query))


@router.get("/stories", name="page_stories")
def stories(request: Request, query: Annotated[StoryQuery, Query()]) -> HTMLResponse:
    return render(request, "stories.html", read(settings(request), pages.stories, query))


@router.get("/stories/{story_id}", name="page_story")
def story(request: Request, story_id: str) -> HTMLResponse:
    return render(request, "story.html", read(settings(request), pages.story, story_id))


@router.get("/process", name="page_process")
def process(request: Request, query: Annotated[ProcessQuery, Query()]) -> HTMLResponse:
    return render(request, "process.html", read(settings(request), pages.process, query))


@router.get("/events/{event_id}", name="page_event")
def event(request: Request, event_id: str) -> HTMLResponse:
    return render(request, "event.html", read(settings(request), pages.event, event_id))


@router.get("/articles", name="page_articles")
def articles(request: Request, query: Annotated[ArticleQuery, Query()]) -> HTMLResponse:
    return render(request, "articles.html", read(settings(request), pages.articles, query))


@router.get("/articles/{article_id}", name="page_article")
def article(request: Request, article_id: str) -> HTMLResponse:
    return render(request, "article.html", read(settings(request), pages.article, article_id))


@router.get("/actors", name="page_actors")
def actors(request: Request, query: Annotated[ActorQuery, Query()]) -> HTMLResponse:
    return render(request, "actors.html", read(settings(request), pages.actors, query))


@router.get("/places", name="page_places")
def places(request: Request, query: Annotated[PlaceQuery, Query()]) -> HTMLResponse:
    return render(request, "places.html", read(settings(request), pages.places, query))


@router.get("/commitments", name="page_commitments")
def commitments(request: Request, query: Annotated[AsOfQuery, Query()]) -> HTMLResponse:
    return render(request, "commitments.html", read(settings(request), pages.commitments, query))


@router.get("/commitments/{commitment_id}", name="page_commitment")
def commitment(request: Request, commitment_id: str,
               query: Annotated[AsOfQuery, Query()]) -> HTMLResponse:
    return render(request, "commitment.html",
                  read(settings(request), pages.commitment, commitment_id, query))


@router.get("/statistics", name="page_statistics")
def statistics(request: Request, query: Annotated[TollsQuery, Query()]) -> HTMLResponse:
    return render(request, "statistics.html", read(settings(request), pages.statistics, query))

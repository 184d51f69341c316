"""The ASGI application: API and dashboard routes, static files, security headers, errors."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from detente import __version__
from detente.errors import StoreError
from detente.serve import api, views
from detente.serve.access import (
    DEFAULT_QUEUE_TIMEOUT_S,
    DEFAULT_TIME_LIMIT_MS,
    ExtractionFailed,
    QueryTimeout,
    Settings,
    cpu_count,
)
from detente.serve.render import STATIC, environment
from detente.serve.traffic import Admission, Conditional

GZIP_MIN_BYTES = 2048
GZIP_LEVEL = 5  # most of level 9's gain for a fraction of its CPU
OPTIONS_VARIABLE = "DETENTE_SERVE_OPTIONS"


def create_app(
    db_path: str | Path, token: str | None = None, tiles: str | None = None, *,
    tiles_attribution: str | None = None, time_limit_ms: int = DEFAULT_TIME_LIMIT_MS,
    slots: int | None = None, queue_timeout_s: float = DEFAULT_QUEUE_TIMEOUT_S,
) -> FastAPI:
    """The Detente server over the store at ``db_path``: read-only unless ``token`` is set,
    which enables ``POST /api/articles`` for requests bearing it.

    ``slots`` requests are worked on at once (default: one per core) and the others wait in
    line up to ``queue_timeout_s`` seconds; a query stops after ``time_limit_ms`` of CPU time.
    """
    app = FastAPI(title="Detente", version=__version__, docs_url=None, redoc_url=None,
                  description="Events of the Russia–Ukraine war extracted from news reports.")
    settings = Settings(Path(db_path), token or None, tiles or None, tiles_attribution,
                        time_limit_ms, slots or cpu_count(), queue_timeout_s)
    app.state.settings = settings
    app.state.templates = Jinja2Templates(env=environment())
    app.include_router(api.router)
    app.include_router(views.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # the last added runs first: headers on everything, then the line, then ETags, then gzip
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES, compresslevel=GZIP_LEVEL)
    app.add_middleware(Conditional, settings=settings)
    app.add_middleware(Admission, settings=settings)
    app.add_middleware(SecurityHeaders, policy=content_security_policy(tiles))
    _add_error_handlers(app)
    return app


def app_from_environment() -> FastAPI:
    """The app ``detente serve --workers N`` starts in each worker process: the options of
    ``create_app`` come as JSON in $DETENTE_SERVE_OPTIONS."""
    options = json.loads(os.environ[OPTIONS_VARIABLE])
    return create_app(**options)


def content_security_policy(tiles: str | None) -> str:
    """Scripts and styles only from our own static files; images also from the tile host."""
    images = " ".join(["'self'", "data:", tile_origin(tiles)]).strip()
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {images}; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"
    )


def tile_origin(tiles: str | None) -> str:
    """The CSP source for a tile URL template: {s} subdomains become a wildcard."""
    if not tiles:
        return ""
    parts = urlsplit(tiles)
    host = parts.netloc.replace("{s}", "*")
    if parts.scheme not in ("http", "https") or not host or "{" in host or " " in host:
        return ""
    return f"{parts.scheme}://{host}"


class SecurityHeaders:
    """Adds the CSP and related headers to every HTTP response."""

    def __init__(self, app: ASGIApp, policy: str) -> None:
        self.app = app
        self.headers = {
            "Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY",
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _bad_parameters)
    app.add_exception_handler(QueryTimeout, _unavailable)
    app.add_exception_handler(StoreError, _unavailable)
    app.add_exception_handler(ExtractionFailed, _unprocessable)


def error_response(request: Request, status: int, message: str,
                   headers: dict[str, str] | None = None) -> Response:
    """JSON for the API, an HTML page for the dashboard."""
    if request.url.path.startswith("/api"):
        return JSONResponse({"ok": False, "status": status, "error": message},
                            status_code=status, headers=headers)
    templates = request.app.state.templates
    response = templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status)
    if headers:
        response.headers.update(headers)
    return response


async def _http_error(request: Request, exc: Any) -> Response:
    message = exc.detail if isinstance(exc.detail, str) else "request failed"
    return error_response(request, exc.status_code, message, exc.headers)


async def _bad_parameters(request: Request, exc: Any) -> Response:
    return error_response(request, 400, api.describe_errors(exc.errors()))


async def _unavailable(request: Request, exc: Any) -> Response:
    return error_response(request, 503, without_paths(str(exc), request.app.state.settings))


def without_paths(message: str, settings: Settings) -> str:
    """The message with the server's store path cut down to its file name."""
    for path in sorted({str(settings.db_path.resolve()), str(settings.db_path)}, key=len,
                       reverse=True):
        message = message.replace(path, settings.db_path.name)
    return message


async def _unprocessable(request: Request, exc: Any) -> Response:
    return error_response(request, 422, f"the extractor could not read the article: {exc}")

"""Shared helpers for the server tests: a store built once with the real pipeline from our
own articles (tests/fixtures/serve/articles), and a live uvicorn server in a thread.

Other test_serve_* modules import the fixtures from here; this module holds no tests.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from detente.extract.options import ExtractOptions
from detente.pipeline import ingest_paths
from detente.serve import create_app

ARTICLES = Path(__file__).parent / "fixtures" / "serve" / "articles"
DETENTE = Path(sys.executable).parent / "detente"
TOKEN = "test-token-7f3c"
_BUILT: dict[str, Path] = {}


def build_store(folder: Path) -> Path:
    """A store with the fixture articles, extracted by the real pipeline (built once)."""
    if "store" not in _BUILT:
        path = folder / "served.db"
        # the rules' candidates: these tests are about serving, and the fixtures hold events
        # of every type and modality for the filters to find
        report = ingest_paths([str(ARTICLES)], path, options=ExtractOptions(rules_only=True))
        assert report.added == len(list(ARTICLES.glob("*.md"))) and not report.rejected
        _BUILT["store"] = path
    return _BUILT["store"]


@pytest.fixture(scope="session")
def served_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared read-only store (tests must not write to it)."""
    return build_store(tmp_path_factory.mktemp("serve"))


@pytest.fixture
def writable_db(served_db: Path, tmp_path: Path) -> Path:
    """A private copy of the shared store that a test may write to."""
    copy = tmp_path / "copy.db"
    shutil.copyfile(served_db, copy)
    return copy


class AsgiClient:
    """A synchronous face on httpx.AsyncClient + ASGITransport: requests go straight to the
    ASGI app, no network and no server thread."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def request(self, method: str, url: str, **options: Any) -> httpx.Response:
        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
                return await c.request(method, url, **options)

        return asyncio.run(send())

    def get(self, url: str, **options: Any) -> httpx.Response:
        return self.request("GET", url, **options)

    def post(self, url: str, **options: Any) -> httpx.Response:
        return self.request("POST", url, **options)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveServer:
    """uvicorn serving an app on 127.0.0.1 in a background thread."""

    def __init__(self, app: Any) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_server(writable_db: Path) -> Iterator[LiveServer]:
    """A live server over a private store, with HTTP ingest on (token ``TOKEN``)."""
    with LiveServer(create_app(writable_db, token=TOKEN)) as server:
        yield server

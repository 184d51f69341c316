"""A real HTTP server on 127.0.0.1 (http.server in a thread) serving the feed and page
fixtures of tests/fixtures/watch, with ETag/Last-Modified answers, a redirect, a 404, a
feed that answers too slowly, and a flaky one. Other test modules import from here; this
module holds no tests."""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "watch"
LAST_MODIFIED = "Mon, 09 Jun 2025 08:00:00 GMT"
SLOW_SECONDS = 3.0
ENERGY_V1_DATE = "Mon, 09 Jun 2025 08:00:00 GMT"
ENERGY_V2_DATE = "Tue, 10 Jun 2025 12:00:00 GMT"


@dataclass
class Hit:
    path: str
    status: int
    headers: dict[str, str]
    at: float


@dataclass
class Site:
    """What the server serves; tests change it between polls."""

    base: str = ""
    energy_version: int = 1
    flaky_failures: int = 2  # /flaky.xml answers 503 this many times, then the feed
    hits: list[Hit] = field(default_factory=list)

    def feed(self, name: str) -> bytes:
        text = (FIXTURES / "feeds" / name).read_text(encoding="utf-8")
        date = ENERGY_V1_DATE if self.energy_version == 1 else ENERGY_V2_DATE
        return text.replace("@BASE@", self.base).replace("@ENERGY_DATE@", date).encode()

    def page(self, name: str) -> bytes:
        if name == "energy-truce.html":
            name = f"energy-truce-v{self.energy_version}.html"
        return (FIXTURES / "pages" / name).read_bytes()

    def statuses(self, path: str) -> list[int]:
        return [hit.status for hit in self.hits if hit.path == path]


FEEDS = {"/feeds/kyiv-wire.xml": "kyiv-wire.xml", "/feeds/front-desk.atom": "front-desk.atom",
         "/feeds/border-news.xml": "border-news.xml", "/feeds/broken.xml": "broken.xml"}


class Handler(BaseHTTPRequestHandler):
    site: Site

    def do_GET(self) -> None:  # noqa: N802 (the http.server name)
        path = self.path
        if path == "/feeds/slow.xml":
            time.sleep(SLOW_SECONDS)
            return self._send(200, self.site.feed("kyiv-wire.xml"), "application/rss+xml")
        if path == "/feeds/flaky.xml":
            if self.site.flaky_failures > 0:
                self.site.flaky_failures -= 1
                return self._send(503, b"busy", "text/plain")
            return self._send(200, self.site.feed("kyiv-wire.xml"), "application/rss+xml")
        if path in FEEDS:
            return self._conditional(self.site.feed(FEEDS[path]), "application/rss+xml")
        if path == "/go/grain":
            return self._send(301, b"", "text/plain", {"Location": "/pages/grain-corridor.html"})
        if path == "/loop":
            return self._send(302, b"", "text/plain", {"Location": "/loop"})
        if path == "/big":
            return self._send(200, b"x" * 4096, "text/html")
        if path == "/report.pdf":
            return self._send(200, b"%PDF-1.4\n", "application/pdf")
        name = path.removeprefix("/pages/")
        if path.startswith("/pages/") and ((FIXTURES / "pages" / name).exists()
                                           or name == "energy-truce.html"):
            return self._send(200, self.site.page(name), "text/html; charset=utf-8")
        return self._send(404, b"<html><body>Not found</body></html>", "text/html")

    def _conditional(self, body: bytes, content_type: str) -> None:
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            return self._send(304, b"", content_type, {"ETag": etag})
        return self._send(200, body, content_type,
                          {"ETag": etag, "Last-Modified": LAST_MODIFIED})

    def _send(self, status: int, body: bytes, content_type: str,
              headers: dict[str, str] | None = None) -> None:
        self.site.hits.append(Hit(self.path, status, dict(self.headers), time.monotonic()))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)  # fails when the client gave up (the slow feed)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # quiet: tests read self.site.hits


@pytest.fixture
def site() -> Iterator[Site]:
    """A live server on 127.0.0.1; ``site.base`` is its address."""
    state = Site()
    handler = type("SiteHandler", (Handler,), {"site": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.block_on_close = False  # a handler still sleeping (the slow feed) is not awaited
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

"""How the server holds many readers at once: requests wait in line for a free slot instead of
all running together, and answers carry ETags so a reader who has a page gets 304.

``Admission`` lets ``slots`` requests work at once (one per core by default); the others wait
in arrival order. Past ``queue_timeout_s`` a waiting request gets 503 with ``Retry-After``,
before any of its work started, so no answer is ever cut short. ``Conditional`` labels each
GET answer with a weak ETag made of the store version it was read from and what was asked
(host, path, query); a request whose ``If-None-Match`` still holds is answered 304 after one
read of the version, without running the page, and a whole 200 is kept under its tag so the
next reader of the same URL, while the store is unchanged, gets the same bytes at once.
Static files are left to ``StaticFiles``.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import pickle
import time
from collections import deque
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from detente import __version__
from detente.errors import StoreError
from detente.serve.access import QueryTimeout, Settings, current_version
from detente.store.cache import REQUEST_READS, StoreVersion, VersionsRead

CACHE_CONTROL = "no-cache"  # keep it, but ask whether it still holds before using it
SERVICE_SMOOTHING = 0.1
MAX_KEPT_RESPONSE = 2 * 1024 * 1024


def is_dynamic(scope: Scope) -> bool:
    """An HTTP request for a page or API answer (not a static file)."""
    return scope["type"] == "http" and not scope["path"].startswith("/static/")


class Line:
    """``slots`` places, handed to waiters first come first served."""

    def __init__(self, slots: int) -> None:
        self.free = max(1, slots)
        self.waiting: deque[asyncio.Future[bool]] = deque()

    async def enter(self, timeout: float) -> bool:
        """True once this request holds a place; False if none came free in time."""
        if self.free > 0 and not self.waiting:
            self.free -= 1
            return True
        loop = asyncio.get_running_loop()
        turn: asyncio.Future[bool] = loop.create_future()
        self.waiting.append(turn)
        expiry = loop.call_later(timeout, self._expire, turn)
        try:
            return await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled() and turn.result():
                self.leave()  # handed a place just as the client went away: pass it on
            elif turn in self.waiting:
                self.waiting.remove(turn)
            raise
        finally:
            expiry.cancel()

    def leave(self) -> None:
        while self.waiting:
            turn = self.waiting.popleft()
            if not turn.done():
                turn.set_result(True)
                return
        self.free += 1

    def _expire(self, turn: asyncio.Future[bool]) -> None:
        if not turn.done():
            self.waiting.remove(turn)
            turn.set_result(False)


class Admission:
    """At most ``slots`` requests are worked on at once; the rest wait in line."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.slots = settings.slots
        self.queue_timeout_s = settings.queue_timeout_s
        self.mean_service_s = 0.02
        self._line: Line | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not is_dynamic(scope):
            await self.app(scope, receive, send)
            return
        line = self._line_of_this_loop()
        if not await line.enter(self.queue_timeout_s):
            await self._busy(scope, receive, send, len(line.waiting))
            return
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            line.leave()
            took = time.perf_counter() - started
            self.mean_service_s += SERVICE_SMOOTHING * (took - self.mean_service_s)

    def _line_of_this_loop(self) -> Line:
        # a Line's futures belong to one event loop; tests may run the app on several in turn
        loop = asyncio.get_running_loop()
        if self._line is None or self._loop is not loop:
            self._line, self._loop = Line(self.slots), loop
        return self._line

    async def _busy(self, scope: Scope, receive: Receive, send: Send, waiting: int) -> None:
        from detente.serve.app import error_response

        retry = max(1, min(60, math.ceil(waiting * self.mean_service_s / self.slots)))
        message = f"the server is busy; try again in {retry} s"
        response = error_response(Request(scope, receive), 503, message,
                                  {"Retry-After": str(retry), "Cache-Control": "no-store"})
        await response(scope, receive, send)


class Conditional:
    """ETag and Cache-Control on successful GET answers; 304 when ``If-None-Match`` holds;
    whole answers kept per store version, so the next reader of the same URL gets the bytes
    without the page being computed, rendered or compressed again."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.fingerprint = code_fingerprint(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not is_dynamic(scope) or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        try:
            version: StoreVersion | None = await run_in_threadpool(current_version,
                                                                   self.settings)
        except (StoreError, QueryTimeout):
            version = None  # the page itself will say what is wrong
        headers = Headers(scope=scope)
        if version is not None:
            tag = self.etag(scope, version)
            if matches(headers.get("if-none-match", ""), tag):
                await not_modified(send, tag)
                return
            key = self.response_key(scope, tag, headers)
            kept = self.settings.responses.get(version, key)
            if kept is not None:
                await replay(send, kept)
                return
        await self._answer(scope, receive, send, version)

    async def _answer(self, scope: Scope, receive: Receive, send: Send,
                      version: StoreVersion | None) -> None:
        """Run the page; tag a 200 with the version it was read from and keep a copy."""
        reads = VersionsRead()
        token = REQUEST_READS.set(reads)
        copy = Copy()

        async def send_tagged(message: Message) -> None:
            read_from = reads.oldest()
            if message["type"] == "http.response.start" and message["status"] == 200 and read_from:
                headers = MutableHeaders(scope=message)
                headers["ETag"] = self.etag(scope, read_from)
                headers.setdefault("Cache-Control", CACHE_CONTROL)
            copy.take(message)
            await send(message)

        try:
            await self.app(scope, receive, send_tagged)
        finally:
            REQUEST_READS.reset(token)
        kept = copy.whole()
        if kept is not None and version is not None and reads.oldest() == version:
            tag = self.etag(scope, version)
            self.settings.responses.put(version, self.response_key(scope, tag), kept)

    def response_key(self, scope: Scope, tag: str, headers: Headers | None = None) -> bytes:
        """The answer's tag, whether it went out compressed, and the method."""
        accepts = (headers or Headers(scope=scope)).get("accept-encoding", "")
        return f"{scope['method']} {tag} {'gzip' if 'gzip' in accepts else ''}".encode()

    def etag(self, scope: Scope, version: StoreVersion) -> str:
        """A weak tag (the body may be sent compressed or not) for this store version, this
        code and these settings, and what was asked: links in the answers are absolute, so
        the host and scheme count too."""
        headers = Headers(scope=scope)
        parts = [self.fingerprint, *map(str, version), scope.get("scheme", "http"),
                 headers.get("host", ""), headers.get("x-forwarded-proto", ""),
                 headers.get("x-forwarded-host", ""), scope.get("root_path", ""),
                 scope["path"], scope.get("query_string", b"").decode("latin-1")]
        digest = hashlib.blake2b("\n".join(parts).encode("utf-8", "replace"), digest_size=12)
        return f'W/"{digest.hexdigest()}"'


class Copy:
    """The messages of one answer, kept if it is a whole 200 of modest size in one body."""

    def __init__(self) -> None:
        self.start: Message | None = None
        self.body: bytes | None = None
        self.complete = True

    def take(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.start = message if message["status"] == 200 else None
        elif message["type"] == "http.response.body" and self.body is None:
            self.body = message.get("body", b"")
            self.complete = not message.get("more_body", False)
        else:
            self.complete = False  # streamed in parts, or trailers: not ours to replay

    def whole(self) -> bytes | None:
        if self.start is None or self.body is None or not self.complete:
            return None
        if len(self.body) > MAX_KEPT_RESPONSE:
            return None
        return pickle.dumps((list(self.start.get("headers", [])), self.body), 5)


async def replay(send: Send, kept: bytes) -> None:
    headers, body = pickle.loads(kept)
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def not_modified(send: Send, tag: str) -> None:
    headers = [(b"etag", tag.encode("latin-1")),
               (b"cache-control", CACHE_CONTROL.encode("latin-1"))]
    await send({"type": "http.response.start", "status": 304, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


def matches(if_none_match: str, tag: str) -> bool:
    """Weak comparison, as If-None-Match asks: ``W/"x"`` and ``"x"`` are the same tag. A bare
    ``*`` is left to the page (it would say 304 even where the answer is a 404)."""
    wanted = tag.removeprefix("W/")
    return any(given.strip().removeprefix("W/") == wanted for given in if_none_match.split(","))


def code_fingerprint(settings: Settings) -> str:
    """What besides the store shapes an answer: the settings a page shows and the server's
    own files (a new template must not be answered 304). The same in every worker process."""
    serve = Path(__file__).parent
    files = sorted(p for p in serve.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    stamp = [f"{p.relative_to(serve)}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files]
    shown = [__version__, settings.tiles or "", settings.tiles_attribution or "",
             "ingest" if settings.token else "read-only"]
    return hashlib.blake2b("\n".join(shown + stamp).encode(), digest_size=12).hexdigest()

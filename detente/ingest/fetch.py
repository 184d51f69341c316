"""Polite HTTP for ``detente watch``: one client, a User-Agent that says who asks, a pause
between requests to the same host, timeouts, size caps, and retries with growing pauses for
failures that may pass (timeouts, refused connections, 429 and 5xx answers)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from detente import __version__
from detente.errors import DetenteError

DEFAULT_USER_AGENT = f"Detente/{__version__} (news monitor; python-httpx)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0  # seconds: a longer Retry-After waits for the next poll instead
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class FetchError(DetenteError):
    """A URL that could not be fetched; the message names it and says why."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass(frozen=True)
class FetchSettings:
    """How politely and patiently to fetch."""

    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 20.0  # seconds for connecting and for each read
    retries: int = 2  # further attempts after a failure that may pass
    backoff: float = 2.0  # seconds before the first retry, doubled for each next one
    host_delay: float = 1.0  # least seconds between two requests to one host
    max_bytes: int = 10 * 1024 * 1024


@dataclass(frozen=True)
class Fetched:
    """A fetched resource: 304 answers have no content."""

    url: str  # after redirects
    status: int
    content: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""
    charset: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        """The content decoded by its declared charset, else UTF-8, else a <meta> charset."""
        for charset in (self.charset, "utf-8", _meta_charset(self.content)):
            if not charset:
                continue
            try:
                return self.content.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
        return self.content.decode("utf-8", errors="replace")


class Fetcher:
    """Fetches URLs one at a time; use as a context manager (it holds a connection pool)."""

    def __init__(self, settings: FetchSettings | None = None, *,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings or FetchSettings()
        self.clock, self.sleep = clock, sleep
        self._last_request: dict[str, float] = {}
        self.client = httpx.Client(
            headers={"User-Agent": self.settings.user_agent},
            timeout=httpx.Timeout(self.settings.timeout),
            follow_redirects=True, max_redirects=5,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None,
            ) -> Fetched:
        """GET ``url`` (conditionally, given a validator), retrying what may pass."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                return self._get_once(url, headers)
            except _Retryable as failure:
                if attempt >= self.settings.retries or failure.wait > MAX_RETRY_AFTER:
                    tries = f"{attempt + 1} attempt{'s' if attempt else ''}"
                    raise FetchError(url, f"{failure.reason} ({tries})") from None
                self.sleep(max(failure.wait, self.settings.backoff * 2 ** attempt))
                attempt += 1

    def _get_once(self, url: str, headers: dict[str, str]) -> Fetched:
        self._wait_for_host(url)
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                if response.status_code in RETRY_STATUSES:
                    raise _Retryable(f"HTTP {response.status_code}", _retry_after(response))
                if response.status_code == 304:
                    return Fetched(str(response.url), 304)
                if response.status_code >= 400:
                    raise FetchError(url, f"HTTP {response.status_code}")
                content = self._read_capped(url, response)
        except httpx.TimeoutException:
            raise _Retryable(f"timed out after {self.settings.timeout:g} s", 0.0) from None
        except httpx.TooManyRedirects:
            raise FetchError(url, "too many redirects") from None
        except (httpx.TransportError, httpx.InvalidURL) as exc:
            if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
                raise FetchError(url, f"not a web address ({exc})") from None
            raise _Retryable(f"connection failed ({type(exc).__name__})", 0.0) from None
        return Fetched(
            str(response.url), response.status_code, content, response.headers.get("etag"),
            response.headers.get("last-modified"), response.headers.get("content-type", ""),
            response.charset_encoding,
        )

    def _read_capped(self, url: str, response: httpx.Response) -> bytes:
        limit = self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"larger than {limit:,} bytes")
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > limit:
                raise FetchError(url, f"larger than {limit:,} bytes")
        return bytes(body)

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        last = self._last_request.get(host)
        if last is not None:
            pause = last + self.settings.host_delay - self.clock()
            if pause > 0:
                self.sleep(pause)
        self._last_request[host] = self.clock()


class _Retryable(Exception):
    """A failure worth another try after ``wait`` seconds (at least the backoff)."""

    def __init__(self, reason: str, wait: float) -> None:
        super().__init__(reason)
        self.reason, self.wait = reason, wait


def _retry_after(response: httpx.Response) -> float:
    value = response.headers.get("retry-after", "").strip()
    return float(value) if value.isdigit() else 0.0


def _meta_charset(content: bytes) -> str | None:
    found = _META_CHARSET.search(content[:4096])
    return found.group(1).decode("ascii") if found else None

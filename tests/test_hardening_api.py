"""Hostile requests get a 4xx (or a harmless 200 that leaks nothing), never a 500, and
change nothing in the store.

SQL injection goes into every filter parameter of every list endpoint and dashboard page;
path traversal into the static file route over a real socket (no client-side URL
normalisation); oversized, nested and malformed bodies and missing or wrong tokens into
``POST /api/articles``. Row counts of every table are compared before and after.
"""

from __future__ import annotations

import http.client
import json
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from test_serve_support import (  # noqa: F401  (fixtures)
    TOKEN,
    AsgiClient,
    LiveServer,
    served_db,
    writable_db,
)

from detente.serve import create_app
from detente.serve.api import MAX_BODY_BYTES

pytestmark = pytest.mark.slow

INJECTIONS = [
    "' OR '1'='1", "' OR 1=1 --", "1; DROP TABLE articles; --", '" OR ""="',
    "') UNION SELECT sql, 1, 1, 1, 1, 1 FROM sqlite_master --", "%' --", "_%", "\\",
    "x' AND (SELECT count(*) FROM articles) > 0 AND 'a'='a",
    "'; ATTACH DATABASE '/tmp/pwned.db' AS p; --", "* NEAR(a b) OR text:*", '"unbalanced',
    "\x00", "1e309", "-1", "99999999999999999999999", "0x7fffffffffffffff",
    "' || sqlite_version() || '",
    "ü' OR 'ü'='ü", "<script>alert(1)</script>", "../../etc/passwd", "a" * 600,
]
EVENT_PARAMS = ["type", "mode", "modality", "actor", "country", "place", "since", "until", "q",
                "article", "limit", "offset"]
LIST_ENDPOINTS: dict[str, list[str]] = {
    "/api/events": EVENT_PARAMS,
    "/api/places": EVENT_PARAMS,
    "/api/tolls": EVENT_PARAMS,
    "/api/timeline": [*EVENT_PARAMS, "bucket"],
    "/api/actors": ["q", "role", "limit", "offset"],
    "/api/articles": ["q", "limit", "offset"],
    "/api/statistics": ["q", "limit", "offset"],
    "/api/commitments": ["status", "as_of", "limit", "offset"],
}
PAGES: dict[str, list[str]] = {
    "/": EVENT_PARAMS, "/events": EVENT_PARAMS, "/places": EVENT_PARAMS,
    "/statistics": EVENT_PARAMS, "/articles": ["q", "limit", "offset"],
    "/actors": ["q", "role", "limit", "offset"],
    "/commitments": ["as_of"],
}
# Strings no stored value equals or contains: a 200 for them must list nothing.
MATCH_NOTHING = {"actor", "place", "mode", "article", "q", "country"}
LEAKS = ["CREATE TABLE", "CREATE INDEX", "Traceback", "OperationalError", "syntax error",
         "root:x:0:0", "SQLite format 3", "def create_app"]


def row_counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        counts["schema objects"] = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    finally:
        conn.close()
    return counts


def no_leak(text: str) -> None:
    for leak in LEAKS:
        assert leak not in text, leak


def listed(body: dict[str, Any]) -> int:
    """How many items a JSON answer lists, whatever its shape."""
    if "items" in body:
        return len(body["items"])
    if "events" in body:  # tolls
        return len(body["events"])
    return sum(sum(series) for series in body.get("by_type", {}).values())  # timeline


@pytest.fixture
def client(writable_db: Path) -> AsgiClient:  # noqa: F811
    return AsgiClient(create_app(writable_db, token=TOKEN))


def test_hardening_api_sql_injection_in_every_filter(client: AsgiClient,
                                                     writable_db: Path) -> None:  # noqa: F811
    before = row_counts(writable_db)
    assert before["articles"] > 0 and before["events"] > 0
    statuses: Counter[int] = Counter()
    for path, params in LIST_ENDPOINTS.items():
        for param in params:
            for payload in INJECTIONS:
                response = client.get(path, params={param: payload})
                statuses[response.status_code] += 1
                where = f"{path}?{param}={payload[:40]!r}"
                assert response.status_code in (200, 400), f"{where}: {response.status_code}"
                assert response.headers["content-type"].startswith("application/json"), where
                no_leak(response.text)
                assert str(writable_db.parent) not in response.text, where
                body = response.json()
                if response.status_code == 400:
                    assert body["ok"] is False and body["error"], where
                elif param in MATCH_NOTHING and payload.strip("\x00 "):  # NUL alone: no words
                    assert listed(body) == 0, f"{where} listed {listed(body)} items"
    print(f"\nAPI injection statuses: {dict(statuses)}")
    assert statuses[200] > 0 and statuses[400] > 0
    assert sum(statuses.values()) == sum(len(p) for p in LIST_ENDPOINTS.values()) * len(INJECTIONS)
    assert row_counts(writable_db) == before


def test_hardening_pages_sql_injection_in_every_filter(client: AsgiClient,
                                                       writable_db: Path) -> None:  # noqa: F811
    before = row_counts(writable_db)
    statuses: Counter[int] = Counter()
    for path, params in PAGES.items():
        for param in params:
            for payload in INJECTIONS[::3]:
                response = client.get(path, params={param: payload})
                statuses[response.status_code] += 1
                assert response.status_code in (200, 400), f"{path}?{param}: {response.status_code}"
                no_leak(response.text)
                assert str(writable_db.parent) not in response.text
                assert "<script>alert(1)</script>" not in response.text  # escaped, not echoed
    print(f"\npage injection statuses: {dict(statuses)}")
    assert row_counts(writable_db) == before


@pytest.mark.parametrize("path", [
    "/api/events/' OR '1'='1", "/api/articles/1 OR 1=1", "/events/%27%20OR%201%3D1",
    "/articles/..%2f..%2fetc%2fpasswd", "/api/events/" + "%00" * 10,
])
def test_hardening_detail_routes_with_hostile_ids_are_404(client: AsgiClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404, response.text
    no_leak(response.text)


TRAVERSALS = [
    "/static/../../etc/passwd", "/static/../app.py", "/static/..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/%2e%2e%2fapp.py",
    "/static/%252e%252e/%252e%252e/etc/passwd", "/static/....//....//etc/passwd",
    "/static/..\\..\\..\\etc\\passwd", "/static/..%5c..%5capp.py", "/static//etc/passwd",
    "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "/static/app.js%00.png",
    "/static/./../../../../../../../../etc/passwd", "/static/vendor/../../app.py",
    "/static/..;/..;/etc/passwd", "/..%2f..%2fetc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
]


def raw_get(port: int, path: str) -> tuple[int, bytes]:
    """GET with the path exactly as written: no client normalises it first."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_hardening_static_route_refuses_path_traversal(writable_db: Path) -> None:  # noqa: F811
    before = row_counts(writable_db)
    with LiveServer(create_app(writable_db)) as server:
        assert raw_get(server.port, "/static/app.js")[0] == 200  # the route does serve files
        for path in [*TRAVERSALS, f"/static/../../../../../../..{writable_db}"]:
            status, body = raw_get(server.port, path)
            assert 400 <= status < 500, f"{path}: {status}"
            no_leak(body.decode("utf-8", "replace"))
    assert row_counts(writable_db) == before


def post(client: AsgiClient, body: Any, token: str | None = TOKEN, **options: Any) -> Any:
    headers = dict(options.pop("headers", {}))
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    if isinstance(body, dict):
        body = json.dumps(body).encode()
    return client.post("/api/articles", content=body, headers=headers, **options)


ARTICLE = {"text": "Russian drones struck Kharkiv overnight, killing three people."}


@pytest.mark.parametrize(("headers", "status"), [
    ({}, 401),
    ({"authorization": "Bearer"}, 401),
    ({"authorization": "Bearer "}, 401),
    ({"authorization": "Bearer wrong-token"}, 401),
    ({"authorization": f"Bearer {TOKEN}x"}, 401),
    ({"authorization": f"Bearer {TOKEN[:-1]}"}, 401),
    ({"authorization": f"Basic {TOKEN}"}, 401),
    ({"authorization": TOKEN}, 401),
    ({"authorization": "Bearer ' OR '1'='1"}, 401),
    ({"authorization": "Bearer ключ".encode()}, 401),
    ({"x-token": TOKEN}, 401),
])
def test_hardening_post_without_the_right_token_changes_nothing(
    client: AsgiClient, writable_db: Path, headers: dict[str, Any], status: int,  # noqa: F811
) -> None:
    before = row_counts(writable_db)
    response = post(client, ARTICLE, token=None, headers=headers)
    assert response.status_code == status, response.text
    assert response.headers.get("www-authenticate") == "Bearer"
    assert row_counts(writable_db) == before


def test_hardening_post_is_off_without_a_configured_token(writable_db: Path) -> None:  # noqa: F811
    before = row_counts(writable_db)
    response = post(AsgiClient(create_app(writable_db)), ARTICLE)
    assert response.status_code == 403
    assert row_counts(writable_db) == before


async def chunks(size: int) -> Any:
    """A body sent in chunks with no Content-Length."""
    block = b"x" * 65536
    sent = 0
    while sent < size:
        yield block
        sent += len(block)


@pytest.mark.parametrize(("body", "status"), [
    (b'{"text": "' + b"a" * (MAX_BODY_BYTES + 10) + b'"}', 413),
    (chunks(MAX_BODY_BYTES * 3), 413),
    (b"[" * 200_000 + b"]" * 200_000, 400),  # nested past the stack: was a 500
    (b'{"text": ' * 50_000 + b'"x"' + b"}" * 50_000, 400),
    (b'{"text": "lone \\ud800 surrogate"}', 400),
    (b'{"text": "\xff\xfe not UTF-8"}', 400),
    (b"", 400),
    (b"null", 400),
    (b'{"text": "Talks.", "admin": true}', 400),
    (b'{"text": ""}', 400),
    (b'{"text": "Talks.", "date": "9999-99-99"}', 400),
    (b'{"text": "Talks.", "id": "' + b"i" * 500 + b'"}', 400),
    (b'{"text": 1e309}', 400),
    ('{"text": "Российские войска обстреляли Харьков ночью. Переговоры в Стамбуле '
     'продолжатся на следующей неделе. По словам губернатора, погибли три человека."}'
     .encode(), 422),
])
def test_hardening_post_hostile_bodies_are_4xx_and_change_nothing(
    client: AsgiClient, writable_db: Path, body: Any, status: int,  # noqa: F811
) -> None:
    before = row_counts(writable_db)
    response = post(client, body)
    assert response.status_code == status, response.text[:300]
    assert response.json()["ok"] is False
    no_leak(response.text)
    assert row_counts(writable_db) == before


def test_hardening_post_declared_oversize_is_refused_before_reading(
    client: AsgiClient, writable_db: Path,  # noqa: F811
) -> None:
    before = row_counts(writable_db)
    response = post(client, b"{}", headers={"content-length": str(10**12)})
    assert response.status_code == 413
    assert row_counts(writable_db) == before

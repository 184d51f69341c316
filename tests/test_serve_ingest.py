"""POST /api/articles: off without a token, bearer-only with one, idempotent, size-capped."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from test_serve_support import TOKEN, AsgiClient, served_db, writable_db  # noqa: F401

from detente.serve import create_app
from detente.serve.api import MAX_BODY_BYTES

ARTICLE = {
    "title": "Talks in Vienna end without a deal",
    "date": "2025-04-10",
    "source": "Test Wire",
    "text": "VIENNA (Test Wire) — Ukraine and Russia agreed on Thursday to exchange 120 "
            "prisoners each after talks in Vienna, officials said.\n\nThe Kremlin rejected "
            "a proposal for a ceasefire.",
}
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def open_client(writable_db: Path) -> AsgiClient:  # noqa: F811
    return AsgiClient(create_app(writable_db, token=TOKEN))


def articles_with_title(db: Path, title: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM articles WHERE title = ?",
                                (title,)).fetchone()[0])


def test_serve_post_is_403_without_a_configured_token(writable_db: Path) -> None:  # noqa: F811
    client = AsgiClient(create_app(writable_db))
    for headers in ({}, AUTH):
        response = client.post("/api/articles", json=ARTICLE, headers=headers)
        assert response.status_code == 403 and "--token" in response.json()["error"]


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
    {"Authorization": f"Bearer {TOKEN}x"}, {"Authorization": "Bearer"},
])
def test_serve_post_is_401_without_the_right_token(
    open_client: AsgiClient, writable_db: Path, headers: dict[str, str],  # noqa: F811
) -> None:
    response = open_client.post("/api/articles", json=ARTICLE, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert articles_with_title(writable_db, ARTICLE["title"]) == 0


@pytest.mark.slow  # extracts the posted article
def test_serve_post_stores_the_article_exactly_once(
    open_client: AsgiClient, writable_db: Path,  # noqa: F811
) -> None:
    first = open_client.post("/api/articles", json=ARTICLE, headers=AUTH)
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["added"] is True and body["events"] >= 1
    again = open_client.post("/api/articles", json=ARTICLE, headers=AUTH)
    assert again.status_code == 200 and again.json() == {**body, "added": False, "events": 0,
                                                          "statistics": 0}
    assert articles_with_title(writable_db, ARTICLE["title"]) == 1
    stored = open_client.get(f"/api/articles/{body['id']}").json()
    assert stored["text"] == ARTICLE["text"] and stored["date"] == "2025-04-10"
    assert any(e["type"] == "AGREE" for e in stored["events"])


@pytest.mark.parametrize(("body", "named"), [
    (b"{not json", "JSON"),
    (b'{"title": "no text"}', "text"),
    (b'{"text": ""}', "text"),
    (b'{"text": "Talks.", "colour": "red"}', "colour"),
    (b'{"text": "Talks.", "date": "2025-02-30"}', "date"),
    (b'["text"]', "dictionary"),
])
def test_serve_post_rejects_bad_bodies_with_400(
    open_client: AsgiClient, body: bytes, named: str
) -> None:
    response = open_client.post("/api/articles", content=body, headers=AUTH)
    assert response.status_code == 400 and named in response.json()["error"]


def test_serve_post_refuses_oversized_bodies_with_413(open_client: AsgiClient) -> None:
    huge = {"text": "x" * (MAX_BODY_BYTES + 10)}
    assert open_client.post("/api/articles", json=huge, headers=AUTH).status_code == 413

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted while streaming
        yield b'{"text": "'
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b"y" * 65536
        yield b'"}'

    response = open_client.post("/api/articles", content=chunks(), headers=AUTH)
    assert response.status_code == 413 and "limit" in response.json()["error"]


def test_serve_token_is_checked_before_the_body_is_read(open_client: AsgiClient) -> None:
    huge = {"text": "x" * (MAX_BODY_BYTES + 10)}
    assert open_client.post("/api/articles", json=huge).status_code == 401

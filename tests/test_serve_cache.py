"""Cheaper answers that are never stale: results cached per store version (which any
process's commit raises), ETags answered 304 until the store changes, gzip for large JSON,
and `detente serve --workers N`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from test_serve_support import (  # noqa: F401  (fixtures)
    ARTICLES,
    DETENTE,
    AsgiClient,
    free_port,
    served_db,
    writable_db,
)

from detente.serve import create_app
from detente.serve.access import Settings, read, reading
from detente.store import Store
from detente.store.cache import ResultCache, cached


def change_from_another_process(db: Path, sql: str) -> None:
    """A writer that is not this server: plain sqlite3 in a child process."""
    script = ("import sqlite3, sys; conn = sqlite3.connect(sys.argv[1]); "
              "conn.execute(sys.argv[2]); conn.commit()")
    subprocess.run([sys.executable, "-c", script, str(db), sql], check=True)


def test_serve_store_version_rises_with_every_commit(writable_db: Path) -> None:  # noqa: F811
    with Store.open(writable_db) as store:
        store_id, before = store.version()
    change_from_another_process(writable_db, "UPDATE events SET confidence = confidence")
    change_from_another_process(writable_db, "DELETE FROM statistics")
    with Store.open(writable_db) as store:
        same_id, after = store.version()
    assert same_id == store_id and after > before + 1


def test_serve_cache_hands_out_copies_and_forgets_old_versions() -> None:
    cache = ResultCache()
    cache.put(("s", 2), b"k", b"two")
    assert cache.get(("s", 2), b"k") == b"two"
    cache.put(("s", 1), b"k", b"one")  # a session that began before the last commit
    assert cache.get(("s", 1), b"k") is None and cache.get(("s", 2), b"k") == b"two"
    assert cache.get(("s", 3), b"k") is None and len(cache) == 0  # a newer version empties it


def test_serve_cache_is_bounded_in_bytes() -> None:
    cache = ResultCache(max_bytes=1000)
    for n in range(20):
        cache.put(("s", 1), bytes([n]), b"x" * 200)
    assert len(cache) == 5 and cache.get(("s", 1), bytes([19])) is not None


calls: list[int] = []


@cached
def count_articles(store: Store, plus: int) -> dict[str, int]:
    calls.append(plus)
    return {"n": store.count("articles") + plus}


def test_serve_cached_results_follow_the_store(writable_db: Path) -> None:  # noqa: F811
    settings = Settings(writable_db)
    calls.clear()
    first = read(settings, count_articles, 0)
    first["n"] = -1  # a caller changing its copy changes nothing for the next
    assert read(settings, count_articles, 0) == {"n": 4} and calls == [0]
    assert read(settings, count_articles, 1) == {"n": 5} and calls == [0, 1]
    change_from_another_process(writable_db, "DELETE FROM articles WHERE id = (SELECT "
                                              "id FROM articles ORDER BY id LIMIT 1)")
    assert read(settings, count_articles, 0) == {"n": 3} and calls == [0, 1, 0]
    with Store.open(writable_db, readonly=True) as outside:  # no session: runs every time
        assert count_articles(outside, 0) == {"n": 3} and calls == [0, 1, 0, 0]


def test_serve_a_session_reads_one_snapshot(writable_db: Path) -> None:  # noqa: F811
    settings = Settings(writable_db)
    with reading(settings) as store:
        before = store.count("events")
        change_from_another_process(writable_db, "DELETE FROM events")
        assert store.count("events") == before  # the commit is not seen mid-request
    with reading(settings) as store:
        assert store.count("events") == 0


@pytest.mark.parametrize("url", ["/api/events?type=AGREE", "/api/timeline", "/", "/events",
                                 "/commitments"])
def test_serve_etag_is_304_until_the_store_changes(writable_db: Path, url: str) -> None:  # noqa: F811
    client = AsgiClient(create_app(writable_db))
    first = client.get(url)
    tag = first.headers["etag"]
    assert first.status_code == 200 and tag.startswith('W/"')
    assert first.headers["cache-control"] == "no-cache"
    again = client.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    assert client.get(url + ("&" if "?" in url else "?") + "limit=3",
                      headers={"If-None-Match": tag}).status_code == 200
    change_from_another_process(writable_db, "UPDATE events SET type = 'AGREE'")
    changed = client.get(url, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag


def test_serve_errors_and_posts_carry_no_etag(writable_db: Path) -> None:  # noqa: F811
    client = AsgiClient(create_app(writable_db))
    assert "etag" not in client.get("/api/events/nope").headers
    assert "etag" not in client.get("/api/events?type=NOPE").headers
    assert "etag" not in client.post("/api/articles", json={"text": "x"}).headers


def test_serve_large_json_is_gzipped(served_db: Path) -> None:  # noqa: F811
    client = AsgiClient(create_app(served_db))
    big = client.get("/api/events?limit=500", headers={"Accept-Encoding": "gzip"})
    assert big.headers["content-encoding"] == "gzip" and big.json()["items"]
    assert "accept-encoding" in big.headers["vary"].lower()
    plain = client.get("/api/events?limit=500", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.json() == big.json()
    small = client.get("/api/events/nope", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers


@pytest.mark.slow
def test_serve_ingest_from_another_process_refreshes_answers(
    writable_db: Path, tmp_path: Path,  # noqa: F811
) -> None:
    client = AsgiClient(create_app(writable_db))
    timeline = client.get("/api/timeline")
    overview = client.get("/api").json()["overview"]
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for source in sorted(ARTICLES.glob("*.md"))[:2]:
        text = source.read_text("utf-8") + "\nA later report repeats this.\n"
        (incoming / source.name).write_text(text, "utf-8")
    subprocess.run([str(DETENTE), "ingest", str(incoming), "--db", str(writable_db),
                    "--quiet"], check=True)
    after = client.get("/api").json()["overview"]
    assert after["articles"] == overview["articles"] + 2 and after["events"] > overview["events"]
    fresh = client.get("/api/timeline", headers={"If-None-Match": timeline.headers["etag"]})
    assert fresh.status_code == 200
    counted = sum(map(sum, fresh.json()["by_type"].values())) + fresh.json()["undated"]
    assert counted == after["events"]


def test_serve_workers_share_the_port_and_the_etags(served_db: Path) -> None:  # noqa: F811
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DETENTE_TOKEN"}
    server = subprocess.Popen([str(DETENTE), "serve", "--db", str(served_db), "--port",
                               str(port), "--workers", "2"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        answers = []
        deadline = time.monotonic() + 60
        while len(answers) < 12 and time.monotonic() < deadline:
            try:
                with httpx.Client(base_url=url, timeout=30) as client:  # a new connection each
                    answers.append(client.get("/api/events?limit=2"))
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read()  # type: ignore[union-attr]
                time.sleep(0.2)
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert len(answers) == 12 and {a.status_code for a in answers} == {200}, errors
    assert len({a.headers["etag"] for a in answers}) == 1
    assert "with 2 workers" in errors and "Traceback" not in errors


def test_serve_whole_answers_are_kept_until_the_store_changes(
    writable_db: Path,  # noqa: F811
) -> None:
    app = create_app(writable_db)
    client = AsgiClient(app)
    kept = app.state.settings.responses
    first = client.get("/events?type=AGREE", headers={"Accept-Encoding": "gzip"})
    again = client.get("/events?type=AGREE", headers={"Accept-Encoding": "gzip"})
    assert kept.hits == 1 and again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]
    assert "content-security-policy" in again.headers
    plain = client.get("/events?type=AGREE", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.text == first.text
    assert kept.hits == 1  # the compressed copy is not the plain one
    change_from_another_process(writable_db, "UPDATE events SET type = 'REJECT' "
                                              "WHERE type = 'AGREE'")
    after = client.get("/events?type=AGREE", headers={"Accept-Encoding": "gzip"})
    assert kept.hits == 1 and after.text != first.text

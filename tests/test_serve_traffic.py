"""Many readers at once: requests wait in line for a slot, a query is limited by its own CPU
time (not by waiting), a pathological search stops at the limit while the others are served,
and a request that waited too long gets 503 with Retry-After. Real uvicorn servers on
127.0.0.1 and real SQLite stores."""

from __future__ import annotations

import sqlite3
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_serve_support import (  # noqa: F401  (fixtures)
    ARTICLES,
    DETENTE,
    LiveServer,
    served_db,
    writable_db,
)

from detente.serve import create_app
from detente.serve.access import QueryTimeout, Settings, read, reading
from detente.serve.traffic import Line, matches
from detente.store import board as queries

COUNT_TO = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
            "SELECT count(*) FROM (SELECT i FROM n LIMIT ?)")


def get_all(url: str, paths: list[str], threads: int) -> list[httpx.Response]:
    """GET every path, ``threads`` at a time, each thread with its own connection."""
    responses: list[httpx.Response] = []
    lock = threading.Lock()
    todo = list(paths)

    def work() -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            while True:
                with lock:
                    if not todo:
                        return
                    path = todo.pop()
                response = client.get(path)
                with lock:
                    responses.append(response)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return responses


def test_serve_time_limit_does_not_count_waiting(served_db: Path) -> None:  # noqa: F811
    # a session that waited (slept: no CPU used) past the limit still runs its query; under
    # a wall-clock deadline this query, long enough to reach the progress handler, would stop
    with reading(Settings(served_db, time_limit_ms=100)) as store:
        time.sleep(0.3)
        assert store.conn.execute(COUNT_TO, (200_000,)).fetchone()[0] == 200_000


def test_serve_time_limit_still_stops_work(served_db: Path) -> None:  # noqa: F811
    with pytest.raises(QueryTimeout, match="100 ms of CPU time"), \
            reading(Settings(served_db, time_limit_ms=100)) as store:
        store.conn.execute(COUNT_TO, (10**10,)).fetchone()


def test_serve_read_connections_are_kept_and_query_only(served_db: Path) -> None:  # noqa: F811
    settings = Settings(served_db)
    for _ in range(5):
        with reading(settings) as store:
            first = store
    assert settings.readers.opened == 1
    with reading(settings) as store:
        assert store is first
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.conn.execute("DELETE FROM events")


def test_serve_a_read_nested_in_another_gets_its_own_connection(
    served_db: Path,  # noqa: F811
) -> None:
    settings = Settings(served_db)
    with reading(settings) as outer:
        events = outer.count("events")
        assert read(settings, lambda inner: inner is not outer and inner.count("events"))
        assert outer.count("events") == events and outer.conn.in_transaction
    assert settings.readers.opened == 2
    with reading(settings) as again:
        assert again is outer  # the kept one; the nested one was closed


def flood_statistics(db: Path, rows: int) -> None:
    """Give one article ``rows`` more cumulative figures for a search to scan."""
    with sqlite3.connect(db) as conn:
        article_id = conn.execute("SELECT id FROM articles LIMIT 1").fetchone()[0]
        conn.execute(
            "INSERT INTO statistics (id, article_id, kind, value, subject, evidence_text, "
            "evidence_start, evidence_end) "
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT ?) "
            "SELECT 'flood' || i, ?, 'killed', i, 'soldiers of unit ' || i, 'x', 0, 1 FROM n",
            (rows, article_id))


def test_serve_pathological_search_stops_while_others_are_served(
    writable_db: Path,  # noqa: F811
) -> None:
    flood_statistics(writable_db, 300_000)
    # a search no cache can answer: 300,000 figures, kind and subject casefolded for each
    slow = "/api/statistics?q=" + "no such unit " * 20
    others = ["/api/events?limit=5", "/api/timeline", "/api/actors", "/api/events?type=AGREE",
              "/api/articles?q=ceasefire", "/commitments"] * 4
    app = create_app(writable_db, time_limit_ms=150, slots=2)
    with LiveServer(app) as server:
        results: dict[str, httpx.Response] = {}
        slow_thread = threading.Thread(
            target=lambda: results.update(slow=httpx.get(server.url + slow, timeout=60)))
        slow_thread.start()
        served = get_all(server.url, others, threads=4)
        slow_thread.join()
    assert [r.status_code for r in served] == [200] * len(others)
    answer = results["slow"]
    assert answer.status_code == 503, answer.text
    assert "150 ms of CPU time" in answer.json()["error"]


@pytest.fixture
def sleepy_events(monkeypatch: pytest.MonkeyPatch) -> None:
    """/api/events takes 0.4 s of waiting (no CPU), as if the disk were slow."""
    original = queries.list_events

    def slow_list_events(store: Any, flt: Any) -> Any:
        time.sleep(0.4)
        return original(store, flt)

    monkeypatch.setattr(queries, "list_events", slow_list_events)


@pytest.mark.usefixtures("sleepy_events")
def test_serve_requests_wait_in_line_instead_of_failing(served_db: Path) -> None:  # noqa: F811
    app = create_app(served_db, slots=1, queue_timeout_s=30, time_limit_ms=50)
    with LiveServer(app) as server:
        responses = get_all(server.url, [f"/api/events?limit={n}" for n in range(1, 7)], 6)
    # six requests, one at a time, 0.4 s each: the last waited ~2 s, far past the 50 ms limit
    assert sorted(r.status_code for r in responses) == [200] * 6


@pytest.mark.usefixtures("sleepy_events")
def test_serve_waiting_too_long_is_503_with_retry_after(served_db: Path) -> None:  # noqa: F811
    app = create_app(served_db, slots=1, queue_timeout_s=0.1)
    with LiveServer(app) as server:
        responses = get_all(server.url, ["/api/events?limit=1", "/api/events?limit=2",
                                         "/api/events?limit=3", "/events?limit=4"], 4)
        after = httpx.get(server.url + "/api/events?limit=5", timeout=30)
    busy = [r for r in responses if r.status_code == 503]
    assert len([r for r in responses if r.status_code == 200]) >= 1
    assert busy and all(int(r.headers["retry-after"]) >= 1 for r in busy)
    assert all("busy" in r.text and "items" not in r.text for r in busy)
    assert after.status_code == 200 and after.json()["count"] == 5


def test_serve_line_hands_places_over_in_order() -> None:
    import asyncio

    async def scenario() -> list[Any]:
        line = Line(1)
        assert await line.enter(1.0)
        waiters = [asyncio.create_task(line.enter(5.0)) for _ in range(3)]
        late = asyncio.create_task(line.enter(0.05))
        await asyncio.sleep(0.1)  # the late one gives up; the others are still waiting
        order = [late.result()]
        for waiter in waiters:
            line.leave()
            order.append(await waiter)
        line.leave()
        return [*order, line.free, len(line.waiting)]

    assert asyncio.run(scenario()) == [False, True, True, True, 1, 0]


def test_serve_etag_matching_is_weak() -> None:
    assert matches('W/"abc"', 'W/"abc"') and matches('"abc"', 'W/"abc"')
    assert matches('"x", W/"abc"', 'W/"abc"')
    assert not matches('W/"abd"', 'W/"abc"') and not matches("", 'W/"abc"')
    assert not matches("*", 'W/"abc"')


@pytest.mark.slow
def test_serve_readers_never_see_half_an_article_during_an_ingest(
    writable_db: Path, tmp_path: Path,  # noqa: F811
) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for source in sorted(ARTICLES.glob("*.md")):
        for number in range(15):
            text = source.read_text("utf-8") + f"\nLater dispatch {number}.\n"
            (incoming / f"{source.stem}-{number}.md").write_text(text, "utf-8")
    seen: dict[str, set[int]] = {}
    mismatched: list[str] = []
    with LiveServer(create_app(writable_db, slots=2)) as server:
        writer = subprocess.Popen([str(DETENTE), "ingest", str(incoming), "--db",
                                   str(writable_db), "--quiet"], stderr=subprocess.PIPE, text=True)

        def poll() -> None:
            with httpx.Client(base_url=server.url, timeout=60) as client:
                while writer.poll() is None:
                    page = client.get("/api/articles?limit=500").json()
                    if page["total"] != len(page["items"]):
                        mismatched.append(f"total {page['total']}, {len(page['items'])} items")
                    for item in page["items"]:
                        seen.setdefault(item["id"], set()).add(item["events"])

        pollers = [threading.Thread(target=poll) for _ in range(3)]
        for poller in pollers:
            poller.start()
        _, errors = writer.communicate(timeout=300)
        for poller in pollers:
            poller.join()
    assert writer.returncode == 0, errors
    with sqlite3.connect(writable_db) as conn:
        final = dict(conn.execute("SELECT article_id, count(*) FROM events GROUP BY article_id"))
    assert len(seen) > 4 and mismatched == []
    torn = {article: counts for article, counts in seen.items()
            if counts != {final.get(article, 0)}}
    assert torn == {}

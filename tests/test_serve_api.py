"""The JSON API through a real ASGI client over a store built with the real pipeline."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_serve_support import AsgiClient, served_db, writable_db  # noqa: F401  (fixtures)

from detente.link import link_store, list_commitments
from detente.serve import create_app
from detente.serve.access import QueryTimeout, Settings, reading
from detente.store import Store


@pytest.fixture(scope="module")
def client(served_db: Path) -> AsgiClient:  # noqa: F811
    return AsgiClient(create_app(served_db))


def stored_count(db: Path, sql: str, *params: object) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(sql, params).fetchone()[0])


def get(client: AsgiClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.text
    return response.json()


def test_serve_events_page_through_with_next_links(
    client: AsgiClient, served_db: Path,  # noqa: F811
) -> None:
    total = stored_count(served_db, "SELECT count(*) FROM events")
    seen: list[str] = []
    url: str | None = "/api/events?limit=4"
    while url:
        page = get(client, url)
        assert page["total"] == total and page["count"] == len(page["items"]) <= 4
        seen.extend(item["id"] for item in page["items"])
        url = page["next"]
    assert len(seen) == len(set(seen)) == total


def test_serve_events_items_carry_article_titles(client: AsgiClient) -> None:
    item = get(client, "/api/events?type=SANCTION")["items"][0]
    assert item["article"]["title"] == "EU adopts new sanctions on Russian shipping"
    assert item["source"][0]["code"] == "IGO:EU"


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("type=agree", lambda e: e["type"] == "AGREE"),
        ("modality=NEGATED", lambda e: e["modality"] == "negated"),
        ("actor=HUN", lambda e: any(a["code"] == "HUN" for a in e["source"] + e["target"])),
        ("country=Switzerland", lambda e: "CHE" in str(e)),
        ("place=geneva", lambda e: e["location"]["name"] == "Geneva"),
        ("since=2025-03-20&until=2025-03-31",
         lambda e: "2025-03-20" <= (e["date"] or {}).get("value", "2025-03-28") <= "2025-03-31"),
        ("q=tankers", lambda e: e["article"]["title"].startswith("EU adopts")),
    ],
)
def test_serve_events_filters(client: AsgiClient, query: str, check: Any) -> None:
    page = get(client, f"/api/events?{query}")
    assert page["items"], f"nothing matched {query}"
    assert all(check(item) for item in page["items"])
    assert page["total"] < get(client, "/api/events")["total"]


def test_serve_event_has_article_text_and_evidence_offsets(client: AsgiClient) -> None:
    first = get(client, "/api/events?type=ASSAULT&sort=date&limit=1")["items"][0]
    event = get(client, f"/api/events/{first['id']}")
    start, end = event["evidence"]["start"], event["evidence"]["end"]
    assert event["article"]["text"][start:end] == event["evidence"]["text"]
    assert event["quantities"]["killed"] == 4


@pytest.mark.parametrize("url", ["/api/events/enope", "/api/articles/anope", "/api/nothing"])
def test_serve_unknown_things_are_404_json(client: AsgiClient, url: str) -> None:
    body = get(client, url, 404)
    assert body["ok"] is False and body["status"] == 404 and body["error"]


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("/api/events?limit=-1", "limit"),
        ("/api/events?limit=501", "limit"),
        ("/api/events?limit=ten", "limit"),
        ("/api/events?offset=-3", "offset"),
        ("/api/events?offset=1.5", "offset"),
        ("/api/events?offset=99999999999999999999999", "offset"),
        ("/api/events?since=2025-02-30", "since"),
        ("/api/events?until=yesterday", "until"),
        ("/api/events?type=BOMBARD", "type"),
        ("/api/events?modality=maybe", "modality"),
        ("/api/events?since=2025-04-01&until=2025-03-01", "after"),
        ("/api/actors?role=bystander", "role"),
        ("/api/places?limit=100000", "limit"),
        ("/api/articles?offset=x", "offset"),
        ("/api/commitments?status=forgotten", "status"),
        ("/api/timeline?bucket=year", "bucket"),
        ("/api/events?q=" + "x" * 600, "q"),
    ],
)
def test_serve_bad_parameters_are_400_naming_the_parameter(
    client: AsgiClient, url: str, named: str
) -> None:
    body = get(client, url, 400)
    assert named in body["error"]


def test_serve_bad_parameters_on_pages_are_400_html(client: AsgiClient) -> None:
    response = client.get("/events?since=2025-13-01")
    assert response.status_code == 400
    assert "text/html" in response.headers["content-type"] and "since" in response.text


def test_serve_actors_with_counts(client: AsgiClient) -> None:
    page = get(client, "/api/actors?limit=500")
    russia = next(a for a in page["items"] if a["code"] == "RUS")
    assert russia["events"] >= 3 and russia["as_source"] >= 2
    found = get(client, "/api/actors?q=hungary")["items"]
    assert [a["code"] for a in found] == ["HUN"]
    assert all(a["as_target"] for a in get(client, "/api/actors?role=target")["items"])


def test_serve_places_with_coordinates(client: AsgiClient) -> None:
    geneva = next(p for p in get(client, "/api/places")["items"] if p["name"] == "Geneva")
    assert geneva["country"] == "CHE" and geneva["events"] >= 2
    assert geneva["lat"] == pytest.approx(46.2, abs=0.1)


def test_serve_articles_list_and_one(client: AsgiClient) -> None:
    page = get(client, "/api/articles")
    assert page["total"] == 4
    assert [a["date"] for a in page["items"]] == sorted((a["date"] for a in page["items"]),
                                                        reverse=True)
    assert get(client, "/api/articles?q=Belarus")["total"] == 1
    article = get(client, f"/api/articles/{page['items'][1]['id']}")
    assert article["text"].startswith("KYIV") and article["events"]
    assert article["statistics"][0]["value"] == 13000


def test_serve_statistics_and_tolls(client: AsgiClient) -> None:
    figures = get(client, "/api/statistics")
    assert figures["total"] == 1 and figures["items"][0]["kind"] == "killed"
    tolls = get(client, "/api/tolls")
    assert tolls["figures"][0]["value"] == 13000
    claims = [claim for incident in tolls["incidents"] for claim in incident["claims"]]
    assert sum(claim["killed"] or 0 for claim in claims) >= 4


def test_serve_timeline_counts_every_event(client: AsgiClient) -> None:
    timeline = get(client, "/api/timeline?bucket=day")
    dated = sum(sum(counts) for counts in timeline["by_type"].values())
    outside = timeline["outside"]  # dated outside the span of the articles' dates
    assert dated + timeline["undated"] + outside == get(client, "/api/events")["total"]
    assert timeline["periods"][0] <= "2025-03-03" and timeline["periods"][-1] >= "2025-04-02"
    weeks = get(client, "/api/timeline?bucket=week&type=AGREE")
    assert set(weeks["by_type"]) == {"AGREE"}


def test_serve_openapi_schema(client: AsgiClient) -> None:
    schema = get(client, "/openapi.json")
    names = {p["name"] for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert {"type", "modality", "actor", "since", "until", "q", "limit", "offset"} <= names
    post = schema["paths"]["/api/articles"]["post"]
    assert "text" in post["requestBody"]["content"]["application/json"]["schema"]["properties"]


def test_serve_index_links(client: AsgiClient) -> None:
    index = get(client, "/api")
    assert index["overview"]["articles"] == 4
    assert index["links"]["events"].endswith("/api/events")


def test_serve_time_limit_interrupts_slow_queries(served_db: Path) -> None:  # noqa: F811
    slow = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
            "SELECT count(*) FROM (SELECT i FROM n LIMIT 100000000)")
    with pytest.raises(QueryTimeout), reading(Settings(served_db, time_limit_ms=50)) as store:
        store.conn.execute(slow).fetchone()


def test_serve_time_limit_is_503_json(served_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    from detente.store import board as queries

    def slow(store: Any, flt: Any) -> Any:
        store.conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                           "SELECT count(*) FROM (SELECT i FROM n LIMIT 100000000)").fetchone()

    monkeypatch.setattr(queries, "count_events", slow)  # every events listing counts
    slow_client = AsgiClient(create_app(served_db, time_limit_ms=50))
    body = get(slow_client, "/api/events", 503)
    assert "50 ms" in body["error"]


def test_serve_commitments_empty_without_table(writable_db: Path) -> None:  # noqa: F811
    with sqlite3.connect(writable_db) as conn:
        conn.execute("DROP TABLE IF EXISTS commitments")
    no_table = AsgiClient(create_app(writable_db))
    assert get(no_table, "/api/commitments")["available"] is False
    page = no_table.get("/commitments")
    assert page.status_code == 200 and "No commitments yet" in page.text


def test_serve_commitments_light_up_when_linked(writable_db: Path) -> None:  # noqa: F811
    """The app, started before linking, shows the commitments as soon as the link stage has
    stored them, each judged by the link stage's own function on the same day."""
    app_client = AsgiClient(create_app(writable_db))
    assert get(app_client, "/api/commitments")["total"] == 0
    with Store.open(writable_db) as store:
        link_store(store)
        expected = {c.id: (c.status, c.fulfilled_quantity)
                    for c in list_commitments(store, as_of=date(2025, 3, 30))}
    listing = get(app_client, "/api/commitments?as_of=2025-03-30")
    assert listing["available"] and listing["as_of"] == "2025-03-30"
    assert {i["id"]: (i["status"], i["fulfilled_quantity"]) for i in listing["items"]} \
        == expected
    swap = next(i for i in listing["items"] if "500 prisoners" in i["what"])
    assert (swap["status"], swap["fulfilled_quantity"], swap["per_side"]) == \
        ("partly kept", 250, True)
    assert get(app_client, "/api/commitments?as_of=2025-03-20")["counts"] == {"open": 1}
    assert get(app_client, "/api/commitments?status=kept")["total"] == 0
    board = app_client.get("/commitments?as_of=2025-03-30").text
    assert "250 of 500 prisoners released each side" in board
    assert "to exchange 500 prisoners" in board
    one = get(app_client, f"/api/commitments/{swap['id']}?as_of=2025-03-30")
    assert one["commitment"]["status"] == "partly kept"
    assert [e["kind"] for e in one["timeline"]][-1] == "fulfil"
    assert get(app_client, "/api/commitments/c-missing", 404)

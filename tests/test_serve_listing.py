"""The API and pages as lists an analyst reads: newest first, sortable, background hidden,
search in the events' own words with marks, facets, downloads equal to the JSON, tolls per
incident, titles that are never paths, the map's levels."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from test_listing_support import listing_store
from test_serve_support import AsgiClient

from detente.output import LISTING_CSV_FIELDS, flatten
from detente.serve import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> AsgiClient:
    db = listing_store(tmp_path_factory.mktemp("listing") / "listing.db", linked=True)
    return AsgiClient(create_app(db))


def get(client: AsgiClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.json()


def event_date(item: dict[str, Any]) -> str:
    return str((item["date"] or {}).get("value") or item["article"]["date"])


def test_serve_listing_events_newest_first_and_by_any_column(client: AsgiClient) -> None:
    items = get(client, "/api/events")["items"]
    assert [event_date(e) for e in items] == sorted(map(event_date, items), reverse=True)
    killed = [e["quantities"]["killed"] for e in get(client, "/api/events?sort=-killed")["items"]]
    assert killed[:3] == [20, 15, 12] and set(killed[3:]) == {None}
    oldest = get(client, "/api/events?sort=date")["items"]
    assert [event_date(e) for e in oldest] == sorted(map(event_date, oldest))


def test_serve_listing_unknown_sort_or_code_is_400_naming_valid_values(
        client: AsgiClient) -> None:
    sort = client.get("/api/events?sort=colour")
    assert sort.status_code == 400 and "killed" in sort.json()["error"]
    code = client.get("/api/events?actor=XYZ")
    assert code.status_code == 400 and "IGO:UN" in code.json()["error"]
    assert client.get("/events?sort=colour").status_code == 400


def test_serve_listing_background_hidden_unless_asked(client: AsgiClient) -> None:
    default = get(client, "/api/events")
    shown = get(client, "/api/events?background=1")
    assert shown["total"] == default["total"] + 1
    assert [e["date"]["value"] for e in shown["items"] if e["background"]] == ["1932-01-01"]
    page = client.get("/events").text
    assert "1 background event is hidden" in page and "background=1" in page
    [old] = [e for e in shown["items"] if e["background"]]
    assert get(client, f"/api/events/{old['id']}")["background"] is True


def test_serve_listing_search_in_events_or_articles_with_marks(client: AsgiClient) -> None:
    own = get(client, "/api/events?q=ceasefire")["items"]
    assert [e["type"] for e in own] == ["AGREE"]
    articles = get(client, "/api/events?q=ceasefire&scope=article")["items"]
    assert {e["article_id"] for e in articles} == {"a-talks", "a-strike"}
    page = client.get("/events?q=Ceasefire").text
    assert "agree to a <mark>ceasefire</mark> only if" in page
    assert "<mark>ceasefire</mark>" in page.split('class="content"')[1]  # the content too


def test_serve_listing_facets_count_the_filtered_events(client: AsgiClient) -> None:
    facets = get(client, "/api/facets?type=ASSAULT")
    assert facets["type"] == [{"value": "ASSAULT", "count": 3}]
    assert {"value": "Kharkiv", "count": 2} in facets["place"]
    assert {"value": "RUS", "count": 2} in facets["actor"]
    page = client.get("/events?type=ASSAULT").text
    assert 'data-facet="place"' in page and "place=Kharkiv" in page


def test_serve_listing_csv_download_equals_the_json(client: AsgiClient) -> None:
    query = "type=ASSAULT&sort=-killed&background=1"
    items = get(client, f"/api/events?{query}&limit=500")["items"]
    response = client.get(f"/api/events.csv?{query}")
    assert response.headers["content-disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    expected = [{k: "" if v is None else str(v) for k, v in flatten(item).items()
                 if k in LISTING_CSV_FIELDS} for item in items]
    assert [{k: row[k] for k in e} for row, e in zip(rows, expected, strict=True)] == expected
    lines = client.get(f"/api/events.jsonl?{query}").text.splitlines()
    assert [json.loads(line) for line in lines] == items


def test_serve_listing_titles_are_never_paths(client: AsgiClient) -> None:
    titles = {a["id"]: a["title"] for a in get(client, "/api/articles")["items"]}
    assert titles["a-swap"] == "Prisoners exchanged at the border"  # the first line
    assert titles["a-talks"] == "Delegations meet in Geneva"  # the record's
    for text in (client.get("/articles").text, client.get("/events").text):
        assert "/home/someone" not in text
    events = get(client, "/api/events?article=a-talks&background=1")["items"]
    assert {e["article"]["source"] for e in events} == {"Test Wire"}
    assert "https://example.org/talks" in client.get("/events?article=a-talks").text


def test_serve_listing_tolls_compare_claims_per_incident(client: AsgiClient) -> None:
    tolls = get(client, "/api/tolls")
    [strike] = [i for i in tolls["incidents"] if i["place"] == "Kharkiv"]
    claims = {c["claimant"]: c["killed"] for c in strike["claims"]}
    assert claims == {"RUS": 20, "regional officials": 12} and strike["disputed"]
    [swap] = [i for i in tolls["incidents"] if i["claims"][0]["exchanged"]]
    assert swap["claims"][0]["exchanged"] == 120 and swap["claims"][0]["released"] is None
    [arrest] = [i for i in tolls["incidents"] if i["claims"][0]["detained"]]
    assert arrest["claims"][0]["detained"] == 4
    # the 1932 famine's "millions" never reaches the tolls; the bound is labelled
    assert tolls["bounds"]["sums"]["killed"] == 20 + 15
    assert "highest figure" in tolls["bounds"]["label"]


def test_serve_listing_timeline_spans_the_articles(client: AsgiClient) -> None:
    timeline = get(client, "/api/timeline?bucket=day")
    assert timeline["span"] == ["2025-03-04", "2025-03-14"]
    assert timeline["span_of"] == "articles" and timeline["periods"][0] == "2025-03-04"
    wide = get(client, "/api/timeline?background=1")
    assert wide["span"][0] == "1932-01-01" and wide["bucket"] == "month"


def test_serve_listing_actor_names_persons_and_codes(client: AsgiClient) -> None:
    person = get(client, "/api/events?actor=Vladimir%20Putin")["items"]
    country = get(client, "/api/events?actor=RUS")["items"]
    assert [e["type"] for e in person] == ["AGREE"] and len(country) > len(person)
    page = client.get("/actors").text
    assert 'href="/events?actor=Vladimir+Putin"' in page and "person" in page


def test_serve_listing_map_points_have_levels_and_types(client: AsgiClient) -> None:
    page = client.get("/places?background=1").text
    points = json.loads(page.split('id="map-data">')[1].split("</script>")[0])
    levels = {p["name"]: p["level"] for p in points}
    assert levels["Kharkiv"] == "place" and levels["Ukraine"] == "country"
    kharkiv = next(p for p in points if p["name"] == "Kharkiv")
    assert kharkiv["types"] == {"ASSAULT": 2} and kharkiv["type"] == "ASSAULT"


def test_serve_listing_migration_indexes_existing_events(tmp_path: Path) -> None:
    """A store made before migration 007 gets its events indexed when it is upgraded."""
    import sqlite3

    from detente.store import Store

    db = listing_store(tmp_path / "old.db")
    conn = sqlite3.connect(db)
    conn.executescript("DROP TABLE events_fts; DROP TRIGGER events_fts_insert; "
                       "DROP TRIGGER events_fts_delete; DROP TRIGGER events_fts_update; "
                       "DELETE FROM schema_migrations WHERE version = 7;")
    conn.close()
    with Store.open(db) as store:
        found = store.conn.execute(
            "SELECT count(*) FROM events_fts WHERE events_fts MATCH 'ceasefire'").fetchone()[0]
    assert found == 1


def test_serve_listing_marks_escape_everything_else() -> None:
    from detente.serve.render import mark_words

    marked = str(mark_words("<b>Ceasefire</b> & ceasefires, ceasefire.", "ceasefire <i>"))
    assert marked == ("&lt;b&gt;<mark>Ceasefire</mark>&lt;/b&gt; &amp; ceasefires, "
                      "<mark>ceasefire</mark>.")

"""The analyst's first hour in a real browser (Playwright + the system Chromium): timeline
span, sorted lists, downloads, search marks, the map's legend and bounds, tolls per incident.

The store is the small linked one of test_listing_support (no spaCy), served live."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_listing_support import listing_store
from test_serve_browser import CHROMIUM, Tab, launched_browser, watched_tab
from test_serve_support import LiveServer

from detente.output import LISTING_CSV_FIELDS, flatten
from detente.serve import create_app

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="browser tests need /usr/bin/chromium (apt-get install -y chromium)",
)
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db = listing_store(tmp_path_factory.mktemp("browse") / "listing.db", linked=True)
    with LiveServer(create_app(db)) as live:
        yield live


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_browser() as launched:
        yield launched


@pytest.fixture
def tab(browser: Any, server: LiveServer) -> Iterator[Tab]:
    with watched_tab(browser, server.url, accept_downloads=True) as opened:
        yield opened


def row_dates(tab: Tab) -> list[str]:
    cells = tab.page.locator("table.events tbody tr td:first-child").all_inner_texts()
    return [cell.split()[0] for cell in cells]


def test_serve_browser_timeline_spans_the_articles_dates(tab: Tab) -> None:
    tab.open("/")
    labels = tab.page.evaluate("Chart.getChart('timeline').data.labels")
    assert labels[0] == "2025-03-04" and labels[-1] == "2025-03-14"  # not 1932
    assert "background event is hidden" in tab.page.locator(".background-note").inner_text()
    tab.page.check("input[name=background]")
    tab.page.click("form.filters button[type=submit]")
    tab.page.wait_for_url("**background=1*")
    labels = tab.page.evaluate("Chart.getChart('timeline').data.labels")
    assert labels[0].startswith("1932")
    tab.shot("lists-home-background")


def test_serve_browser_lists_newest_first_and_sort_by_a_column(tab: Tab) -> None:
    tab.open("/events")
    dates = row_dates(tab)
    assert len(dates) == 7 and dates == sorted(dates, reverse=True)
    assert tab.page.get_attribute("th[data-column=date]", "aria-sort") == "descending"
    tab.page.click("th[data-column=killed] a")
    tab.page.wait_for_url("**sort=-killed*")
    numbers = tab.page.locator("table.events tbody tr td:nth-child(5)").all_inner_texts()
    assert [n.strip() for n in numbers[:3]] == ["20 killed", "15 killed", "12 killed"]
    tab.page.click("th[data-column=date] a")
    tab.page.wait_for_url("**sort=-date*")
    tab.page.click("th[data-column=date] a")
    tab.page.wait_for_url("**sort=date*")
    assert row_dates(tab) == sorted(row_dates(tab))
    tab.open("/articles")
    dates = tab.page.locator("table.articles tbody td:first-child").all_inner_texts()
    assert dates == sorted(dates, reverse=True)


def test_serve_browser_filtered_csv_download_equals_the_api(tab: Tab, server: LiveServer,
                                                          tmp_path: Path) -> None:
    tab.open("/events?type=ASSAULT&sort=-killed")
    with tab.page.expect_download() as info:
        tab.page.click("#download-csv")
    path = tmp_path / "events.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    api = httpx.get(f"{server.url}/api/events?type=ASSAULT&sort=-killed&limit=500").json()
    assert len(rows) == api["total"] == 3
    for row, item in zip(rows, api["items"], strict=True):
        flat = flatten(item)
        assert {k: row[k] for k in LISTING_CSV_FIELDS} == {
            k: "" if flat.get(k) is None else str(flat[k]) for k in LISTING_CSV_FIELDS}


def test_serve_browser_search_marks_the_matching_words(tab: Tab) -> None:
    tab.open("/events")
    tab.page.fill("input[name=q]", "ceasefire")
    tab.page.click("form.filters button[type=submit]")
    tab.page.wait_for_url("**q=ceasefire*")
    marks = tab.page.locator("table.events mark").all_inner_texts()
    assert marks and {m.lower() for m in marks} == {"ceasefire"}
    assert len(row_dates(tab)) == 1
    tab.page.select_option("select[name=scope]", "article")
    tab.page.click("form.filters button[type=submit]")
    tab.page.wait_for_url("**scope=article*")
    assert len(row_dates(tab)) == 3  # every event of the two articles that say it
    tab.shot("lists-search")


def test_serve_browser_map_legend_and_fitted_bounds(tab: Tab) -> None:
    tab.open("/places?background=1")
    tab.page.wait_for_selector("#map[data-ready=outlines]")
    types = tab.page.locator("#map-legend [data-type]").evaluate_all(
        "items => items.map(i => i.dataset.type)")
    assert {"ASSAULT", "CONSULT", "COERCE"} <= set(types)
    levels = tab.page.locator("#map-legend [data-level]").count()
    assert levels == 3
    bounds = tab.page.evaluate(
        "(() => { const b = document.getElementById('map').detenteMap.getBounds();"
        " return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })()")
    points = tab.page.evaluate("JSON.parse(document.getElementById('map-data').textContent)")
    places = [p for p in points if p["level"] == "place"]
    assert all(bounds[0] <= p["lat"] <= bounds[2] and bounds[1] <= p["lon"] <= bounds[3]
               for p in places)
    assert bounds[3] - bounds[1] < 60  # fitted to the places, not the whole world
    assert tab.page.locator(".country-point").count() == 1  # Ukraine's centre, drawn apart
    tab.shot("lists-map")


def test_serve_browser_tolls_compare_claims_per_incident(tab: Tab) -> None:
    tab.open("/statistics")
    strike = tab.page.locator("tbody.incident.disputed")
    assert strike.count() == 1
    claims = strike.locator("td.claimant").all_inner_texts()
    killed = strike.locator("td[data-figure=killed]").all_inner_texts()
    assert dict(zip([c.split()[0] for c in claims], killed, strict=True)) == {
        "RUS": "20", "regional": "12"}
    headers = tab.page.locator("table.tolls thead th").all_inner_texts()
    assert [h.lower() for h in headers[2:]] == ["killed", "injured", "released", "exchanged",
                                                "detained"]
    assert "highest figure" in tab.page.locator("p.bounds").inner_text()
    tab.shot("lists-tolls")

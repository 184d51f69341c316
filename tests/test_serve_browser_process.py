"""Stories and the peace-process page in a real browser (Playwright + the system Chromium),
on the hand-built linked store of test_process_support (no spaCy), served live."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from test_process_support import build_process_store
from test_serve_browser import CHROMIUM, Tab, launched_browser, watched_tab
from test_serve_support import LiveServer

from detente.serve import create_app

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="browser tests need /usr/bin/chromium (apt-get install -y chromium)",
)
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db = build_process_store(tmp_path_factory.mktemp("process") / "process.db")
    with LiveServer(create_app(db)) as live:
        yield live


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_browser() as launched:
        yield launched


@pytest.fixture
def tab(browser: Any, server: LiveServer) -> Iterator[Tab]:
    with watched_tab(browser, server.url) as opened:
        yield opened
    assert opened.dialogs == []


def test_serve_browser_process_timeline_to_story_and_evidence(tab: Tab) -> None:
    tab.open("/process")
    rows = tab.page.locator("table.process > tbody > tr")
    assert rows.count() == 7
    kinds = [k.lower() for k in tab.page.locator("table.process .pkind").all_inner_texts()]
    assert kinds == ["talks", "agreement", "demand", "rejection", "threat", "handover",
                     "violence"]
    agreement = tab.page.locator("tr.k-agreement")
    assert agreement.locator(".status").inner_text() == "partly kept"
    assert "390 of 1,000 each exchanged" in agreement.locator(".fulfilment").inner_text()
    violence = tab.page.locator("tr.k-violence")
    assert "the State Emergency Service" in violence.locator("table.tolls").inner_text()
    violence.locator("summary").click()
    assert violence.locator(".sources li").count() == 2
    assert tab.page.evaluate("window.__xss") is None  # the demand's markup stays text
    assert "<img src=x" in tab.page.locator("tr.k-demand td.what").inner_text()
    tab.shot("process")
    tab.page.locator("tr.k-talks td.what a").click()
    tab.page.wait_for_url("**/stories/s*")
    assert tab.page.locator("ol.mentions > li").count() == 2
    tab.page.locator("ol.mentions a.evidence").first.click()
    tab.page.wait_for_url("**/events/e*")
    assert tab.page.locator("mark#evidence").is_visible()


def test_serve_browser_process_other_dates_and_parties(tab: Tab) -> None:
    tab.open("/process")
    tab.page.fill("input[name=since]", "2025-04-10")
    tab.page.click("form.filters button[type=submit]")
    tab.page.wait_for_url("**/process?*since=2025-04-10*")
    assert tab.page.locator("table.process > tbody > tr").count() == 3
    tab.page.fill("input[name=b]", "USA")
    tab.page.click("form.filters button[type=submit]")
    tab.page.wait_for_url("**/process?*b=USA*")
    assert "Nothing between RUS and USA" in tab.page.locator("table.process").inner_text()


def test_serve_browser_stories_list_sorted_then_story(tab: Tab) -> None:
    tab.open("/")
    assert tab.page.locator("#recent-title").inner_text() == "Newest stories"
    tab.open("/stories")
    assert tab.page.locator("table.stories tbody tr").count() == 8
    tab.page.locator("th[data-column=killed] a").click()
    tab.page.wait_for_url("**/stories?*sort=*killed*")
    first = tab.page.locator("table.stories tbody tr").first
    if "49" not in first.inner_text():  # the first click may sort ascending
        tab.page.locator("th[data-column=killed] a").click()
        tab.page.wait_for_url("**/stories?sort=-killed*")
        first = tab.page.locator("table.stories tbody tr").first
    assert "49 killed" in first.inner_text()
    tab.shot("stories")
    tab.page.locator("table.stories tbody tr:nth-child(2) a.evidence").click()
    tab.page.wait_for_url("**/stories/s*")
    claims = tab.page.locator("table.claims").inner_text()
    assert "the governor" in claims and "the State Emergency Service" in claims
    assert tab.page.locator(".figure[data-field=killed]").inner_text().startswith("best 7")

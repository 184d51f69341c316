"""The commitments board and one commitment's page in a real browser (Playwright + the system
Chromium) over the commitments fixture corpus, ingested with the real extractor and linked.

Screenshots go to test-artifacts/ (gitignored). Skipped, with the reason, when
/usr/bin/chromium is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_link_support import linked_fixture_store
from test_serve_browser import CHROMIUM, Tab, launched_browser, watched_tab
from test_serve_support import LiveServer

from detente.serve import create_app

FIXTURES = Path(__file__).parent / "fixtures" / "commitments"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="browser tests need /usr/bin/chromium (apt-get install -y chromium)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("commitments-browser")
    db = linked_fixture_store(FIXTURES, folder / "linked.db", 12)
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


def _column(page: Any, status: str) -> list[str]:
    return page.locator(f"section.column[aria-label='{status}'] .card-item .what").all_inner_texts()


def test_serve_commitments_board_then_a_broken_deal(tab: Tab) -> None:
    tab.open("/commitments")
    page = tab.page
    assert [w for w in _column(page, "broken") if "grain" in w]
    assert [w for w in _column(page, "overdue") if "memorandum" in w]
    assert len(_column(page, "partly kept")) == 2
    labels = page.locator(".progress-label").all_inner_texts()
    assert "2,412 of 6,000 bodies returned" in labels
    tab.shot("commitments-board")
    page.locator("section.column[aria-label='broken'] .what a").first.click()
    page.wait_for_url("**/commitments/c*")
    assert page.inner_text("#status") == "broken"
    assert page.inner_text("#ended") == "suspended by RUS on 2025-10-20"
    assert page.locator("svg#life g.marker").count() == 7
    bands = page.locator("svg#life rect.band").evaluate_all(
        "rects => rects.map(r => r.dataset.status)")
    assert bands == ["open", "partly kept", "broken"]
    deadlines = page.locator("svg#life g.deadline text").all_text_contents()
    assert deadlines == ["runs to 2025-09-09", "runs to 2025-11-08"]
    assert page.locator("table#timeline tbody tr").count() == 7
    tab.shot("commitment-broken")


def test_serve_commitments_judged_on_an_earlier_day(tab: Tab) -> None:
    tab.open("/commitments")
    page = tab.page
    page.locator("section.column[aria-label='broken'] .what a").first.click()
    page.wait_for_url("**/commitments/c*")
    page.fill("form.as-of input[name=as_of]", "2025-09-06")
    page.click("form.as-of button[type=submit]")
    page.wait_for_url("**as_of=2025-09-06")
    assert page.inner_text("#status") == "partly kept"
    assert page.locator("#ended").count() == 0
    assert "runs to 2025-11-08" in page.inner_text("#deadline")
    assert page.locator("svg#life g.marker").count() == 5


def test_serve_commitments_quantity_line_and_evidence_links(tab: Tab) -> None:
    tab.open("/commitments")
    page = tab.page
    page.locator("section.column[aria-label='partly kept'] .what a",
                 has_text="bodies").click()
    page.wait_for_url("**/commitments/c*")
    assert "2,412 bodies of 6,000" in page.inner_text("#fulfilled")
    assert page.locator("polyline#progress-line").count() == 1
    assert page.text_content("svg#life .target-label") == "promised 6,000 bodies"
    box = page.locator("svg#life").bounding_box()
    assert box is not None and box["width"] > 600
    tab.shot("commitment-bodies")
    page.locator("svg#life a g.marker.k-fulfil circle").first.click()
    page.wait_for_url("**/events/e*")
    assert "RETREAT" in page.inner_text("h1")

"""The dashboard in a real browser (Playwright + the system Chromium) against a live server.

Screenshots go to test-artifacts/ (gitignored). Skipped, with the reason, when
/usr/bin/chromium is missing; CI installs it (see .ci/run).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_serve_support import (  # noqa: F401  (fixtures)
    TOKEN,
    LiveServer,
    live_server,
    served_db,
    writable_db,
)

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
XSS_TITLE = "<script>window.__xss=1</script> Talks in Minsk"
XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_TEXT = (
    "MINSK (Test Wire) — Ukraine and Russia agreed on Monday to exchange 80 prisoners each "
    f"{XSS_IMG} after talks in Minsk, officials said.\n\n"
    "The Kremlin rejected <script>window.__xss=1</script> a ceasefire proposal, "
    "<svg onload=\"alert('xss')\"></svg> its spokesman said."
)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="browser tests need /usr/bin/chromium (apt-get install -y chromium)",
)
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")


@dataclass
class Tab:
    """A browser page plus everything that went wrong on it."""

    page: Any
    base: str
    problems: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == 200, path
        self.page.wait_for_load_state("networkidle")

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"serve-{name}.png"), full_page=True)


@contextmanager
def launched_browser() -> Iterator[Any]:
    """The system Chromium, headless (other browser test modules use it too)."""
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@contextmanager
def watched_tab(browser: Any, base: str, **options: Any) -> Iterator[Tab]:
    """A fresh page on ``base`` that records console errors, page errors and dialogs; when
    the test is done there must have been no error (CSP violations included)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    page = context.new_page()
    opened = Tab(page, base)
    page.on("console", lambda m: m.type == "error" and opened.problems.append(m.text))
    page.on("pageerror", lambda error: opened.problems.append(str(error)))

    def on_dialog(dialog: Any) -> None:
        opened.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield opened
    context.close()
    assert opened.problems == [], "browser errors (CSP violations included)"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_browser() as launched:
        yield launched


@pytest.fixture
def tab(browser: Any, live_server: LiveServer) -> Iterator[Tab]:  # noqa: F811
    with watched_tab(browser, live_server.url) as opened:
        yield opened


def test_serve_browser_dashboard_draws_timeline_and_map(tab: Tab) -> None:
    tab.open("/")
    tab.page.wait_for_selector("#map[data-ready=outlines]")
    assert tab.page.evaluate("Chart.getChart('timeline').data.datasets.length") >= 3
    assert tab.page.locator("#map path.leaflet-interactive").count() >= 1
    tab.page.click("button[data-series=by_modality]")
    assert tab.page.get_attribute("#timeline", "data-series") == "by_modality"
    labels = tab.page.evaluate("Chart.getChart('timeline').data.datasets.map(d => d.label)")
    assert "asserted" in labels
    tab.shot("home")


def test_serve_browser_filter_then_open_an_event(tab: Tab) -> None:
    tab.open("/events")
    tab.page.select_option("select[name=type]", "AGREE")
    tab.page.fill("input[name=since]", "2025-03-01")
    tab.page.click("form.filters button[type=submit]")
    tab.page.wait_for_url("**/events?*type=AGREE*")
    badges = tab.page.locator("table.events td .type").all_inner_texts()
    assert badges and set(badges) == {"AGREE"}
    tab.shot("events-filtered")
    tab.page.locator("a.evidence").first.click()
    tab.page.wait_for_url("**/events/e*")
    mark = tab.page.locator("mark#evidence")
    assert mark.is_visible() and "agree" in mark.inner_text()
    assert tab.page.locator(".fields dd").first.inner_text() == "AGREE"
    tab.shot("event")


def test_serve_browser_map_popup_links_to_events(tab: Tab) -> None:
    tab.open("/places")
    tab.page.wait_for_selector("#map[data-ready=outlines]")
    tab.page.locator("#map path.leaflet-interactive").first.click(force=True)
    link = tab.page.locator(".leaflet-popup-content a")
    assert "events →" in link.inner_text() or "event →" in link.inner_text()
    tab.shot("map")
    assert "place=" in (link.get_attribute("href") or "")
    # followed from the keyboard: a mouse click can land while the popup still pans into
    # view (CI once saw a click that never navigated)
    link.press("Enter")
    tab.page.wait_for_url("**/events?*place=*")


@pytest.mark.parametrize("path", ["/commitments", "/statistics", "/actors", "/articles"])
def test_serve_browser_views_load(tab: Tab, path: str) -> None:
    tab.open(path)
    assert tab.page.locator("h1").first.is_visible()
    tab.shot(path.strip("/"))


def post_article(server: LiveServer, article: dict[str, str]) -> str:
    response = httpx.post(f"{server.url}/api/articles", json=article,
                          headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@pytest.mark.slow  # extracts the posted article
def test_serve_browser_article_text_never_runs_as_script(
    tab: Tab, live_server: LiveServer,  # noqa: F811
) -> None:
    article_id = post_article(live_server, {"title": XSS_TITLE, "text": XSS_TEXT,
                                            "date": "2025-04-20",
                                            "url": "javascript:window.__xss=1"})
    events = httpx.get(f"{live_server.url}/api/articles/{article_id}").json()["events"]
    assert events, "the payload article should yield events to open"
    pages = [f"/articles/{article_id}", f"/events/{events[0]['id']}", "/events?q=Minsk",
             "/?q=Minsk", "/articles?q=Minsk", "/statistics", "/places?q=Minsk"]
    for path in pages:
        tab.open(path)
        assert tab.page.evaluate("typeof window.__xss") == "undefined", path
    assert tab.dialogs == []
    tab.open(f"/articles/{article_id}")
    assert XSS_TITLE in tab.page.locator("h1").inner_text()
    text = tab.page.locator(".article .text").inner_text()
    assert XSS_IMG in text and "<script>window.__xss=1</script>" in text
    assert tab.page.locator(".article .text img, .article .text script").count() == 0
    assert tab.page.locator("a[href^='javascript']").count() == 0
    tab.open(f"/events/{events[0]['id']}")
    assert XSS_TITLE in tab.page.locator("#article-title").inner_text()
    tab.shot("xss")

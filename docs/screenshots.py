"""Refresh the dashboard screenshots in docs/screens/ from the sample articles.

    .venv/bin/python docs/screenshots.py

Ingests samples/ with the real pipeline into a temporary store, links it, serves it on
127.0.0.1 and saves a full-page screenshot of every page with the system Chromium (as the
browser tests do). Nothing is fetched from the network.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from test_serve_support import LiveServer  # noqa: E402

from detente.link.api import link_store  # noqa: E402
from detente.pipeline import ingest_paths  # noqa: E402
from detente.serve import create_app  # noqa: E402
from detente.store import Store  # noqa: E402

OUT = REPO / "docs" / "screens"
PAGES = {
    "dashboard": "/", "stories": "/stories?limit=20", "process": "/process?a=RUS&b=UKR",
    "events": "/events?limit=20", "search": "/events?q=ceasefire&limit=20",
    "map": "/places", "tolls": "/statistics", "commitments": "/commitments",
    "actors": "/actors", "articles": "/articles",
}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "samples.db"
        ingest_paths([str(REPO / "samples")], db)
        with Store.open(db) as store:
            link_store(store)
        with LiveServer(create_app(db)) as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            OUT.mkdir(exist_ok=True)
            for name, path in PAGES.items():
                page.goto(server.url + path)
                page.wait_for_load_state("networkidle")
                if path in ("/", "/places"):
                    page.wait_for_selector("#map[data-ready]")
                page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
                print(f"{OUT / f'{name}.png'}: {server.url}{path}")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

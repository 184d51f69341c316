"""detente watch against a real local HTTP server: three feeds, a broken and a slow one, a
404 page, a redirect, an item in two feeds, an updated item; the real extraction pipeline."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from test_watch_support import FIXTURES, Site, site  # noqa: F401  (fixture)

from detente.cli import main
from detente.ingest.fetch import Fetcher, FetchSettings
from detente.ingest.sources import DirectorySource, FeedSource, Sources
from detente.ingest.watch import LazyExtractor, WatchReport, page_article, poll_once, watch
from detente.pipeline import ingest_articles
from detente.store import Store

pytestmark = pytest.mark.slow
GOOD_FEEDS = ("/feeds/kyiv-wire.xml", "/feeds/front-desk.atom", "/feeds/border-news.xml")
QUICK = FetchSettings(timeout=0.5, retries=1, backoff=0.05, host_delay=0)


@pytest.fixture(scope="module")
def extractor() -> LazyExtractor:
    return LazyExtractor()  # one spaCy pipeline for the whole module


def sources(site: Site, broken: bool = True) -> Sources:  # noqa: F811
    feeds = [FeedSource(site.base + GOOD_FEEDS[0], source="Kyiv Wire"),
             FeedSource(site.base + GOOD_FEEDS[1]), FeedSource(site.base + GOOD_FEEDS[2])]
    if broken:
        feeds += [FeedSource(site.base + "/feeds/broken.xml"),
                  FeedSource(site.base + "/feeds/slow.xml")]
    return Sources(feeds=feeds)


def poll(site: Site, db: Path, extractor: LazyExtractor, broken: bool = True,  # noqa: F811
         link: bool = False) -> WatchReport:
    with Fetcher(QUICK) as fetcher:
        return poll_once(sources(site, broken), db, fetcher, extractor, link=link)


def articles(db: Path) -> dict[str, tuple[str, str, str]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT url, title, source, date FROM articles").fetchall()
    return {url: (title, source, day) for url, title, source, day in rows}


def stored_istanbul_page(site: Site, db: Path, extractor: LazyExtractor) -> None:  # noqa: F811
    """The store already holds the Istanbul report (read from the same page earlier)."""
    with Fetcher(QUICK) as fetcher:
        found = page_article(fetcher.get(site.base + "/pages/istanbul-talks.html"), None, None)
    assert not isinstance(found, Exception)
    assert ingest_articles([found], db, extractor=extractor).added == 1


def test_ingest_watch_once_reads_new_items_and_survives_broken_feeds(
    site: Site, tmp_path: Path, extractor: LazyExtractor,  # noqa: F811
) -> None:
    db = tmp_path / "watch.db"
    stored_istanbul_page(site, db, extractor)
    report = poll(site, db, extractor)
    assert (report.feeds, report.items, report.added, report.skipped) == (5, 6, 4, 1)
    assert report.events > 0
    failures = sorted(line.split(": ")[0] for line in report.failures)
    assert failures == [f"feed {site.base}/feeds/broken.xml", f"feed {site.base}/feeds/slow.xml",
                        f"page {site.base}/pages/withdrawn.html"]
    assert "timed out after 0.5 s (2 attempts)" in " ".join(report.failures)
    stored = articles(db)
    assert set(stored) == {site.base + "/pages/" + name for name in (
        "istanbul-talks.html", "prisoner-exchange.html", "odesa-strike.html",
        "grain-corridor.html", "energy-truce.html")}  # the redirect's target, each page once
    assert stored[site.base + "/pages/prisoner-exchange.html"][1:] == ("Kyiv Wire", "2025-06-07")
    assert stored[site.base + "/pages/grain-corridor.html"][1] == "Front Desk"
    assert site.statuses("/pages/prisoner-exchange.html") == [200]  # in two feeds, fetched once


def test_ingest_watch_second_run_adds_nothing_and_asks_conditionally(
    site: Site, tmp_path: Path, extractor: LazyExtractor,  # noqa: F811
) -> None:
    db = tmp_path / "watch.db"
    poll(site, db, extractor)
    pages_before = sum(hit.path.startswith("/pages/") for hit in site.hits)
    again = poll(site, db, extractor)
    assert (again.added, again.unchanged) == (0, 3)
    assert [site.statuses(feed)[-1] for feed in GOOD_FEEDS] == [304, 304, 304]
    fetched = [hit.path for hit in site.hits if hit.path.startswith("/pages/")][pages_before:]
    assert fetched == []  # the 404 item is in a feed that did not change: not asked again
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5


def test_ingest_watch_reads_an_updated_item_again(
    site: Site, tmp_path: Path, extractor: LazyExtractor,  # noqa: F811
) -> None:
    db = tmp_path / "watch.db"
    first = poll(site, db, extractor, broken=False)
    site.energy_version = 2  # the item's pubDate and the page's text change
    updated = poll(site, db, extractor, broken=False)
    assert (first.added, updated.items, updated.added, updated.unchanged) == (5, 2, 1, 2)
    # the 404 page is tried again with the changed feed (second of at most three attempts)
    assert updated.failures == [f"page {site.base}/pages/withdrawn.html: HTTP 404"]
    with sqlite3.connect(db) as conn:
        texts = [row[0] for row in conn.execute(
            "SELECT text FROM articles WHERE url LIKE '%energy-truce.html' ORDER BY seq")]
    assert len(texts) == 2 and "halt had begun" in texts[1] and "halt had begun" not in texts[0]


def test_ingest_watch_links_after_a_batch(
    site: Site, tmp_path: Path, extractor: LazyExtractor,  # noqa: F811
) -> None:
    db = tmp_path / "watch.db"
    report = poll(site, db, extractor, broken=False, link=True)
    assert report.linked
    with sqlite3.connect(db) as conn:
        mentions = conn.execute("SELECT count(*) FROM story_mentions").fetchone()[0]
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    assert mentions == events > 0


def test_ingest_watch_directories(tmp_path: Path, extractor: LazyExtractor) -> None:
    inbox, db = tmp_path / "inbox", tmp_path / "watch.db"
    inbox.mkdir()
    (inbox / "2025-06-09_swap.txt").write_text(
        "Russia and Ukraine exchanged 84 prisoners of war on Monday, officials said.")
    (inbox / "notes.pdf").write_bytes(b"%PDF-1.4\n")
    (inbox / ".hidden.txt").write_text("Not read: a hidden file.")
    watched = Sources(directories=[DirectorySource(inbox)])
    with Fetcher(QUICK) as fetcher:
        first = poll_once(watched, db, fetcher, extractor)
        again = poll_once(watched, db, fetcher, extractor)
        time.sleep(0.01)
        (inbox / "2025-06-10_talks.txt").write_text(
            "Delegations from Kyiv and Moscow met in Istanbul on Tuesday, officials said.")
        later = poll_once(watched, db, fetcher, extractor)
    assert (first.items, first.added) == (2, 1)
    assert first.failures == [f"file {inbox / 'notes.pdf'}: unsupported format '.pdf'"]
    assert (again.items, again.added) == (1, 0)  # only the unreadable file, tried again
    assert (later.items, later.added) == (2, 1)


def test_ingest_watch_cli_once_with_a_sources_file(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str],  # noqa: F811
) -> None:
    db, file = tmp_path / "cli.db", tmp_path / "sources.toml"
    feeds = "".join(f'[[feeds]]\nurl = "{site.base}{path}"\n' for path in (*GOOD_FEEDS,
                                                                           "/feeds/broken.xml"))
    file.write_text(f"host_delay = 0\ntimeout = 2\nretries = 0\n{feeds}")
    assert main(["watch", "--once", "--sources", str(file), "--db", str(db)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert any(line.startswith(f"detente watch: feed {site.base}/feeds/broken.xml: not a feed")
               for line in err)
    assert any("page " in line and "withdrawn.html: HTTP 404" in line for line in err)
    assert err[-1].startswith("detente watch: 4 feeds (0 unchanged), 6 new items: "
                              "5 articles added, 0 already stored, 2 failures")
    good = ["watch", "--once", "--quiet", "--host-delay", "0", "--db", str(db),
            *(site.base + path for path in GOOD_FEEDS[:2])]
    assert main(good) == 0 and capsys.readouterr().err == ""
    assert main(["watch", "--once", "--sources", str(tmp_path / "none.toml")]) == 2
    assert "none.toml: no such file" in capsys.readouterr().err
    with Store.open(db, readonly=True) as store:
        assert store.count("articles") == 5
    assert (FIXTURES / "README.md").exists()


def test_ingest_watch_polls_until_interrupted(tmp_path: Path) -> None:
    inbox, db = tmp_path / "inbox", tmp_path / "loop.db"
    inbox.mkdir()
    pauses: list[float] = []

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 1:  # a report arrives between the first and second poll
            (inbox / "2025-06-11_talks.txt").write_text(
                "Envoys from Ukraine and Russia met in Geneva on Wednesday, officials said.")
        else:
            raise KeyboardInterrupt

    with Fetcher(QUICK) as fetcher, pytest.raises(KeyboardInterrupt):
        watch(Sources(directories=[DirectorySource(inbox)]), db, fetcher, 60.0, sleep=sleep)
    assert len(pauses) == 2 and all(0 < pause <= 60 for pause in pauses)
    with Store.open(db, readonly=True) as store:
        assert store.count("articles") == 1

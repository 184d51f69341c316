"""Follow sources live: poll feeds and directories, fetch what is new, ingest it.

One poll (``poll_once``) asks each feed conditionally (its ETag and Last-Modified are kept
in the store), fetches the page of every item not read before (or updated since), extracts
its text with trafilatura, reads new files in watched directories, and ingests the lot
through ``detente.pipeline.ingest_articles``: articles already stored are skipped, so a poll
never stores anything twice. A dead feed or a failing page is one line in the log and never
stops the others. ``watch`` polls until interrupted.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

from detente.errors import DetenteError, InputError
from detente.ingest import iter_articles
from detente.ingest.fetch import Fetched, Fetcher, FetchError
from detente.ingest.readers import read_html
from detente.ingest.sources import DirectorySource, FeedSource, Sources
from detente.model import Article, Extraction
from detente.store import Store
from detente.store.watch_state import (
    FeedState,
    ItemResult,
    feed_state,
    is_due,
    item_states,
    save_feed,
    save_items,
)

log = logging.getLogger("detente.watch")
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


@dataclass
class WatchReport:
    """What one poll did."""

    feeds: int = 0
    unchanged: int = 0  # feeds that answered 304 Not Modified
    items: int = 0  # items and files read (new or updated)
    added: int = 0
    skipped: int = 0  # already stored
    events: int = 0
    linked: bool = False
    failures: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0

    def fail(self, line: str) -> None:
        self.failures.append(line)
        log.warning("%s", line)


@dataclass
class _Item:
    """One feed item or watched file and the articles read from it."""

    key: str
    version: str
    feed: str | None
    articles: list[Article] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class LazyExtractor:
    """An Extractor built on the first article to extract, then kept for later polls."""

    def __init__(self, factory: Callable[[], Any] | None = None) -> None:
        self.factory = factory
        self.built: Any = None

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        stream = iter(articles)
        first = next(stream, None)
        if first is None:
            return
        if self.built is None:
            from detente.extract.pipeline import Extractor

            self.built = (self.factory or Extractor)()
        yield from self.built.extract_many(_chain(first, stream))


def watch(sources: Sources, db: str | Path, fetcher: Fetcher, interval: float,
          link: bool = False, sleep: Callable[[float], None] = time.sleep) -> None:
    """Poll every ``interval`` seconds until interrupted."""
    extractor = LazyExtractor()
    while True:
        started = time.monotonic()
        try:
            report = poll_once(sources, db, fetcher, extractor, link=link)
            log.info("%s", summary_line(report))
        except DetenteError as exc:  # the store busy or full: try again at the next poll
            log.warning("poll failed: %s", exc)
        sleep(max(0.0, interval - (time.monotonic() - started)))


def poll_once(sources: Sources, db: str | Path, fetcher: Fetcher,
              extractor: LazyExtractor | None = None, link: bool = False) -> WatchReport:
    """Poll every source once and ingest what is new; then link the store if asked to."""
    from detente.pipeline import ingest_articles

    report = WatchReport()
    with Store.open(db) as store:
        seen: set[str] = set()
        items = [item for feed in sources.feeds
                 for item in _poll_feed(store, feed, fetcher, report, seen)]
        items += [item for folder in sources.directories
                  for item in _poll_directory(store, folder, report)]
    articles = [article for item in items for article in item.articles]
    rejected: dict[str, str] = {}
    if articles:
        ingested = ingest_articles(articles, db, extractor=extractor or LazyExtractor())
        report.added, report.skipped, report.events = (
            ingested.added, ingested.skipped, ingested.events)
        for error in ingested.rejected:
            rejected[error.name] = error.reason
            report.fail(f"article {error}")
    with Store.open(db) as store:
        save_items(store, (_result(item, rejected) for item in items))
        if link and report.added:
            from detente.link.api import link_store

            link_store(store)
            report.linked = True
    return report


def summary_line(report: WatchReport) -> str:
    linked = "; linked" if report.linked else ""
    return (f"{report.feeds} feeds ({report.unchanged} unchanged), {report.items} new items: "
            f"{report.added} articles added, {report.skipped} already stored, "
            f"{len(report.failures)} failures; {report.events} events{linked}")


def _poll_feed(store: Store, feed: FeedSource, fetcher: Fetcher, report: WatchReport,
               seen: set[str]) -> Iterator[_Item]:
    import feedparser

    report.feeds += 1
    state = feed_state(store, feed.url)
    try:
        fetched = fetcher.get(feed.url, state.etag, state.last_modified)
    except FetchError as exc:
        save_feed(store, feed.url, None, exc.reason)
        report.fail(f"feed {exc}")
        return
    if fetched.not_modified:
        report.unchanged += 1
        save_feed(store, feed.url, None)
        return
    # bytes in a stream: feedparser would open a bare string or bytes as a file name
    parsed = feedparser.parse(io.BytesIO(fetched.content), response_headers={
        "content-type": fetched.content_type, "content-location": fetched.url})
    entries = [(key, entry) for entry in parsed.entries if (key := _link(entry))]
    if parsed.bozo:
        problem = _first_line(parsed.get("bozo_exception"))
        if not entries:
            save_feed(store, feed.url, None, f"not a feed ({problem})")
            report.fail(f"feed {feed.url}: not a feed ({problem})")
            return
        if not isinstance(parsed.get("bozo_exception"), feedparser.NonXMLContentType):
            report.fail(f"feed {feed.url}: malformed ({problem}); read {len(entries)} items "
                        "anyway")
    save_feed(store, feed.url, FeedState(fetched.etag, fetched.last_modified))
    states = item_states(store, (key for key, _ in entries))
    feed_title = parsed.feed.get("title")
    for key, entry in entries:
        version = entry.get("updated") or entry.get("published") or entry.get("title") or ""
        if key in seen or not is_due(states.get(key), version, feed.url):
            continue
        seen.add(key)
        report.items += 1
        yield _read_page(key, version, entry, feed, feed_title, fetcher, report)


def _read_page(key: str, version: str, entry: Any, feed: FeedSource, feed_title: str | None,
               fetcher: Fetcher, report: WatchReport) -> _Item:
    item = _Item(key, version, feed.url)
    try:
        fetched = fetcher.get(key)
        found = page_article(fetched, _entry_date(entry), entry.get("title"))
    except FetchError as exc:
        found = InputError(exc.url, exc.reason)
    if isinstance(found, InputError):
        item.errors.append(found.reason)
        report.fail(f"page {found}")
        return item
    source = feed.source or found.source or feed_title
    metadata = found.metadata | {"feed": feed.url, "feed_item": key}
    item.articles.append(replace(found, id="", source=source, metadata=metadata))
    return item


def page_article(fetched: Fetched, published: date | None, title: str | None,
                 ) -> Article | InputError:
    """The article in a fetched page (text by trafilatura), or why there is none. The
    page's own title and date come first; the feed item's fill in what it lacks."""
    content_type = fetched.content_type.split(";")[0].strip().lower()
    if content_type not in HTML_TYPES:
        return InputError(fetched.url, f"not a web page ({content_type})")
    try:
        [found] = list(read_html(fetched.url, fetched.text(), published))
    except Exception as exc:  # noqa: BLE001 (a page trafilatura cannot read is one line)
        return InputError(fetched.url, f"could not be read ({type(exc).__name__})")
    if isinstance(found, InputError):
        return found
    return replace(found, id="", title=found.title or title, url=found.url or fetched.url)


def _poll_directory(store: Store, folder: DirectorySource, report: WatchReport,
                    ) -> Iterator[_Item]:
    files = {f"file:{path.resolve()}": path for path in _files(folder.path)}
    states = item_states(store, files)
    for key, path in files.items():
        try:
            stat = path.stat()
        except OSError:
            continue  # gone since listed
        version = f"{stat.st_mtime_ns}:{stat.st_size}"
        if not is_due(states.get(key), version):
            continue
        report.items += 1
        item = _Item(key, version, None)
        for found in iter_articles([str(path)]):
            if isinstance(found, InputError):
                item.errors.append(found.reason)
                report.fail(f"file {found}")
            else:
                item.articles.append(found)
        yield item


def _files(folder: Path) -> list[Path]:
    """Files under ``folder``, sorted, hidden names skipped."""
    return sorted(path for path in folder.rglob("*") if path.is_file() and not any(
        part.startswith(".") for part in path.relative_to(folder).parts))


def _result(item: _Item, rejected: dict[str, str]) -> ItemResult:
    stored = [article for article in item.articles if article.path not in rejected]
    if stored:
        return ItemResult(item.key, item.version, item.feed, article_id=stored[0].id)
    errors = item.errors + [rejected[a.path] for a in item.articles if a.path in rejected]
    return ItemResult(item.key, item.version, item.feed, error=(errors or ["nothing read"])[0])


def _link(entry: Any) -> str | None:
    link = (entry.get("link") or "").strip()
    return urldefrag(link).url if link.startswith(("http://", "https://")) else None


def _entry_date(entry: Any) -> date | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return date(*stamp[:3]) if stamp else None


def _first_line(exc: object) -> str:
    text = str(exc or "unreadable").strip().split("\n", 1)[0]
    return text[:160]


def _chain(first: Article, rest: Iterator[Article]) -> Iterator[Article]:
    yield first
    yield from rest

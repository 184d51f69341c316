"""Polite fetching and sources files, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_watch_support import SLOW_SECONDS, Site, site  # noqa: F401  (fixture)

from detente.ingest.fetch import DEFAULT_USER_AGENT, Fetcher, FetchError, FetchSettings
from detente.ingest.sources import SourcesError, from_arguments, load_sources


class FakeTime:
    """A clock that only moves when slept: pauses are recorded, never waited."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


def fetcher(time: FakeTime | None = None, **settings: float) -> Fetcher:
    time = time or FakeTime()
    return Fetcher(FetchSettings(**settings), clock=time.clock, sleep=time.sleep)  # type: ignore[arg-type]


def test_ingest_fetch_conditional_get_answers_304(site: Site) -> None:  # noqa: F811
    with fetcher() as http:
        first = http.get(f"{site.base}/feeds/kyiv-wire.xml")
        again = http.get(f"{site.base}/feeds/kyiv-wire.xml", first.etag, first.last_modified)
    assert first.status == 200 and first.etag and b"<rss" in first.content
    assert again.not_modified and again.content == b""
    sent = site.hits[-1].headers
    assert sent["If-None-Match"] == first.etag and sent["If-Modified-Since"] == first.last_modified
    assert sent["User-Agent"] == DEFAULT_USER_AGENT


def test_ingest_fetch_retries_with_growing_pauses(site: Site) -> None:  # noqa: F811
    time = FakeTime()
    with fetcher(time, retries=2, backoff=1.5, host_delay=0) as http:
        found = http.get(f"{site.base}/feeds/flaky.xml")
    assert found.status == 200
    assert site.statuses("/feeds/flaky.xml") == [503, 503, 200]
    assert time.slept == [1.5, 3.0]


def test_ingest_fetch_gives_up_after_the_retries(site: Site) -> None:  # noqa: F811
    site.flaky_failures = 5
    with fetcher(retries=1, backoff=0.1, host_delay=0) as http, pytest.raises(
            FetchError, match=r"flaky.xml: HTTP 503 \(2 attempts\)"):
        http.get(f"{site.base}/feeds/flaky.xml")


def test_ingest_fetch_times_out(site: Site) -> None:  # noqa: F811
    with fetcher(timeout=0.3, retries=0) as http, pytest.raises(
            FetchError, match=r"slow.xml: timed out after 0.3 s \(1 attempt\)"):
        http.get(f"{site.base}/feeds/slow.xml")
    assert SLOW_SECONDS > 0.3


def test_ingest_fetch_404_is_not_retried(site: Site) -> None:  # noqa: F811
    with fetcher(retries=3) as http, pytest.raises(FetchError, match="HTTP 404"):
        http.get(f"{site.base}/pages/withdrawn.html")
    assert site.statuses("/pages/withdrawn.html") == [404]


def test_ingest_fetch_follows_redirects_and_stops_loops(site: Site) -> None:  # noqa: F811
    with fetcher(host_delay=0) as http:
        moved = http.get(f"{site.base}/go/grain")
        with pytest.raises(FetchError, match="too many redirects"):
            http.get(f"{site.base}/loop")
    assert moved.url == f"{site.base}/pages/grain-corridor.html"
    assert "Turkey offers" in moved.text()


def test_ingest_fetch_caps_the_size(site: Site) -> None:  # noqa: F811
    with fetcher(max_bytes=1000) as http, pytest.raises(FetchError, match="larger than 1,000"):
        http.get(f"{site.base}/big")


def test_ingest_fetch_pauses_between_requests_to_one_host(site: Site) -> None:  # noqa: F811
    time = FakeTime()
    with fetcher(time, host_delay=2.0) as http:
        http.get(f"{site.base}/pages/odesa-strike.html")
        time.now += 0.5  # half a second of other work
        http.get(f"{site.base}/pages/grain-corridor.html")
        http.get(f"http://localhost:{site.base.rsplit(':', 1)[1]}/pages/odesa-strike.html")
    assert time.slept == [1.5]  # the third request went to another host name


def test_ingest_fetch_names_bad_addresses() -> None:
    with fetcher(retries=0) as http, pytest.raises(FetchError, match="connection failed"):
        http.get("http://127.0.0.1:9/feed.xml")  # the discard port: nothing listens


def test_ingest_sources_file(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    path = tmp_path / "sources.toml"
    path.write_text('interval = 60\nhost_delay = 2.5\n[[feeds]]\nurl = "https://example.org/a.xml"'
                    '\nsource = "Example"\n[[directories]]\npath = "inbox"\n')
    sources = load_sources(path)
    assert [(f.url, f.source) for f in sources.feeds] == [("https://example.org/a.xml", "Example")]
    assert sources.directories[0].path == tmp_path / "inbox"
    assert sources.settings == {"interval": 60, "host_delay": 2.5}


@pytest.mark.parametrize(("text", "message"), [
    ("interval = \n", "not valid TOML"),
    ("intervall = 5\n", "unknown key 'intervall'"),
    ("interval = 'soon'\n", "interval must be a number"),
    ("[[feeds]]\nurl = 'ftp://x'\n", "needs url"),
    ("[[feeds]]\nurl = 'https://x'\nname = 'X'\n", "unknown key 'name' in \\[\\[feeds\\]\\]"),
    ("[[directories]]\npath = 'nowhere'\n", "nowhere: not a directory"),
])
def test_ingest_sources_file_errors_name_file_and_key(tmp_path: Path, text: str,
                                                      message: str) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(text)
    with pytest.raises(SourcesError, match=f"sources.toml: .*{message}"):
        load_sources(path)


def test_ingest_sources_arguments(tmp_path: Path) -> None:
    sources = from_arguments(["https://example.org/rss", str(tmp_path)])
    assert [f.url for f in sources.feeds] == ["https://example.org/rss"]
    assert [d.path for d in sources.directories] == [tmp_path]
    with pytest.raises(SourcesError, match="not a feed URL"):
        from_arguments(["example.org/rss"])

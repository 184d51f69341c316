"""Stories first: `detente stories`, `detente export --stories`, /api/stories, the stories
list and story page, on the hand-built store of test_process_support (no language model)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from detente.cli import main
from detente.serve.app import create_app
from detente.store import Store
from detente.store.queries import EventFilter
from detente.store.stories import list_stories

sys.path.insert(0, str(Path(__file__).parent))
from test_process_support import MARKUP, build_process_store, reports  # noqa: E402
from test_serve_support import AsgiClient  # noqa: E402


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_process_store(tmp_path_factory.mktemp("stories") / "stories.db")


def _stories(db: Path, **fields: object) -> tuple[int, list[dict[str, object]]]:
    with Store.open(db, readonly=True) as store:
        total, rows = list_stories(store, EventFilter(**fields))  # type: ignore[arg-type]
    return total, [row.to_dict() for row in rows]


def test_link_listing_one_row_per_real_event_newest_first(db: Path) -> None:
    total, rows = _stories(db)
    assert total == 8 == len(rows)  # 10 reports: the talks and the strike told twice
    firsts = [r["first_date"] for r in rows]
    assert firsts == sorted(firsts, reverse=True)
    talks = next(r for r in rows if r["type"] == "CONSULT")
    assert (talks["mentions"], talks["articles"], talks["place"]) == (2, 2, "Istanbul")
    strike = next(r for r in rows if r["type"] == "ASSAULT" and r["place"] == "Kharkiv")
    assert strike["killed"] == {"best": 7, "low": 4, "high": 7}
    assert strike["lead_event_id"] == reports()[7].events[0].id


def test_link_listing_filters_as_events_do(db: Path) -> None:
    assert _stories(db, type="ASSAULT")[0] == 2
    assert [r["type"] for r in _stories(db, actor="UKR", text="ceasefire")[1]] \
        == ["REJECT", "REQUEST"]
    assert _stories(db, place="Kharkiv")[0] == 1
    kharkiv_report = reports()[8].article.id  # the second report joins the first's story
    assert [r["killed"]["best"] for r in _stories(db, article_id=kharkiv_report)[1]] == [7]
    by_killed = _stories(db, sort="-killed", limit=2)[1]
    assert [r["killed"]["best"] for r in by_killed] == [49, 7]
    total, page = _stories(db, limit=3, offset=3)
    assert total == 8 and len(page) == 3


def test_link_listing_cli_formats_and_errors(db: Path, capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["stories", "--db", str(db), "--format", "jsonl", "--type", "agree"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert json.loads(line)["persons"] == {"best": 1000, "low": 1000, "high": 1000}
    assert main(["stories", "--db", str(db), "--format", "csv", "--sort", "-mentions"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["type"] == "CONSULT" and rows[0]["actors"] == "RUS;UKR"
    assert rows[0]["mentions"] == "2" and "killed_best" in rows[0]
    assert main(["stories", "--db", str(db), "--format", "table"]) == 0
    table = capsys.readouterr().out
    assert "k=7 (4-7)" in table and "2/2" in table and "(8 stories)" in table
    assert main(["stories", "--db", str(db), "--sort", "content"]) == 2
    assert "unknown sort column 'content'" in capsys.readouterr().err
    empty = tmp_path / "empty.db"
    Store.open(empty).close()
    assert main(["stories", "--db", str(empty), "--format", "jsonl"]) == 0
    assert "run `detente link` first" in capsys.readouterr().err


def test_link_listing_export_stories(db: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "stories.parquet"
    assert main(["export", "--stories", "--db", str(db), "--format", "parquet",
                 "-o", str(out)]) == 0
    table = pq.read_table(out).to_pylist()
    assert len(table) == 8 and {"killed_best", "actors", "evidence"} <= set(table[0])
    assert next(r for r in table if r["type"] == "CONSULT")["actors"] == ["RUS", "UKR"]
    assert "8 stories ->" in capsys.readouterr().err
    assert main(["export", "--stories", "--db", str(db), "--format", "jsonl",
                 "--type", "ASSAULT"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert main(["export", "--stories", "--db", str(db), "--format", "geojson"]) == 2


def test_link_listing_api_and_pages(db: Path) -> None:
    client = AsgiClient(create_app(db))
    body = client.get("/api/stories?limit=4&sort=-mentions").json()
    assert body["total"] == 8 and body["count"] == 4 and "offset=4" in body["next"]
    assert body["items"][0]["mentions"] == 2
    assert client.get("/api/stories?type=ASSAULT").json()["total"] == 2
    assert client.get("/api/stories?sort=evidence").status_code == 400
    assert "/api/stories" in client.get("/api").json()["links"]["stories"]
    listing = client.get("/stories").text
    assert listing.count("<tr data-id=\"s") == 8 and MARKUP not in listing
    story_id = body["items"][0]["id"]
    page = client.get(f"/stories/{story_id}").text
    assert page.count('<li data-id="e') == 2 and "first report" in page
    assert "joined via" in page and "Northwire" in page and "Eastpost" in page
    assert "Newest stories" in client.get("/").text

"""The peace process between two parties: the library call, `detente process`, /api/process
and the page, on the hand-built store of test_process_support (no language model)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

from detente.cli import main
from detente.link.process import ProcessError, peace_process
from detente.serve.app import create_app
from detente.store import Store

sys.path.insert(0, str(Path(__file__).parent))
from test_process_support import MARKUP, build_process_store  # noqa: E402
from test_serve_support import AsgiClient  # noqa: E402


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_process_store(tmp_path_factory.mktemp("process") / "process.db")


@pytest.fixture
def store(db: Path) -> Store:
    with Store.open(db, readonly=True) as opened:
        yield opened  # type: ignore[misc]


def test_link_process_one_timeline_of_every_kind(store: Store) -> None:
    found = peace_process(store, "rus", "UKR")
    kinds = [item.kind for item in found.items]
    assert kinds == ["talks", "agreement", "demand", "rejection", "threat", "handover",
                     "violence"]
    assert [item.date for item in found.items] == sorted(item.date for item in found.items)
    assert found.names == {"RUS": "Russia", "UKR": "Ukraine"}
    talks, agreement, demand, rejection, threat, handover, violence = found.items
    assert talks.round == 1 and talks.mediators == ["TUR"] and talks.place == "Istanbul"
    assert {s.outlet for s in talks.sources} == {"Northwire", "Eastpost"}  # one story, 2 reports
    assert (demand.side, rejection.side, threat.side) == ("UKR", "RUS", "RUS")
    assert demand.content == f"an unconditional ceasefire {MARKUP}"
    assert handover.figures["persons"]["best"] == 390


def test_link_process_agreement_carries_its_commitment(store: Store) -> None:
    [agreement] = [i for i in peace_process(store, "RUS", "UKR").items if i.kind == "agreement"]
    commitment = agreement.commitment
    assert commitment is not None
    assert commitment["status"] == "partly kept" and commitment["rounds"] == 1
    assert commitment["fulfilment"] == "prisoners: 390 of 1,000 each exchanged, 1 round"
    [handover] = [i for i in peace_process(store, "RUS", "UKR").items if i.kind == "handover"]
    assert commitment["round_stories"] == [handover.story_id]


def test_link_process_violence_with_each_claimants_toll_and_no_handover(store: Store) -> None:
    """The strike's toll by claimant (best = the later official figure); returned bodies an
    extractor typed as an attack are not violence."""
    violence = [i for i in peace_process(store, "RUS", "UKR").items if i.kind == "violence"]
    assert len(violence) == 1
    assert violence[0].claims == {"the governor": {"killed": [4]},
                                  "the State Emergency Service": {"killed": [7]}}
    assert violence[0].figures["killed"] == {"best": 7, "low": 4, "high": 7}
    assert all("bodies" not in s.evidence for s in violence[0].sources)


def test_link_process_dates_kinds_and_bad_parties(store: Store) -> None:
    later = peace_process(store, "UKR", "RUS", since=date(2025, 4, 10))
    assert [i.kind for i in later.items] == ["threat", "handover", "violence"]
    only = peace_process(store, "RUS", "UKR", kinds=("talks", "violence"))
    assert {i.kind for i in only.items} == {"talks", "violence"}
    assert peace_process(store, "RUS", "USA").items == []
    with pytest.raises(ProcessError, match="unknown actor code 'XXX'"):
        peace_process(store, "RUS", "XXX")
    with pytest.raises(ProcessError, match="must differ"):
        peace_process(store, "RUS", "rus")


def test_link_process_cli_table_and_jsonl(db: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["process", "RUS", "UKR", "--db", str(db), "--format", "table"]) == 0
    table = capsys.readouterr().out
    assert "Round 1: talks in Istanbul" in table and "partly kept" in table
    assert "the governor: killed 4" in table and "(7 items:" in table
    assert main(["process", "RUS", "UKR", "--db", str(db), "--format", "jsonl",
                 "--kind", "agreement"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert json.loads(line)["commitment"]["fulfilled_quantity"] == 390
    assert main(["process", "RUS", "XXX", "--db", str(db)]) == 2
    assert main(["process", "RUS", "UKR", "--db", str(db), "--kind", "battles"]) == 2
    assert "unknown --kind battles" in capsys.readouterr().err


def test_link_process_api_and_page(db: Path) -> None:
    client = AsgiClient(create_app(db))
    body = client.get("/api/process?a=RUS&b=UKR").json()
    assert body["parties"] == ["RUS", "UKR"] and body["counts"]["talks"] == 1
    assert [i["kind"] for i in client.get("/api/process?kind=threat").json()["items"]] \
        == ["threat"]
    assert client.get("/api/process?a=RUS&b=RUS").status_code == 400
    assert client.get("/api/process?a=XXX").status_code == 400
    page = client.get("/process")
    assert page.status_code == 200
    html = page.text
    assert html.count('<tr class="k-') == 7
    assert MARKUP not in html and "&lt;img src=x" in html
    assert 'href="/stories/' in html and 'href="/events/' in html
    assert "prisoners: 390 of 1,000 each exchanged, 1 round" in html

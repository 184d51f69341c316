"""Commitments through the real chain (ingest with the real extractor -> link -> commitments)
on tests/fixtures/commitments: 13 invented wire reports, May to October 2025.

The corpus: a grain shipping deal signed in Geneva for 120 days and named five other ways
later ("the grain corridor deal", "the UN-brokered shipping deal", "the Black Sea grain deal",
"the Geneva grain agreement"), carried out by ships with tonnages and a running total,
extended by 60 days, suspended by Russia on 20 October and quit on 29 October; Russia's
promise to return 6,000 bodies, carried out in two rounds of which the first is reported by
two outlets (1,212) and the second by one (1,200), beside returns the other way that do not
count; an exchange of wounded prisoners agreed without a number that "will continue in several
stages"; and a memorandum promised "by the end of the month" that never comes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from test_link_support import linked_fixture_store
from test_serve_support import AsgiClient

from detente.cli import main
from detente.link import TrackedCommitment, get_commitment, list_commitments
from detente.serve import create_app
from detente.store import Store

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures" / "commitments"


@pytest.fixture(scope="module")
def linked_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return linked_fixture_store(FIXTURES, tmp_path_factory.mktemp("commitments") / "linked.db", 12)


@pytest.fixture
def store(linked_db: Path) -> Iterator[Store]:
    with Store.open(linked_db, readonly=True) as opened:
        yield opened


def _one(store: Store, word: str, as_of: date | None = None) -> TrackedCommitment:
    found = [c for c in list_commitments(store, as_of=as_of) if word in c.what]
    assert len(found) == 1, [c.what for c in list_commitments(store, as_of=as_of)]
    return found[0]


def _articles(c: TrackedCommitment) -> set[str]:
    return {e.article_id for e in c.evidence}


def _file_ids(store: Store, *parts: str) -> set[str]:
    rows = store.conn.execute("SELECT id, path FROM articles").fetchall()
    return {row["id"] for row in rows if any(p in row["path"] for p in parts)}


def test_link_commitments_one_per_promise(store: Store) -> None:
    whats = sorted(c.what for c in list_commitments(store))
    assert len(whats) == 4, whats
    assert not any("attack" in w or "reached in" in w for w in whats)


def test_link_commitments_deal_named_five_ways_is_one_commitment(store: Store) -> None:
    grain = _one(store, "grain")
    assert (grain.kind, grain.parties, grain.place) == ("shipping", ["RUS", "UKR"], "Geneva")
    named = _file_ids(store, "first-grain-ships", "grain-exports-continue", "grain-shipments-july",
                      "grain-deal-extended", "suspends-grain-deal", "quits-grain-deal")
    assert named <= _articles(grain)
    assert len(_articles(grain)) == 7


def test_link_commitments_shipments_and_running_total(store: Store) -> None:
    assert _one(store, "grain", date(2025, 5, 26)).status == "open"
    june = _one(store, "grain", date(2025, 6, 30))
    assert (june.status, june.fulfilled_quantity, june.unit) == ("partly kept", 255_000,
                                                                 "tonnes")
    july = _one(store, "grain", date(2025, 7, 31))
    assert july.fulfilled_quantity == 1_000_000  # the reported total, above the rounds seen


def test_link_commitments_extension_moves_the_deadline(store: Store) -> None:
    before = _one(store, "grain", date(2025, 9, 4))
    after = _one(store, "grain", date(2025, 9, 6))
    assert before.current_deadline is not None and after.current_deadline is not None
    assert before.current_deadline.end == date(2025, 9, 9) == after.deadline.end  # type: ignore
    assert after.current_deadline.end == date(2025, 11, 8)
    assert after.status == "partly kept"  # a term is not due: passing it is not overdue


def test_link_commitments_suspension_then_withdrawal_breaks_it(store: Store) -> None:
    assert _one(store, "grain", date(2025, 10, 19)).status == "partly kept"
    broken = _one(store, "grain")
    assert broken.status == "broken"
    assert broken.ended is not None
    assert (broken.ended.date, broken.ended.by, broken.ended.note) == \
        (date(2025, 10, 20), ("RUS",), "suspended")
    reasons = [(e["note"], e["date"]) for e in broken.decided_by]
    assert reasons == [("suspended", "2025-10-20"), ("withdrew", "2025-10-29")]


def test_link_commitments_bodies_in_rounds_reported_twice(store: Store) -> None:
    bodies = _one(store, "bodies")
    assert (bodies.kind, bodies.quantity, bodies.unit, bodies.bound) == \
        ("bodies", 6000, "bodies", ["RUS"])
    assert (bodies.status, bodies.fulfilled_quantity, bodies.rounds) == ("partly kept", 2412, 2)
    first_round = [e for e in bodies.decided_by if e["date"] == "2025-06-11"]
    assert len({e["article_id"] for e in first_round}) == 2  # two outlets, counted once
    assert all(e["quantity"] in (1212, 1200) for e in bodies.decided_by)  # not 27 or 31


def test_link_commitments_exchange_without_number_continuing_in_stages(store: Store) -> None:
    swap = _one(store, "wounded")
    assert (swap.kind, swap.quantity, swap.parties) == ("swap", None, ["RUS", "UKR"])
    first = _one(store, "wounded", date(2025, 6, 10))
    assert (first.status, first.rounds) == ("partly kept", 1)
    assert (swap.status, swap.fulfilled_quantity, swap.rounds) == ("partly kept", 390, 2)


@pytest.mark.parametrize(("as_of", "status"), [
    (date(2025, 6, 30), "open"), (date(2025, 7, 1), "overdue"), (date(2025, 10, 29), "overdue")])
def test_link_commitments_promise_by_month_end_overdue_the_day_after(
        store: Store, as_of: date, status: str) -> None:
    memo = _one(store, "memorandum", as_of)
    assert memo.deadline is not None and memo.deadline.end == date(2025, 6, 30)
    assert memo.status == status
    if status == "overdue":
        assert memo.decided_by[0]["kind"] == "deadline"


def test_link_commitments_timeline_names_its_evidence(store: Store) -> None:
    view = get_commitment(store, _one(store, "grain").id)
    assert view is not None
    kinds = [e["kind"] for e in view.timeline]
    assert kinds == ["source", "fulfil", "fulfil", "total", "extend", "end", "end"]
    assert [e["status"] for e in view.timeline][-3:] == ["partly kept", "broken", "broken"]
    for entry in view.timeline:
        assert entry["event_id"] and entry["article"]["title"] and entry["evidence_text"]
    extension = view.timeline[4]
    assert (extension["deadline"], extension["note"]) == ("2025-11-08", "by 60 days")


@pytest.mark.parametrize("as_of", ["2025-06-01", "2025-06-12", "2025-07-01", "2025-09-06",
                                   "2025-10-21", "2025-10-29"])
def test_link_commitments_cli_and_api_agree_on_every_status(
        linked_db: Path, as_of: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["commitments", "--db", str(linked_db), "--as-of", as_of,
                 "--format", "jsonl"]) == 0
    cli = {r["id"]: (r["status"], r["fulfilled_quantity"], r["deadline"]["end"])
           for r in map(json.loads, capsys.readouterr().out.splitlines())}
    api = AsgiClient(create_app(linked_db)).get(f"/api/commitments?as_of={as_of}&limit=500")
    served = {r["id"]: (r["status"], r["fulfilled_quantity"], r["deadline"]["end"])
              for r in api.json()["items"]}
    assert cli == served and cli


def test_link_commitments_cli_shows_a_life(linked_db: Path, store: Store,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    bodies = _one(store, "bodies")
    assert main(["commitment", bodies.id, "--db", str(linked_db)]) == 0
    out = capsys.readouterr().out
    assert "carried out: 2,412 bodies of 6,000 in 2 rounds" in out
    assert out.count("carried out 1,212 bodies by RUS") == 2
    assert main(["commitment", "c-none", "--db", str(linked_db)]) == 1
    assert "no commitment" in capsys.readouterr().err


def test_link_commitments_board_and_api_filter_by_kind_party_and_words(linked_db: Path) -> None:
    client = AsgiClient(create_app(linked_db))
    every = client.get("/api/commitments?limit=500").json()["items"]
    bodies = client.get("/api/commitments?kind=bodies&limit=500").json()["items"]
    assert bodies and all(c["kind"] == "bodies" for c in bodies) and len(bodies) < len(every)
    worded = client.get("/api/commitments?q=BODIES+fallen&limit=500").json()["items"]
    assert worded and all("bodies" in c["what"] and "fallen" in c["what"] for c in worded)
    nobody = client.get("/api/commitments?party=XXX&limit=500").json()
    assert nobody["items"] == [] and nobody["total"] == 0
    assert client.get("/api/commitments?kind=weather").status_code == 400
    page = client.get("/commitments?kind=bodies&party=rus")
    assert page.status_code == 200 and 'value="RUS"' in page.text
    assert page.text.count('class="card-item"') == len(
        [c for c in bodies if "RUS" in c["parties"]])

"""Linking the hand-written wire corpus in tests/fixtures/link through the real extractor.

The corpus: one Kharkiv strike reported by two outlets (9 and 11 killed); a 600-per-side
prisoner swap agreed on 5 March and carried out in three rounds (250, 200, 150, the first
round reported twice); a promise to exchange written proposals "in the coming days" that
nothing follows; and a Ukrainian energy-truce offer the Kremlin rejects.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from test_link_support import linked_fixture_store

from detente.cli import main
from detente.link import TrackedCommitment, get_story, link_store, list_commitments, split
from detente.store import Store

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures" / "link"


@pytest.fixture(scope="module")
def linked_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return linked_fixture_store(FIXTURES, tmp_path_factory.mktemp("link") / "linked.db", 8)


@pytest.fixture
def store(linked_db: Path, tmp_path: Path) -> Iterator[Store]:
    """A private copy of the linked store, so tests that split do not disturb others."""
    copy = tmp_path / "copy.db"
    with Store.open(linked_db) as source, Store.open(copy) as target:
        source.conn.backup(target.conn)
    with Store.open(copy) as opened:
        yield opened


def _event_id(store: Store, file_part: str, phrase: str) -> str:
    row = store.conn.execute(
        "SELECT e.id FROM events e JOIN articles a ON a.id = e.article_id "
        "WHERE a.path LIKE ? AND instr(e.evidence_text, ?) > 0 ORDER BY e.evidence_start LIMIT 1",
        (f"%{file_part}%", phrase),
    ).fetchone()
    assert row, (file_part, phrase)
    return str(row[0])


def _commitment(store: Store, word: str, as_of: date | None = None) -> TrackedCommitment:
    found = [c for c in list_commitments(store, as_of=as_of) if word in c.what]
    assert len(found) == 1, [c.what for c in list_commitments(store, as_of=as_of)]
    return found[0]


def test_link_two_outlets_one_strike_with_both_tolls(store: Store) -> None:
    north = _event_id(store, "kharkiv-strike-northwire", "killing nine people")
    east = _event_id(store, "kharkiv-strike-eastpost", "killing 11 people")
    view = get_story(store, north)
    assert view is not None
    assert east in {m["id"] for m in view.mentions}
    assert view.story["article_count"] == 2
    assert (view.story["killed_best"], view.story["killed_low"], view.story["killed_high"]) \
        == (10, 9, 11)
    per_source = {m["id"]: m["quantities"]["killed"] for m in view.mentions}
    assert per_source[north] == 9 and per_source[east] == 11
    assert any(h["action"] == "merge" and {north, east} <= set(h["event_ids"])
               for h in view.history)


def test_link_swap_kept_in_three_rounds_counting_each_round_once(store: Store) -> None:
    swap = _commitment(store, "600 prisoners")
    assert (swap.kind, swap.quantity, swap.per_side) == ("swap", 600, True)
    assert {"RUS", "UKR"} <= set(swap.parties)
    assert swap.status == "kept" and swap.fulfilled_quantity == 600
    rounds = {e["story_id"] for e in swap.decided_by}
    articles = {e["article_id"] for e in swap.decided_by}
    assert len(rounds) == 3 and len(articles) == 4  # round one was reported twice


@pytest.mark.parametrize(("as_of", "status", "done"), [
    (date(2025, 3, 6), "open", None),
    (date(2025, 3, 12), "partly kept", 250),
    (date(2025, 3, 20), "partly kept", 450),
    (date(2025, 3, 26), "kept", 600),
])
def test_link_swap_running_total_as_of(store: Store, as_of: date, status: str,
                                       done: int | None) -> None:
    swap = _commitment(store, "600 prisoners", as_of)
    assert (swap.status, swap.fulfilled_quantity) == (status, done)


def test_link_promised_proposals_overdue_after_the_coming_days(store: Store) -> None:
    promised = _commitment(store, "written proposals")
    assert promised.kind == "proposals"
    assert promised.deadline is not None
    assert (promised.deadline.start, promised.deadline.end) == (date(2025, 3, 5),
                                                                date(2025, 3, 12))
    assert promised.status == "overdue"
    assert promised.decided_by[0]["kind"] == "deadline"
    assert _commitment(store, "written proposals", date(2025, 3, 10)).status == "open"


def test_link_rejected_offer_is_broken_by_the_rejection(store: Store) -> None:
    offer = _commitment(store, "energy facilities")
    rejection = _event_id(store, "offer-rejected", "rejected a Ukrainian offer")
    assert offer.status == "broken"
    assert rejection in {e["event_id"] for e in offer.decided_by}
    assert all(e["kind"] == "contradict" for e in offer.decided_by)
    assert _commitment(store, "energy facilities", date(2025, 3, 18)).status == "open"


def test_link_relinking_keeps_ids_and_adds_no_history(store: Store) -> None:
    before = store.conn.execute("SELECT event_id, story_id FROM story_mentions").fetchall()
    ids = {c.id for c in list_commitments(store)}
    report = link_store(store)
    after = store.conn.execute("SELECT event_id, story_id FROM story_mentions").fetchall()
    assert sorted(map(tuple, before)) == sorted(map(tuple, after))
    assert report.history_added == 0
    assert {c.id for c in list_commitments(store)} == ids


def test_link_split_is_remembered_by_relinking(store: Store) -> None:
    north = _event_id(store, "kharkiv-strike-northwire", "killing nine people")
    east = _event_id(store, "kharkiv-strike-eastpost", "killing 11 people")
    view = get_story(store, north)
    assert view is not None
    story_id = view.story["id"]
    new_id = split(store, story_id, east, reason="test")
    assert new_id != story_id
    link_store(store)
    kept, parted = get_story(store, story_id), get_story(store, east)
    assert kept is not None and parted is not None
    assert east not in {m["id"] for m in kept.mentions}
    assert parted.story["id"] == new_id and parted.story["killed_best"] == 11
    assert any(h["action"] == "split" and h["reason"] == "test" for h in kept.history)


def test_link_cli_commitments_jsonl_and_event(linked_db: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["commitments", "--db", str(linked_db), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["status"] for r in rows} >= {"kept", "overdue", "broken"}
    for row in rows:
        assert {"id", "parties", "what", "quantity", "deadline", "status",
                "fulfilled_quantity", "evidence"} <= set(row)
        assert all("article_id" in e for e in row["evidence"] if e["kind"] != "deadline")
    assert main(["commitments", "--db", str(linked_db), "--status", "kept",
                 "--format", "jsonl"]) == 0
    assert {json.loads(x)["status"] for x in capsys.readouterr().out.splitlines()} == {"kept"}
    story = rows[0]["story_id"]
    assert main(["event", story, "--db", str(linked_db), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["story"]["id"] == story

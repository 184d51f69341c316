"""A commitment's life without the language model: the status rules, the sentence readings
(deals named, steps, amounts, running totals), deadlines and extensions, what a promise is,
and one commitment per promise over hand-built mentions."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from detente.link.commitments import find_commitments
from detente.link.deadlines import DUE, TERM, Deadline, extended_deadline, find_deadline
from detente.link.mentions import Mention
from detente.link.promises import is_promise, what_of
from detente.link.status import EvidenceItem, TrackedCommitment, evaluate, life
from detente.link.stories import LinkedStory
from detente.link.wording import amounts, completes, end_reason, find_references, running_totals

DAY = date(2025, 6, 2)


def _c(quantity: int | None = None, *items: EvidenceItem, kind: str = "swap",
       deadline: Deadline | None = None) -> TrackedCommitment:
    return TrackedCommitment("c1", "s1", "e1", "a1", kind, ["RUS", "UKR"], "a promise",
                             quantity=quantity, made_on=DAY, deadline=deadline,
                             evidence=list(items))


def _e(kind: str, days: int, quantity: int | None = None, story: str = "", article: str = "a",
       **fields: object) -> EvidenceItem:
    return EvidenceItem(kind, f"e{kind}{days}{article}", story or f"s{days}{article}", article,
                        quantity, DAY + timedelta(days=days), **fields)  # type: ignore[arg-type]


def _status(c: TrackedCommitment, days: int) -> tuple[str, int | None]:
    judged = evaluate(c, DAY + timedelta(days=days))
    return judged.status, judged.fulfilled_quantity


def test_link_life_round_reported_by_two_outlets_counts_once() -> None:
    c = _c(6000, _e("fulfil", 9, 1212, article="east"), _e("fulfil", 9, 1212, article="north"),
           _e("fulfil", 14, 1200))
    assert _status(c, 20) == ("partly kept", 2412)
    assert evaluate(c, DAY + timedelta(days=20)).rounds == 2
    nextday = _c(6000, _e("fulfil", 9, 1212, article="x"), _e("fulfil", 10, 1212, article="y"))
    assert _status(nextday, 20) == ("partly kept", 1212)  # a day apart, same figure
    other = _c(6000, _e("fulfil", 9, 500, article="x"), _e("fulfil", 10, 700, article="y"))
    assert _status(other, 20) == ("partly kept", 1200)  # different figures: two rounds


def test_link_life_without_number_is_kept_only_when_complete() -> None:
    rounds = [_e("fulfil", 7), _e("fulfil", 18, 390)]
    assert _status(_c(None, *rounds), 30) == ("partly kept", 390)
    done = _c(None, *rounds, _e("complete", 25))
    assert _status(done, 24)[0] == "partly kept" and _status(done, 25)[0] == "kept"
    talks = _c(None, _e("fulfil", 7), kind="talks")  # a one-off: done when it happens
    assert _status(talks, 8)[0] == "kept"


def test_link_life_running_total_raises_the_sum_never_lowers_it() -> None:
    c = _c(600, _e("fulfil", 5, 250), _e("total", 12, 450), _e("fulfil", 20, 150))
    assert _status(c, 13) == ("partly kept", 450)
    assert _status(c, 21) == ("partly kept", 450)  # 250 + 150 < 450 reported
    assert _status(_c(600, _e("total", 12, 600)), 13)[0] == "kept"


def test_link_life_suspension_resumption_and_withdrawal() -> None:
    c = _c(None, _e("fulfil", 5, 95_000), _e("end", 40, by=("RUS",), note="suspended"),
           _e("resume", 45), _e("end", 80, by=("RUS",), note="withdrew"), kind="shipping")
    assert _status(c, 41)[0] == "broken"
    assert _status(c, 46)[0] == "partly kept"
    final = evaluate(c, DAY + timedelta(days=90))
    assert final.status == "broken" and final.ended is not None
    assert (final.ended.date, final.ended.by, final.ended.note) == \
        (DAY + timedelta(days=80), ("RUS",), "withdrew")
    kept_first = _c(100, _e("fulfil", 5, 100), _e("end", 40, note="withdrew"))
    assert _status(kept_first, 50)[0] == "kept"  # ending a kept promise does not unkeep it


def test_link_life_overdue_only_when_nothing_reported_and_due() -> None:
    due = find_deadline("by the end of the month", DAY)
    assert due is not None and due.kind == DUE and due.end == date(2025, 6, 30)
    assert _status(_c(None, deadline=due), 28)[0] == "open"
    assert _status(_c(None, deadline=due), 29)[0] == "overdue"  # 1 July
    assert _status(_c(600, _e("fulfil", 5, 100), deadline=due), 40)[0] == "partly kept"
    term = find_deadline("to let ships sail for 120 days", DAY)
    assert term is not None and term.kind == TERM
    assert _status(_c(None, deadline=term), 200)[0] == "open"


def test_link_life_extension_moves_the_deadline_from_its_day() -> None:
    due = find_deadline("within a week", DAY)
    moved = extended_deadline("agreed to extend the deadline by two weeks", due, DAY)
    assert moved is not None and moved.end == date(2025, 6, 23) and moved.kind == DUE
    c = _c(None, _e("extend", 5, deadline=moved.end, note=moved.text), deadline=due)
    assert _status(c, 8)[0] == "open" and _status(c, 22)[0] == "overdue"
    assert evaluate(c, DAY + timedelta(days=6)).current_deadline.end == moved.end  # type: ignore
    assert evaluate(c, DAY + timedelta(days=4)).current_deadline == due
    summit = find_deadline("will send it before the summit on the 20th", DAY)
    assert summit is not None and summit.end == date(2025, 6, 20)
    assert find_deadline("by the 1st", DAY).end == date(2025, 7, 1)  # type: ignore[union-attr]
    until = extended_deadline("extended the deal until November 18", None, DAY)
    assert until is not None and until.end == date(2025, 11, 18)


def test_link_life_timeline_gives_the_status_after_each_report() -> None:
    due = find_deadline("by the end of the month", DAY)
    entries = life(_c(None, _e("source", 0), deadline=due), DAY + timedelta(days=40))
    assert [(e["label"], e["status"]) for e in entries] == \
        [("promise made", "open"), ("deadline passed", "overdue")]


@pytest.mark.parametrize(("text", "kind", "words"), [
    ("Three ships left Odesa, the first cargoes under the grain corridor deal.", "shipping",
     {"grain", "corridor"}),
    ("Prisoners were freed in the first stage of the swap agreed in Istanbul last week.",
     "swap", {"istanbul"}),
    ("Russia suspended its participation in the Geneva grain agreement.", "shipping",
     {"geneva", "grain"}),
])
def test_link_wording_reads_the_deal_a_sentence_names(text: str, kind: str,
                                                     words: set[str]) -> None:
    found = find_references(text)[0]
    assert found.kind == kind and words <= found.words


@pytest.mark.parametrize(("text", "reason"), [
    ("Russia withdrew from the Black Sea grain deal on Wednesday.", "withdrew"),
    ("Russia suspended its participation in the deal.", "suspended"),
    ("The truce was violated within hours, monitors said.", "violated"),
    ("The deal expired on Monday.", "expired"),
    ("Russia threatened to withdraw from the grain deal.", None),
    ("Ukraine accused Russia of violating the truce.", None),
    ("Moscow denied it had suspended the talks.", None),
])
def test_link_wording_ends_only_when_unhedged(text: str, reason: str | None) -> None:
    found = end_reason(text)
    assert (found[0] if found else None) == reason


def test_link_wording_amounts_totals_and_completion() -> None:
    assert [(a.value, a.unit) for a in amounts("Three ships carrying 95,000 tonnes of grain")] \
        == [(3, "ships"), (95_000, "tonnes")]
    assert (1212, "bodies") in [(a.value, a.unit) for a in amounts("the bodies of 1,212 men")]
    assert running_totals("exports had passed one million tonnes since May") == {1_000_000}
    assert running_totals("returned 1,200 more, the second since the Istanbul talks") is None
    assert completes("released 150 each, completing the exchange of 600")
    assert not completes("The exchange will continue in several stages.")
    assert not completes("The exchange has not been completed.")


@pytest.mark.parametrize(("content", "evidence", "trigger", "promise"), [
    (None, "Russia and Ukraine signed an agreement in Geneva on Monday to let ships carry "
     "grain for 120 days.", "agreement", True),
    ("reached in Geneva last month", "The accord reached in Geneva last month was the first.",
     "accord", False),
    (None, "Russia suspended its participation in the agreement on Monday, the ministry said, "
     "accusing Kyiv of using the corridor to attack its fleet.", "agreement", False),
    ("separate documents with the UN and Turkey", "The two delegations signed separate "
     "documents with the UN and Turkey.", "signed", False),
    ("to extend the Black Sea grain deal by 60 days", "They agreed to extend the Black Sea "
     "grain deal by 60 days.", "agreed", False),
])
def test_link_promise_needs_a_what(content: str | None, evidence: str, trigger: str,
                                   promise: bool) -> None:
    m = Mention("e1", "a1", DAY, "AGREE", "asserted", evidence, trigger=trigger,
                content=content, sources=("RUS", "UKR"))
    assert is_promise(m) is promise
    forecast = Mention("e2", "a1", DAY, "ASSAULT", "future", "Russia will launch an offensive "
                       "to take the city.", trigger="launch", content="to take the city")
    assert not is_promise(forecast) and what_of(forecast) == "to take the city"


def _m(n: int, day: date, evidence: str, **fields: object) -> Mention:
    base: dict[str, object] = {"event_id": f"e{n:03d}", "article_id": f"a{n:03d}",
                               "article_date": day, "type": "AGREE", "modality": "asserted",
                               "evidence": evidence, "trigger": "deal"}
    base.update(fields)
    return Mention(**base)  # type: ignore[arg-type]


def test_link_identity_one_deal_many_names_and_a_second_deal_apart() -> None:
    made = _m(1, DAY, "Russia and Ukraine signed an agreement in Geneva on Monday to let cargo "
              "ships carry grain for 120 days.", trigger="agreement", sources=("RUS", "UKR"),
              place_name="Geneva")
    later = [
        _m(2, DAY + timedelta(days=15), "Three ships carrying 95,000 tonnes of grain left Odesa "
           "under the grain corridor deal."),
        _m(3, DAY + timedelta(days=60), "Exports under the Black Sea grain deal passed one "
           "million tonnes."),
        _m(4, DAY + timedelta(days=150), "Russia withdrew from the Geneva grain agreement.",
           type="RETREAT", mode="withdraw", trigger="withdrew", sources=("RUS",)),
    ]
    other = _m(5, DAY + timedelta(days=20), "Russia and Ukraine agreed on Friday to exchange "
               "1,000 prisoners each.", trigger="agreed", sources=("RUS", "UKR"),
               content="to exchange 1,000 prisoners each", persons=1000, per_side=True)
    stories = [LinkedStory(f"s{m.event_id}", [m]) for m in (made, *later, other)]
    found = {c.kind: c for c in find_commitments(stories)}
    assert set(found) == {"shipping", "swap"}
    grain = found["shipping"]
    assert [e.kind for e in grain.evidence] == ["source", "fulfil", "total", "end"]
    assert grain.evidence[-1].by == ("RUS",)
    assert [e.kind for e in found["swap"].evidence] == ["source"]


def test_link_migration_011_keeps_stored_evidence(tmp_path: Path) -> None:
    """A store linked before migration 011 keeps its commitments and their evidence."""
    from detente.link.commitment_api import list_commitments
    from detente.store import Store
    from detente.store.db import migrations, split_statements

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
                 "NULL, applied_at TEXT NOT NULL)")
    for version, name, sql in migrations():
        if version < 11:
            for statement in split_statements(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations VALUES (?, ?, 'then')", (version, name))
    conn.execute("INSERT INTO articles (id, text, date, ingested_at) VALUES "
                 "('a1', 'x', '2025-06-30', 'then')")
    conn.execute("INSERT INTO commitments (id, story_id, event_id, article_id, kind, what, "
                 "quantity, made_on, status, updated_at) VALUES ('c1', 's1', 'e1', 'a1', "
                 "'swap', 'to swap 600', 600, '2025-06-02', 'open', 'then')")
    conn.execute("INSERT INTO commitment_evidence VALUES ('c1', 'e2', 's2', 'a1', 'fulfil', 250, "
                 "'2025-06-09')")
    conn.commit()
    conn.close()
    with Store.open(db) as store:
        [judged] = list_commitments(store)
    assert (judged.status, judged.fulfilled_quantity, judged.evidence[0].by) == \
        ("partly kept", 250, ())

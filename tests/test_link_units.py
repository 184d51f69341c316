"""Link pieces without the language model: deadlines, blocking, similarity, figures, status,
and linking hand-built events in a real SQLite store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pytest

from detente.link import LinkError, get_story, link_store, list_commitments, split
from detente.link.blocking import candidate_pairs
from detente.link.deadlines import find_deadline
from detente.link.features import build_features
from detente.link.mentions import Mention
from detente.link.similarity import Match, compare
from detente.link.status import EvidenceItem, TrackedCommitment, evaluate, fulfilled, rounds
from detente.link.stories import Report, figure
from detente.model import Actor, EventDate, Extraction, Place, Quantities
from detente.store import Store

DAY = date(2025, 3, 5)
RUS, UKR = Actor("Russia", "Russia", "RUS"), Actor("Ukraine", "Ukraine", "UKR")


def _mention(n: int, **fields: object) -> Mention:
    base: dict[str, object] = {
        "event_id": f"e{n:04d}", "article_id": f"a{n:04d}", "article_date": DAY,
        "type": "ASSAULT", "modality": "asserted", "evidence": "Russian drones hit Sumy",
        "sources": ("RUS",), "admin1": "Sumy Oblast", "country": "UKR",
    }
    base.update(fields)
    return Mention(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "end"), [
    ("will exchange proposals in the coming days", date(2025, 3, 12)),
    ("by the end of the month", date(2025, 3, 31)),
    ("talks next week", date(2025, 3, 16)),
    ("pledged to deliver them by April 20", date(2025, 4, 20)),
    ("within two weeks", date(2025, 3, 19)),
])
def test_link_deadline_windows(text: str, end: date) -> None:
    found = find_deadline(text, DAY)
    assert found is not None and (found.start, found.end) == (DAY, end)


def test_link_deadline_absent_or_past_tense() -> None:
    assert find_deadline("attacks went on in recent days", DAY) is None
    assert find_deadline("in the coming days", None) is None


def test_link_figure_best_is_the_latest_official_figure() -> None:
    first, later = date(2025, 3, 3), date(2025, 3, 4)
    rising = figure([Report(4, first, True), Report(9, later, True), Report(6, later, False)])
    assert (rising.best, rising.low, rising.high) == (9, 4, 9)
    # a later figure from no official source does not replace an official one ...
    assert figure([Report(9, first, True), Report(14, later, False)]).best == 9
    # ... but counts when no one official gave a figure
    assert figure([Report(9, first, False), Report(14, later, False)]).best == 14
    # figures of one day: the most reported, else their median
    same_day = [Report(9, first, True), Report(11, first, True)]
    assert (figure(same_day).best, figure(same_day).low) == (10, 9)
    assert figure([*same_day, Report(11, first, True)]).best == 11
    assert figure([]).best is None


def _compare(a: Mention, b: Mention) -> Match | None:
    fa, fb = build_features([a, b])
    return compare(a, fa, b, fb)


def test_link_blocking_is_linear_and_respects_the_window() -> None:
    mentions = [_mention(i, article_date=DAY + timedelta(days=i // 40)) for i in range(2000)]
    features = build_features(mentions)
    pairs = list(candidate_pairs(mentions, features, window_days=3, max_neighbors=10))
    keys_per_mention = 3  # one kind (ASSAULT) x article, actor RUS, place
    assert len(pairs) <= len(mentions) * keys_per_mention * 10
    assert len(pairs) < len(mentions) * (len(mentions) - 1) // 50
    assert all(abs((mentions[i].day - mentions[j].day).days) <= 3  # type: ignore[operator]
               for i, j in pairs)


def test_link_blocking_pairs_other_types_only_when_the_wording_names_the_kind() -> None:
    agree = _mention(2, type="AGREE", evidence="Both sides agreed to a ceasefire in Sumy")
    future = _mention(3, modality="future")
    mentions = [_mention(1), agree, future]
    assert list(candidate_pairs(mentions, build_features(mentions))) == []
    # a call reported inside a warning: THREATEN whose sentence speaks of a phone call
    call = _mention(4, type="CONSULT", evidence="Biden and Putin spoke by phone for an hour")
    warning = _mention(5, type="THREATEN", evidence="In a phone call, Biden warned Putin")
    mentions = [call, warning]
    assert list(candidate_pairs(mentions, build_features(mentions))) == [(0, 1)]


def test_link_similarity_conflicts_rule_out_pairs() -> None:
    a = _mention(1, killed=9, date_value=DAY, date_precision="day")
    assert _compare(a, _mention(2, killed=11, date_value=DAY, date_precision="day")) is not None
    assert _compare(a, _mention(3, killed=30)) is None
    assert _compare(a, _mention(4, date_value=DAY + timedelta(days=2), date_precision="day")) \
        is None
    assert _compare(a, _mention(5, admin1="Kharkiv Oblast")) is None
    release = {"type": "RETREAT", "mode": "release"}
    assert _compare(_mention(6, persons=390, **release), _mention(7, persons=307, **release)) \
        is None


def _commitment(quantity: int | None, *items: EvidenceItem, deadline_days: int = 0,
                ) -> TrackedCommitment:
    deadline = find_deadline("in the coming days", DAY) if deadline_days else None
    return TrackedCommitment("c1", "s1", "e1", "a1", "swap", ["RUS", "UKR"], "swap",
                             quantity=quantity, made_on=DAY, deadline=deadline,
                             evidence=list(items))


def _fulfil(story: str, quantity: int | None, days: int, article: str = "a9") -> EvidenceItem:
    return EvidenceItem("fulfil", f"e{story}{article}", story, article, quantity,
                        DAY + timedelta(days=days))


def test_link_status_counts_each_story_once() -> None:
    twice = [_fulfil("s2", 250, 7, "a2"), _fulfil("s2", 250, 7, "a3")]
    assert fulfilled(rounds(twice), []) == 250
    c = _commitment(600, *twice, _fulfil("s4", 200, 14), _fulfil("s5", 150, 21))
    assert (evaluate(c, DAY + timedelta(days=10)).status,
            evaluate(c, DAY + timedelta(days=10)).fulfilled_quantity) == ("partly kept", 250)
    assert evaluate(c, DAY + timedelta(days=30)).status == "kept"
    assert evaluate(c, DAY + timedelta(days=30)).fulfilled_quantity == 600


def test_link_status_overdue_broken_open() -> None:
    assert evaluate(_commitment(None, deadline_days=7), DAY + timedelta(days=8)).status \
        == "overdue"
    assert evaluate(_commitment(None, deadline_days=7), DAY + timedelta(days=3)).status == "open"
    refusal = EvidenceItem("contradict", "e7", "s7", "a7", None, DAY + timedelta(days=2))
    assert evaluate(_commitment(None, refusal), DAY + timedelta(days=1)).status == "open"
    broken = evaluate(_commitment(None, refusal), DAY + timedelta(days=2))
    assert broken.status == "broken" and broken.decided_by[0]["event_id"] == "e7"
    partial = _commitment(600, _fulfil("s2", 250, 2), deadline_days=7)
    assert evaluate(partial, DAY + timedelta(days=9)).status == "partly kept"  # not nothing


def _strike(make: Callable[..., Extraction], text: str, killed: int, day: date) -> Extraction:
    return make(text, published=day, type="ASSAULT", mode="drone", source=[RUS], target=[UKR],
                location=Place("Sumy", "Sumy", "UKR", "Sumy Oblast"),
                date=EventDate("on Saturday", "2025-05-17", "day"),
                quantities=Quantities(killed=killed))


def test_link_store_hand_built_reports(store: Store, make_extraction: Callable[..., Extraction],
                                       ) -> None:
    first = _strike(make_extraction, "A Russian drone hit a bus near Sumy, killing nine.", 9,
                    date(2025, 5, 17))
    second = _strike(make_extraction, "Drone strike on Sumy bus kills 11, officials say.", 11,
                     date(2025, 5, 18))
    store.add_extractions([first, second])
    report = link_store(store)
    assert (report.mentions, report.stories, report.linked_stories) == (2, 1, 1)
    view = get_story(store, first.events[0].id)
    assert view is not None and view.story["killed_low"] == 9 and view.story["killed_high"] == 11
    assert get_story(store, view.story["id"]) is not None
    assert get_story(store, "nope") is None


def test_link_split_and_status_errors(store: Store, make_extraction: Callable[..., Extraction],
                                      ) -> None:
    lone = _strike(make_extraction, "A drone hit Sumy, killing two.", 2, date(2025, 5, 17))
    store.add_extraction(lone)
    link_store(store)
    event_id = lone.events[0].id
    view = get_story(store, event_id)
    assert view is not None
    with pytest.raises(LinkError, match="only one mention"):
        split(store, view.story["id"], event_id)
    with pytest.raises(LinkError, match="not a mention"):
        split(store, view.story["id"], "e-missing")
    with pytest.raises(LinkError, match="unknown status"):
        list_commitments(store, status="forgotten")


def test_link_migration_creates_the_dashboard_columns(store: Store) -> None:
    columns = {row[1] for row in store.conn.execute("PRAGMA table_info(commitments)")}
    assert {"id", "parties", "what", "quantity", "deadline_text", "deadline_start",
            "deadline_end", "status", "fulfilled_quantity"} <= columns
    for table in ("stories", "story_mentions", "link_history", "commitment_evidence"):
        assert store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_link_mention_day_prefers_the_stated_day() -> None:
    stated = _mention(1, date_value=date(2025, 3, 2), date_precision="day")
    vague = replace(stated, date_precision="month")
    assert stated.day == date(2025, 3, 2) and vague.day == DAY


@pytest.mark.parametrize(("evidence", "persons", "running_total"), [
    ("The sides have now freed 800 captives in total.", 800, True),
    ("Each side freed 250 more, bringing the total to 1,000.", 250, False),
    ("Each side freed 250 more, bringing the total to 1,000.", 1000, True),
    ("So far 640 prisoners have come home.", 640, True),
    ("Kyiv said 120 soldiers came home on Tuesday.", 120, False),
])
def test_link_running_total_is_the_figure_the_total_names(
        evidence: str, persons: int, running_total: bool) -> None:
    from detente.link.wording import is_running_total

    assert is_running_total(evidence, persons) is running_total

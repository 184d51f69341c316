"""`detente eval --links`: scoring stories against real events and near misses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.cli import main
from detente.eval.links import (
    GoldError,
    GoldEvent,
    GoldMention,
    LinkGold,
    NearMiss,
    StoredEvent,
    load_gold,
    score_links,
)

CORPUS_GOLD = Path(__file__).parent / "fixtures" / "gold" / "corpus_links.jsonl"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "articles"


def _gold() -> LinkGold:
    call = GoldEvent("call", "CONSULT", "2025-03-01", (
        GoldMention("a.txt", 0, 40), GoldMention("b.txt", 100, 140), GoldMention("c.txt", 10, 30)))
    strike = GoldEvent("strike", "ASSAULT", "2025-03-01", (
        GoldMention("a.txt", 50, 90), GoldMention("b.txt", 0, 60)))
    other_call = GoldEvent("other-call", "CONSULT", "2025-03-01", (GoldMention("d.txt", 0, 20),))
    events = {e.label: e for e in (call, strike, other_call)}
    return LinkGold(events, [NearMiss("call", "other-call"), NearMiss("call", "strike")])


def _stored(event_id: str, start: int, end: int, story: str) -> StoredEvent:
    return StoredEvent(event_id, "CONSULT", "asserted", start, end, story)


def test_eval_links_counts_merges_purity_and_near_misses() -> None:
    stored = {
        "a.txt": [_stored("e1", 0, 45, "s1"), _stored("e2", 48, 95, "s2")],
        "b.txt": [_stored("e3", 90, 150, "s1"), _stored("e4", 0, 70, "s1")],
        "c.txt": [_stored("e5", 0, 35, "s1")],
        "d.txt": [_stored("e6", 0, 25, "s3")],
    }
    score = score_links(_gold(), stored)
    figures = score.figures()
    assert figures["merge_recall"][1:] == (1, 2)  # the call is one story; the strike is split
    assert figures["mentions_found"][1:] == (5, 5)
    # s1 holds the call's three mentions and one strike mention: not one real event
    assert figures["merge_precision"][1:] == (0, 1)
    assert figures["near_misses_apart"][1:] == (1, 2)  # call and strike share s1
    assert any("impure story s1" in line for line in score.misses)


def test_eval_links_unfound_mention_fails_strict_recall_only() -> None:
    stored = {
        "a.txt": [_stored("e1", 0, 45, "s1")],
        "b.txt": [_stored("e3", 100, 120, "s1")],
        "c.txt": [],
    }
    figures = score_links(_gold(), stored).figures()
    assert figures["merge_recall"][1:] == (0, 2)
    assert figures["merge_recall_found_mentions"][1:] == (1, 1)
    assert figures["merge_precision"][1:] == (1, 1)
    assert figures["near_misses_apart"][1:] == (0, 0)  # the other call was never extracted


def test_eval_links_bad_gold_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"kind": "event", "label": "x", "mentions": []}\n')
    with pytest.raises(GoldError, match=r"gold.jsonl:1"):
        load_gold(path)
    path.write_text('{"kind": "near_miss", "a": "x", "b": "y"}\n')
    with pytest.raises(GoldError, match="unknown event"):
        load_gold(path)


def test_eval_links_skips_without_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         ) -> None:
    code = main(["eval", "--links", str(CORPUS_GOLD), "--corpus", str(tmp_path / "absent")])
    assert code == 0
    assert "skipped" in capsys.readouterr().out


def test_eval_links_bad_gold_is_a_usage_error(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text("not json\n")
    assert main(["eval", "--links", str(path), "--corpus", str(tmp_path)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_eval_links_corpus_gold_is_well_formed() -> None:
    gold = load_gold(CORPUS_GOLD)
    assert len(gold.multi) >= 25
    assert len(gold.near_misses) >= 10
    for event in gold.events.values():
        articles = [m.article for m in event.mentions]
        assert len(articles) == len(set(articles)), event.label
    if CORPUS.is_dir():
        for event in gold.events.values():
            for m in event.mentions:
                assert m.end <= len((CORPUS / m.article).read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
def test_eval_links_runs_on_the_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       ) -> None:
    lines = CORPUS_GOLD.read_text().splitlines()
    records = [json.loads(line) for line in lines]
    picked = [r for r in records if r.get("label") in
              ("kyiv-unity-march-2022-02-12", "nato-vilnius-summit-2023-07-11")]
    small = tmp_path / "small.jsonl"
    small.write_text("".join(json.dumps(r) + "\n" for r in picked))
    assert main(["eval", "--links", str(small), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["merge_recall"]["total"] == 2
    assert result["mentions_found"]["total"] == 5

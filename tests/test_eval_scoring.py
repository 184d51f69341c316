"""`detente eval` on the project's own labelled records (written for these tests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.cli import main
from detente.eval import evaluate, load_records
from detente.eval.scoring import normalise_admin1
from detente.extract.pipeline import Extractor

pytestmark = pytest.mark.slow
FIXTURE = Path(__file__).parent / "fixtures" / "eval" / "sentences.jsonl"
GOLD = Path(__file__).parent / "fixtures" / "gold" / "articles.jsonl"


def metrics(result: list, name: str) -> dict:
    [score] = [s for s in result if s.name == name]
    return score.to_dict()["metrics"]


@pytest.fixture(scope="module")
def rules(rules_extractor: Extractor) -> Extractor:
    """The rules alone: these tests are about scoring, not about the trained layer."""
    return rules_extractor


@pytest.fixture(scope="module")
def scores(rules: Extractor) -> list:
    return evaluate(load_records(FIXTURE), rules)


def test_eval_plover_projection_scores_intent_as_agree(scores: list) -> None:
    rows = metrics(scores, "plover_gsr")
    assert rows["type"]["total"] == 3
    assert rows["type"]["correct"] == 3
    assert rows["source"]["correct"] >= 2


def test_eval_ucdp_killed_and_admin1(scores: list) -> None:
    rows = metrics(scores, "ucdp_headlines")
    assert rows["event_found"]["correct"] == 2
    assert rows["killed_exact"]["correct"] == 2
    assert rows["admin1"]["correct"] == 2


def test_eval_isaf_counts_province_and_dateline(scores: list) -> None:
    rows = metrics(scores, "isaf_press_releases")
    assert rows["detained_exact"]["correct"] == 1
    assert rows["killed_exact"]["correct"] == 1
    assert rows["province"]["correct"] == 1
    assert rows["date"]["correct"] == 1


def test_eval_article_gold_precision_and_recall() -> None:
    result = evaluate(load_records(GOLD))
    rows = metrics(result, "articles")
    assert rows["recall (all types)"]["total"] > 50
    assert 0 < rows["recall (all types)"]["value"] <= 1
    assert any(name.startswith("precision AGREE") for name in rows)


def test_eval_admin1_names_compare_loosely() -> None:
    assert normalise_admin1("Donetsk oblast") == normalise_admin1("Donetsk Oblast")
    assert normalise_admin1("Helmand Province") == "helmand"


def test_eval_cli_json_and_missing_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(FIXTURE), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {s["set"] for s in data} == {"plover_gsr", "ucdp_headlines", "isaf_press_releases"}
    assert main(["eval", str(tmp_path / "absent.jsonl")]) == 0
    captured = capsys.readouterr()
    assert "nothing to score" in captured.out and "absent.jsonl" in captured.err


def test_eval_bad_json_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "x"\n')
    assert main(["eval", str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert "bad.jsonl:1" in err and "\n" not in err


def test_eval_errors_list_each_miss_with_gold_and_extracted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = {"id": "own:1", "set": "ucdp_headlines", "date": None,
              "text": "Shelling kills three civilians in Kherson",
              "gold": {"type": "ASSAULT", "killed_total": 5, "admin1": "Kherson oblast"}}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record) + "\n")
    assert main(["eval", str(path), "--errors", "--metric", "killed_exact"]) == 0
    out = capsys.readouterr().out
    [line] = [row for row in out.splitlines() if row.startswith("killed_exact |")]
    assert "own:1" in line and "expected 5" in line and "got 3" in line
    assert "admin1 |" not in out
    assert main(["eval", str(path), "--format", "json", "--errors"]) == 0
    [score] = json.loads(capsys.readouterr().out)
    assert score["metrics"]["killed_exact"]["misses"] == [
        {"record": "own:1", "expected": 5, "got": 3}]
    assert score["metrics"]["admin1"]["misses"] == []


def test_eval_ucdp_no_gold_oblast_is_right_only_without_one(tmp_path: Path) -> None:
    def record(rid: str, text: str) -> str:
        return json.dumps({"id": rid, "set": "ucdp_headlines", "date": None, "text": text,
                           "gold": {"type": "ASSAULT", "killed_total": 2, "admin1": None}})
    path = tmp_path / "nowhere.jsonl"
    path.write_text(record("own:1", "Two soldiers killed in fighting, army says") + "\n" +
                    record("own:2", "Shelling of Kherson kills two civilians") + "\n")
    rows = metrics(evaluate(load_records(path)), "ucdp_headlines")
    assert (rows["admin1"]["correct"], rows["admin1"]["total"]) == (1, 2)


def test_eval_isaf_vague_amounts_score_their_floor(tmp_path: Path) -> None:
    text = ("KABUL, Afghanistan (May 3, 2012) - A joint patrol killed several gunmen and detained "
            "a bomb maker and numerous associates today in the Zurmat area of Paktiya province.")
    gold = {"event_date": "2012-05-03", "killed": 3, "detained": 5, "province": ["paktiya"]}
    path = tmp_path / "vague.jsonl"
    path.write_text(json.dumps({"id": "own:1", "set": "isaf_press_releases", "date": None,
                                "text": text, "gold": gold}) + "\n")
    rows = metrics(evaluate(load_records(path)), "isaf_press_releases")
    assert rows["killed_exact"]["correct"] == 1 and rows["detained_exact"]["correct"] == 1
    assert rows["killed_exact (stated numbers only)"]["correct"] == 0
    assert rows["detained_exact (stated numbers only)"]["correct"] == 0

"""`detente train`: the decision layer rebuilt from the annotated articles, reproducibly; the
article scorer agrees with ../shared's; the split never changes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from detente.eval.articles import load_gold, score_articles
from detente.extract.decision import DecisionModel
from detente.extract.pipeline import Extractor
from detente.train.data import TRAIN_FILE, is_dev, sentence_labels, split, to_article
from detente.train.run import train

pytestmark = pytest.mark.slow
SHARED_SCORER = TRAIN_FILE.parents[1] / "score_articles.py"
needs_data = pytest.mark.skipif(not TRAIN_FILE.is_file(), reason="../shared is not beside the repo")


def test_train_split_is_fixed_by_the_article_id() -> None:
    ids = [f"2023010{i}T000000Z_GB_en_{i:010x}" for i in range(200)]
    dev = [i for i in ids if is_dev(i)]
    assert dev == [i for i in ids if is_dev(i)]  # the same every time
    assert 0.1 < len(dev) / len(ids) < 0.3
    train_part, dev_part = split([{"id": i} for i in ids])
    assert {r["id"] for r in dev_part} == set(dev) and len(train_part) + len(dev_part) == 200


def test_train_labels_go_to_the_sentence_the_evidence_overlaps_most() -> None:
    record = {"text": "Talks were held. Russia shelled Kharkiv and Ukraine protested loudly.",
              "events": [{"type": "ASSAULT", "evidence": "Russia shelled Kharkiv"},
                         {"type": "ACCUSE", "evidence": "held. Russia"}]}
    labels = sentence_labels([(0, 16), (17, 69)], record)
    assert labels[0] == {} and labels[1] == {"ASSAULT": 1, "ACCUSE": 1}


@needs_data
def test_train_rebuilds_the_same_model_twice(tmp_path: Path) -> None:
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    report = train(None, first, 0.3, 0.5, limit=12, sentence_sets=False)
    train(None, second, 0.3, 0.5, limit=12, sentence_sets=False)
    a, b = DecisionModel.load(first), DecisionModel.load(second)
    assert a.threshold == b.threshold and a.types.vocabulary == b.types.vocabulary
    assert np.array_equal(a.types.weights, b.types.weights)
    assert "dev split (" in report and "precision" in report
    assert a.info["train_articles"] == 12 and a.info["sentence_set_examples"] == 0


@needs_data
def test_train_scorer_agrees_with_the_shared_scorer(tmp_path: Path,
                                                   rules_extractor: Extractor) -> None:
    _, dev = split(load_gold(TRAIN_FILE))
    dev = dev[:12]
    rules = rules_extractor
    predictions: dict[str, list[dict]] = defaultdict(list)
    lines = []
    for extraction in rules.extract_many(to_article(r) for r in dev):
        for event in extraction.events:
            predictions[event.article_id].append(event.to_dict())
            lines.append(json.dumps(event.to_dict()))
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in dev))
    pred.write_text("\n".join(lines) + "\n")
    shared = json.loads(subprocess.run([sys.executable, str(SHARED_SCORER), str(gold), str(pred)],
                                       capture_output=True, text=True, check=True).stdout)
    ours = score_articles(dev, predictions).to_dict()
    for key in ("gold_events", "predicted", "precision", "recall", "f1", "modality_acc",
                "killed_injured_exact", "source_acc", "per_type"):
        assert ours[key] == shared[key], key


@needs_data
def test_train_eval_articles_prints_scores_and_the_curve(
        capsys: pytest.CaptureFixture[str]) -> None:
    from detente.cli import main

    assert main(["eval", "--articles", "--limit", "4"]) == 0
    out = capsys.readouterr().out
    assert "dev split" in out and "precision/recall by threshold" in out
    assert "<- default" in out and "ACCUSE" in out


def test_train_cli_decision_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from detente.cli import main

    text = tmp_path / "talks.txt"
    text.write_text("The minister urged tougher sanctions if Moscow does not commit to a "
                    "ceasefire. Rebels attacked a convoy near Goma, killing five soldiers.")
    counts = {}
    for flags in ([], ["--rules-only"], ["--min-confidence", "0.99"]):
        assert main(["extract", str(text), "--format", "jsonl", *flags]) == 0
        counts[tuple(flags)] = len(capsys.readouterr().out.splitlines())
    assert counts[("--rules-only",)] > counts[()] >= counts[("--min-confidence", "0.99")]
    with pytest.raises(SystemExit) as usage:
        main(["extract", str(text), "--min-confidence", "2"])
    assert usage.value.code == 2


@needs_data
def test_train_gate_keeps_the_layers_events(tmp_path: Path) -> None:
    from detente.train.gate import fit_gate, gate_rows, measure

    train_part, _ = split(load_gold(TRAIN_FILE))
    rows = gate_rows(Extractor(), train_part[:10])
    gate = fit_gate(rows)
    gate.threshold = 0.05
    report = measure(gate, rows)
    assert report.passed_share_emitted >= 0.9 and report.words < 1.0
    assert "pre-filter" in report.render("train")

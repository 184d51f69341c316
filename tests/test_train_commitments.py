"""`detente train --commitments` rebuilds the same detector twice; `detente eval --articles
--commitment-score` prints the dev split's table; the extractor that keeps promises adds a
promise where no chosen event makes one (own text)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from detente.extract.decision import Carrier
from detente.extract.pipeline import Extractor, add_events
from detente.extract.promise_candidates import mention_of, promise_carriers
from detente.link.promise_model import PromiseModel
from detente.link.promises import PromiseJudge, default_judge
from detente.model import Article, Extraction
from detente.train.data import TRAIN_FILE
from detente.train.promise_run import train_commitments

pytestmark = pytest.mark.slow
needs_data = pytest.mark.skipif(not TRAIN_FILE.is_file(), reason="../shared is not beside the repo")


@needs_data
def test_train_commitments_rebuilds_the_same_detector_twice(tmp_path: Path) -> None:
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    report = train_commitments(None, first, 0.3, 1.0, limit=12)
    train_commitments(None, second, 0.3, 1.0, limit=12)
    a, b = PromiseModel.load(first), PromiseModel.load(second)
    assert a.threshold == b.threshold and a.model.vocabulary == b.model.vocabulary
    assert np.array_equal(a.model.weights, b.model.weights)
    assert a.info["train_articles"] == 12 and a.info["positives"] > 0
    assert "dev split (" in report and "rule, decision layer events" in report
    assert "<- chosen" in report


@needs_data
def test_train_commitments_eval_prints_the_dev_table(capsys: pytest.CaptureFixture[str]) -> None:
    from detente.cli import main

    assert main(["eval", "--articles", "--commitment-score", "--limit", "6", "--errors"]) == 0
    out = capsys.readouterr().out
    assert "dev split (6 articles" in out and "detector" in out and "rule" in out
    assert "gold commitments (+ found, - missed)" in out


def test_train_commitments_keeps_one_promise_candidate_where_none_was_chosen(
        default_extractor: Extractor) -> None:
    text = ("Finland promised on Monday that it would deliver two more air defence batteries "
            "to Kyiv before the winter.")
    extractor = default_extractor
    parsed = next(iter(extractor.parse_sentences([Article(text=text, id="own1")])))
    nothing = PromiseJudge(default_judge().model, threshold=1.5, keep_rule=False)
    assert promise_carriers(parsed, [], nothing) == []
    kept = promise_carriers(parsed, [], default_judge())
    assert len(kept) == 1 and not kept[0].draft.suppressed
    # once the layer chose an event that makes the promise, nothing more is kept
    assert promise_carriers(parsed, kept, default_judge()) == []
    scratch = Extraction(parsed.article)
    add_events(parsed, scratch, [Carrier(kept[0].draft, kept[0].type, 1.0)])
    assert default_judge()(mention_of(scratch.events[0], None))

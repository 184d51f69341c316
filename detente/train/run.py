"""The whole training run behind `detente train`, as one library call."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from detente.errors import DetenteError
from detente.eval.articles import ArticleScore, load_gold, score_events
from detente.extract.decision import DecisionModel
from detente.extract.pipeline import Extractor
from detente.train.data import (
    TRAIN_FILE,
    release_records,
    sentence_records,
    split,
    to_article,
)
from detente.train.fit import (
    best_threshold,
    build_training_set,
    cross_validated_events,
    fit_types,
    release_examples,
    sentence_set_examples,
    threshold_curve,
)


class TrainingError(DetenteError):
    """The annotated data is missing or unusable."""


def train(data: Path | None, output: Path, regularisation: float, beta: float,
          limit: int | None = None, sentence_sets: bool = True,
          log: Callable[[str], None] = lambda _: None) -> str:
    """Fit the decision layer on the train split, choose its threshold by cross-validation,
    save it to ``output``, and return a printable report with the dev split's figures."""
    path = data or TRAIN_FILE
    if not path.is_file():
        raise TrainingError(f"{path}: no annotated articles (is ../shared beside the repo?)")
    records = load_gold(path)
    train_records, dev_records = split(records)
    train_records = train_records[:limit] if limit else train_records
    rules = Extractor(decision=False)
    log(f"parsing {len(train_records)} train-split articles (every sentence)")
    training = build_training_set(rules, train_records)
    if sentence_sets:
        extra = sentence_records()
        log(f"parsing {len(extra)} one-event texts of the sentence-level sets")
        training.extra = sentence_set_examples(rules, extra)
        releases = release_records()
        log(f"parsing {len(releases)} press releases with counted outcomes")
        training.extra += release_examples(rules, releases)
    log(f"{len(training.examples)} sentences; cross-validating ({regularisation=})")
    curve = threshold_curve(cross_validated_events(training, rules, regularisation),
                            train_records)
    threshold = best_threshold(curve, beta)
    model = fit_types(training.examples + training.extra, regularisation)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    decision = DecisionModel(model, threshold, {
        "data": path.name, "data_sha256": digest, "train_articles": len(train_records),
        "sentences": len(training.examples), "sentence_set_examples": len(training.extra),
        "regularisation": regularisation, "beta": beta,
        "split": "sha256(id) % 5 == 0 is dev"})
    output.parent.mkdir(parents=True, exist_ok=True)
    decision.save(output)
    log(f"saved {output} ({output.stat().st_size:,} bytes)")
    dev_score = _score(Extractor(rules.nlp, decision=decision), dev_records)
    return render(curve, threshold, dev_score, len(dev_records))


def _score(extractor: Extractor, records: Sequence[Mapping[str, Any]]) -> ArticleScore:
    events = [e for x in extractor.extract_many(to_article(r) for r in records)
              for e in x.events]
    return score_events(records, events)


def render(curve: list[tuple[float, ArticleScore]], threshold: float, dev: ArticleScore,
           dev_articles: int) -> str:
    lines = ["cross-validated on the train split (5 folds by article):",
             f"{'threshold':>9} {'events':>7} {'precision':>9} {'recall':>7} {'f1':>6}"]
    for value, score in curve:
        mark = "  <- chosen" if value == threshold else ""
        lines.append(f"{value:9.2f} {score.predicted:7d} {score.precision or 0:9.3f} "
                     f"{score.recall or 0:7.3f} {score.f1:6.3f}{mark}")
    data = dev.to_dict()
    lines += ["", f"dev split ({dev_articles} articles, never fitted on), threshold {threshold}:",
              f"  precision {data['precision']}  recall {data['recall']}  f1 {data['f1']}  "
              f"modality {data['modality_acc']}  killed/injured {data['killed_injured_exact']}",
              f"{'  type':12s} {'tp':>4} {'fp':>4} {'fn':>4}"]
    for kind, counts in data["per_type"].items():
        lines.append(f"  {kind:10s} {counts['tp']:4d} {counts['fp']:4d} {counts['fn']:4d}")
    return "\n".join(lines)

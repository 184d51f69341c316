"""The whole run behind `detente train --commitments`, as one library call."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from detente.eval.articles import load_gold
from detente.eval.commitment_run import linked, score_judge, stored_mentions
from detente.eval.commitment_score import CommitmentScore
from detente.extract.pipeline import Extractor
from detente.extract.promise_candidates import PromiseKeepingExtractor
from detente.link.promise_model import PromiseModel
from detente.link.promises import RULE, PromiseJudge
from detente.train.data import TRAIN_FILE, split
from detente.train.promises import (
    best_threshold,
    cross_validated_curve,
    examples,
    fit_promises,
    union,
)
from detente.train.run import TrainingError


def train_commitments(data: Path | None, output: Path, regularisation: float, beta: float,
                      limit: int | None = None, log: Callable[[str], None] = lambda _: None,
                      ) -> str:
    """Fit the commitment detector on the train split, choose its threshold by
    cross-validation, save it to ``output``, and return a printable report with the dev
    split's figures beside the hand-written rule's."""
    path = data or TRAIN_FILE
    if not path.is_file():
        raise TrainingError(f"{path}: no annotated articles (is ../shared beside the repo?)")
    train_records, dev_records = split(load_gold(path))
    train_records = train_records[:limit] if limit else train_records
    rules = Extractor(decision=False)
    decided = Extractor(rules.nlp)
    log(f"extracting {len(train_records)} train-split articles (decision layer and rules)")
    rule_events = stored_mentions(train_records, rules)
    training = examples(union(stored_mentions(train_records, decided), rule_events),
                        train_records)
    log(f"{len(training)} events, {sum(e.label for e in training)} making a commitment; "
        f"cross-validating ({regularisation=})")
    curve = cross_validated_curve(training, rule_events, train_records, regularisation)
    threshold = best_threshold(curve, beta)
    model = PromiseModel(fit_promises(training, regularisation), threshold, {
        "data": path.name, "data_sha256": hashlib.sha256(path.read_bytes()).hexdigest()[:16],
        "train_articles": len(train_records), "events": len(training),
        "positives": sum(e.label for e in training), "regularisation": regularisation,
        "beta": beta, "split": "sha256(id) % 5 == 0 is dev"})
    output.parent.mkdir(parents=True, exist_ok=True)
    model.save(output)
    log(f"saved {output} ({output.stat().st_size:,} bytes); scoring the dev split")
    detector = PromiseJudge(model)
    decided_events = stored_mentions(dev_records, decided)
    rule_events = stored_mentions(dev_records, rules)
    dev = {"decision layer": linked(decided_events), "rules only": linked(rule_events)}
    rows = [(f"{judge_name}, {name} events", score_judge(dev_records, events, judge))
            for name, events in dev.items()
            for judge_name, judge in (("detector", detector), ("rule", RULE))]
    keeping = PromiseKeepingExtractor(rules.nlp, judge=detector)
    rows.append(("detector, layer + kept promises", score_judge(
        dev_records, linked(stored_mentions(dev_records, keeping)), detector)))
    return render(curve, threshold, rows, len(dev_records))


def render(curve: Sequence[tuple[float, CommitmentScore]], threshold: float,
           dev: Sequence[tuple[str, CommitmentScore]], dev_articles: int) -> str:
    lines = ["commitments, cross-validated on the train split (5 folds by article, rules' "
             "events):", f"{'threshold':>9} {'found':>6} {'right':>6} {'precision':>9} "
             f"{'recall':>7} {'f1':>6}"]
    for value, score in curve:
        mark = "  <- chosen" if value == threshold else ""
        lines.append(f"{value:9.2f} {score.tp + score.fp:6d} {score.tp:6d} "
                     f"{score.precision or 0:9.3f} {score.recall or 0:7.3f} {score.f1:6.3f}{mark}")
    lines += ["", f"dev split ({dev_articles} articles, never fitted on):", *table(dev)]
    return "\n".join(lines)


def table(rows: Sequence[tuple[str, CommitmentScore]]) -> list[str]:
    """One line per scored configuration: counts, precision, recall, F1, and how well the
    matched commitments' parties and what agree with the gold."""
    lines = [f"  {'':34s} {'gold':>4} {'found':>5} {'right':>5} {'P':>6} {'R':>6} {'F1':>6} "
             f"{'parties=':>8} {'parties~':>8} {'what':>6} {'qty':>6}"]
    for name, score in rows:
        d: Mapping[str, Any] = score.to_dict()
        lines.append(f"  {name:34s} {d['gold']:4d} {d['found']:5d} {d['right']:5d} "
                     f"{_f(d['precision'])} {_f(d['recall'])} {_f(d['f1'])} "
                     f"{_f(d['parties_same']):>8} {_f(d['parties_shared']):>8} "
                     f"{_f(d['what_match'])} {_f(d['quantity_exact'])}")
    lines.append("  (parties= the same set, parties~ one shared, what: content-word F1 >= 0.5, "
                 "qty: the gold's quantity, on matched commitments)")
    return lines


def _f(value: float | None) -> str:
    return f"{value:6.3f}" if value is not None else "   n/a"

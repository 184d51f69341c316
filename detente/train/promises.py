"""Training the commitment detector (``detente train --commitments``).

Examples are the events extracted from the train split's articles, both by the trained
decision layer and by the rules alone (every candidate, so the detector also learns the
promises the layer drops), each labelled by whether its evidence overlaps an annotated
commitment's. One logistic regression over ``promise_features``; its threshold is chosen by
cross-validation on the train split (article-grouped folds), scored as ``detente eval`` scores:
commitments found by the link stage on the held-out articles' events, matched one to one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from detente.eval.commitment_run import linked, score_judge
from detente.eval.commitment_score import CommitmentScore
from detente.extract.decision import LinearModel
from detente.link.mentions import Mention
from detente.link.promise_features import promise_features
from detente.link.promise_model import LABEL, PromiseModel
from detente.link.promises import PromiseJudge
from detente.train.fit import FOLDS, MIN_FEATURE_COUNT, article_folds

THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(2, 18))


@dataclass(frozen=True)
class PromiseExample:
    mention: Mention
    features: frozenset[str]
    label: bool


def union(*mention_sets: Iterable[Mention]) -> list[Mention]:
    """Events of several extractions of the same articles, each (article, sentence, type,
    trigger) once: the first extraction's reading wins."""
    seen: dict[tuple[str, int, str, str], Mention] = {}
    for mentions in mention_sets:
        for m in mentions:
            seen.setdefault((m.article_id, m.evidence_start, m.type, m.trigger), m)
    return sorted(seen.values(), key=lambda m: (m.article_id, m.evidence_start, m.event_id))


def commitment_spans(record: Mapping[str, Any]) -> list[tuple[int, int]]:
    """(start, end) of each annotated commitment's evidence, found as the scorer finds it."""
    spans = []
    for commitment in record.get("commitments") or []:
        start = record["text"].find(commitment["evidence"])
        if start >= 0:
            spans.append((start, start + len(commitment["evidence"])))
    return spans


def examples(mentions: Iterable[Mention], records: Sequence[Mapping[str, Any]],
             ) -> list[PromiseExample]:
    """Each event labelled by whether its evidence overlaps an annotated commitment."""
    spans = {str(r["id"]): commitment_spans(r) for r in records}
    found = []
    for m in mentions:
        start, end = m.evidence_start, m.evidence_start + len(m.evidence)
        label = any(a < end and b > start for a, b in spans.get(m.article_id, []))
        found.append(PromiseExample(m, frozenset(promise_features(m)), label))
    return found


def fit_promises(training: Sequence[PromiseExample], regularisation: float) -> LinearModel:
    """A logistic regression over the features seen at least twice."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    seen = Counter(f for e in training for f in e.features)
    names = sorted(f for f, n in seen.items() if n >= MIN_FEATURE_COUNT)
    vocabulary = {name: i for i, name in enumerate(names)}
    rows, cols = [], []
    for row, example in enumerate(training):
        for feature in example.features:
            if feature in vocabulary:
                rows.append(row)
                cols.append(vocabulary[feature])
    matrix = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(training), len(names)))
    target = np.array([e.label for e in training], dtype=int)
    if target.min() == target.max():
        raise ValueError("the training events are all of one class")
    model = LogisticRegression(C=regularisation, max_iter=5000)
    model.fit(matrix, target)
    return LinearModel((LABEL,), vocabulary, model.coef_[0].reshape(-1, 1),
                       model.intercept_.astype(np.float64))


def cross_validated_curve(training: Sequence[PromiseExample], scored: Sequence[Mention],
                          records: Sequence[Mapping[str, Any]], regularisation: float,
                          keep_rule: bool = True) -> list[tuple[float, CommitmentScore]]:
    """For every threshold, the commitments the link stage finds in ``scored`` (the held-out
    articles' events) with detectors fitted on the other folds, summed over the folds."""
    fold_of = article_folds(str(r["id"]) for r in records)
    totals = {t: CommitmentScore() for t in THRESHOLDS}
    for fold in range(FOLDS):
        fitted = [e for e in training if fold_of.get(e.mention.article_id) != fold]
        held_records = [r for r in records if fold_of[str(r["id"])] == fold]
        held = linked([m for m in scored if fold_of.get(m.article_id) == fold])
        model = PromiseModel(fit_promises(fitted, regularisation), 0.5)
        for threshold in THRESHOLDS:
            judge = PromiseJudge(model, threshold, keep_rule)
            _add(totals[threshold], score_judge(held_records, held, judge))
    return list(totals.items())


def _add(total: CommitmentScore, part: CommitmentScore) -> None:
    total.documents += part.documents
    total.tp += part.tp
    total.fp += part.fp
    total.fn += part.fn


def best_threshold(curve: Sequence[tuple[float, CommitmentScore]], beta: float) -> float:
    """The threshold with the best F-beta; the higher threshold of equals."""
    def f_beta(score: CommitmentScore) -> float:
        p, r = score.precision or 0.0, score.recall or 0.0
        return (1 + beta**2) * p * r / (beta**2 * p + r) if p and r else 0.0
    return max(curve, key=lambda item: (round(f_beta(item[1]), 6), item[0]))[0]

"""Fitting the decision layer: features of every sentence of the training articles, one
logistic regression per event type, and a threshold chosen by cross-validation on the training
split (article-grouped folds), scored event by event as the article scorer scores.

scikit-learn is needed here only (the ``train`` extra); extraction reads the saved weights.
"""

from __future__ import annotations

import copy
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from detente.eval.articles import ArticleScore, score_events
from detente.extract.decision import DecisionModel, LinearModel
from detente.extract.mentions import merge_repeated_mentions
from detente.extract.pipeline import Extractor, ParsedSentence, add_events
from detente.model import Event, Extraction
from detente.train.data import sentence_labels, to_article
from detente.types import PLOVER_TYPES, plover_fold

MIN_FEATURE_COUNT = 2  # a feature seen in one sentence only is noise, not knowledge
FOLDS = 5
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 19))


@dataclass
class Example:
    """One parsed sentence with its features and the annotated types it holds."""

    article_id: str
    parsed: ParsedSentence
    features: set[str]
    labels: Counter[str]


@dataclass
class TrainingSet:
    examples: list[Example]
    records: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    # fitted in every fold, never held out: only whole articles are scored
    extra: list[Example] = field(default_factory=list)

    def matrix(self) -> np.ndarray:
        return np.array([[e.labels.get(t, 0) > 0 for t in PLOVER_TYPES] for e in self.examples],
                        dtype=np.int8)


def sentence_set_examples(extractor: Extractor, records: Sequence[Mapping[str, Any]],
                          ) -> list[Example]:
    """Examples from one-event texts: every sentence is labelled with the event's type, read
    as Detente types it (a PLOVER AGREE may be the rules' future AID; ``plover_fold``)."""
    by_id = {str(r["id"]): r for r in records}
    examples = []
    parsed_all = extractor.parse_sentences((to_article(r) for r in records), every_sentence=True)
    for parsed in parsed_all:
        wanted = by_id[parsed.article.id]["type"]
        folded = [d.type for d in parsed.unit.drafts
                  if not d.suppressed and plover_fold(d.type, d.modality) == wanted]
        label = Counter({folded[0] if folded else wanted: 1})
        examples.append(Example(parsed.article.id, parsed, parsed.features(), label))
    return examples


def release_examples(extractor: Extractor, records: Sequence[Mapping[str, Any]],
                     ) -> list[Example]:
    """Examples from press releases with counted outcomes: a sentence where the rules see a
    killing (an arrest) is an ASSAULT (a COERCE) exactly when the release reports one; only
    sentences with such a candidate are used, the rest of a release says nothing sure."""
    by_id = {str(r["id"]): r for r in records}
    examples = []
    for parsed in extractor.parse_sentences((to_article(r) for r in records),
                                            every_sentence=True):
        record, label = by_id[parsed.article.id], Counter[str]()
        live = [d for d in parsed.unit.drafts if not d.suppressed]
        kills = [d for d in live if d.type == "ASSAULT" and d.quantities.least("killed")]
        arrests = [d for d in live if d.type == "COERCE" and d.mode == "arrest"]
        if not kills and not arrests:
            continue
        if kills and record["killed"]:
            label["ASSAULT"] = 1
        if arrests and record["detained"]:
            label["COERCE"] = 1
        examples.append(Example(parsed.article.id, parsed, parsed.features(), label))
    return examples


def build_training_set(extractor: Extractor, records: Sequence[Mapping[str, Any]]) -> TrainingSet:
    """Parse every body sentence of the records (no pre-filter: the model must also learn
    what the pre-filter lets through) and label it with the annotated types it holds."""
    by_id = {str(r["id"]): r for r in records}
    by_article: dict[str, list[ParsedSentence]] = defaultdict(list)
    parsed_all = extractor.parse_sentences((to_article(r) for r in records), every_sentence=True)
    for parsed in parsed_all:
        by_article[parsed.article.id].append(parsed)
    examples = []
    for article_id, parsed_list in by_article.items():
        spans = [(p.sentence.start, p.sentence.end) for p in parsed_list]
        for parsed, labels in zip(parsed_list, sentence_labels(spans, by_id[article_id]),
                                  strict=True):
            examples.append(Example(article_id, parsed, parsed.features(), labels))
    return TrainingSet(examples, by_id)


def fit_types(examples: Sequence[Example], regularisation: float) -> LinearModel:
    """One-vs-rest logistic regression over the features seen at least twice."""
    targets = {kind: [e.labels.get(kind, 0) > 0 for e in examples] for kind in PLOVER_TYPES}
    return fit_linear([e.features for e in examples], targets, regularisation)


def fit_linear(features: Sequence[set[str]], targets: Mapping[str, Sequence[bool]],
               regularisation: float, balanced: bool = False) -> LinearModel:
    """One logistic regression per label over binary features seen at least twice; a label
    with fewer positives than that is never predicted."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    seen = Counter(f for row in features for f in row)
    names = sorted(f for f, n in seen.items() if n >= MIN_FEATURE_COUNT)
    vocabulary = {name: i for i, name in enumerate(names)}
    rows, cols = [], []
    for row, present in enumerate(features):
        for feature in present:
            if feature in vocabulary:
                rows.append(row)
                cols.append(vocabulary[feature])
    matrix = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(features), len(names)))
    labels = tuple(targets)
    weights = np.zeros((len(names), len(labels)))
    bias = np.full(len(labels), -10.0)
    for j, label in enumerate(labels):
        target = np.array(targets[label], dtype=int)
        if target.sum() < MIN_FEATURE_COUNT:
            continue
        model = LogisticRegression(C=regularisation, max_iter=5000,
                                   class_weight="balanced" if balanced else None)
        model.fit(matrix, target)
        weights[:, j], bias[j] = model.coef_[0], model.intercept_[0]
    return LinearModel(labels, vocabulary, weights, bias)


def article_folds(article_ids: Iterable[str], folds: int = FOLDS) -> dict[str, int]:
    """Articles dealt to folds in sorted order: the same folds on every run."""
    return {aid: i % folds for i, aid in enumerate(sorted(set(article_ids)))}


def cross_validated_events(training: TrainingSet, extractor: Extractor,
                           regularisation: float) -> list[Event]:
    """Every candidate event of the training articles, each decided by a model that never
    saw its article, with its probability as confidence (threshold 0: filter afterwards)."""
    fold_of = article_folds(e.article_id for e in training.examples)
    events: list[Event] = []
    for fold in range(FOLDS):
        fitted = [e for e in training.examples if fold_of[e.article_id] != fold]
        fitted += training.extra
        held = [e for e in training.examples if fold_of[e.article_id] == fold]
        decision = DecisionModel(fit_types(fitted, regularisation), 0.0)
        events += decide_events(held, extractor, decision)
    return events


def decide_events(examples: Sequence[Example], extractor: Extractor,
                  decision: DecisionModel, threshold: float = 0.0) -> list[Event]:
    results: dict[str, Extraction] = {}
    for example in examples:
        result = results.setdefault(example.article_id, Extraction(example.parsed.article))
        carriers = extractor.decide(example.parsed, threshold, decision)
        add_events(example.parsed, result, carriers)
    return [event for result in results.values() for event in result.events]


def at_threshold(events: Iterable[Event], threshold: float) -> list[Event]:
    """The events an extractor with this threshold would emit, merged within articles."""
    by_article: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.confidence >= threshold:
            by_article[event.article_id].append(copy.deepcopy(event))
    kept = []
    for article_events in by_article.values():
        merge_repeated_mentions(article_events)
        kept += article_events
    return kept


def threshold_curve(events: Sequence[Event], records: Iterable[Mapping[str, Any]],
                    ) -> list[tuple[float, ArticleScore]]:
    gold = list(records)
    return [(t, score_events(gold, at_threshold(events, t))) for t in THRESHOLDS]


def best_threshold(curve: Sequence[tuple[float, ArticleScore]], beta: float) -> float:
    """The threshold with the best F-beta (beta < 1 weighs precision higher)."""
    def f_beta(score: ArticleScore) -> float:
        p, r = score.precision or 0.0, score.recall or 0.0
        return (1 + beta**2) * p * r / (beta**2 * p + r) if p and r else 0.0
    return max(curve, key=lambda item: f_beta(item[1]))[0]

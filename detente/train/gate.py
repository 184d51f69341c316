"""Fitting the sentence gate (`detente train --gate`): which sentences are worth parsing.

Labels come from the shipped decision layer itself: a sentence of a train-split article is
positive when the layer reports an event there. The threshold is the highest that keeps at
least ``KEEP`` of those events on article-grouped cross-validation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from detente.extract.decision import DecisionModel
from detente.extract.gate import gate_features
from detente.extract.pipeline import Extractor
from detente.train.data import sentence_labels, to_article
from detente.train.fit import FOLDS, article_folds, fit_linear

KEEP = 0.97
REGULARISATION = 0.5
GRID = tuple(round(0.01 * i, 2) for i in range(1, 60))


@dataclass
class GateRow:
    article_id: str
    features: set[str]
    emitted: int  # events the decision layer reports in the sentence
    annotated: int  # annotated events the sentence holds
    words: int
    trigger_word: bool  # what the old pre-filter would have parsed


def gate_rows(extractor: Extractor, records: Sequence[Mapping[str, Any]]) -> list[GateRow]:
    """Every body sentence of the records, parsed, with what the layer reports there."""
    by_id = {str(r["id"]): r for r in records}
    parsed_all = list(extractor.parse_sentences((to_article(r) for r in records),
                                                every_sentence=True))
    spans: dict[str, list[tuple[int, int]]] = {}
    for parsed in parsed_all:
        spans.setdefault(parsed.article.id, []).append((parsed.sentence.start,
                                                        parsed.sentence.end))
    labels = {aid: sentence_labels(s, by_id[aid]) for aid, s in spans.items()}
    rows, seen = [], {aid: 0 for aid in spans}
    for parsed in parsed_all:
        aid, context = parsed.article.id, parsed.context
        annotated = sum(labels[aid][seen[aid]].values())
        seen[aid] += 1
        rows.append(GateRow(aid, gate_features(parsed.sentence.text, context),
                            len(extractor.decide(parsed, extractor.threshold)), annotated,
                            len(parsed.sentence.text.split()),
                            context.has_trigger_word and not context.subheading))
    return rows


def fit_gate(rows: Sequence[GateRow]) -> DecisionModel:
    model = fit_linear([r.features for r in rows], {"event": [r.emitted > 0 for r in rows]},
                       REGULARISATION, balanced=True)
    return DecisionModel(model, 0.5)


def choose_threshold(rows: Sequence[GateRow]) -> float:
    """The highest threshold keeping ``KEEP`` of the layer's events, cross-validated."""
    fold_of = article_folds(r.article_id for r in rows)
    held: list[tuple[GateRow, float]] = []
    for fold in range(FOLDS):
        gate = fit_gate([r for r in rows if fold_of[r.article_id] != fold])
        held += [(r, gate.types.probabilities(r.features)["event"])
                 for r in rows if fold_of[r.article_id] == fold]
    total = sum(r.emitted for r, _ in held) or 1
    passing = [t for t in GRID if sum(r.emitted for r, p in held if p >= t) / total >= KEEP]
    return max(passing, default=GRID[0])


@dataclass
class GateReport:
    passed_share_emitted: float
    passed_share_annotated: float
    sentences: float
    words: float
    prefilter: tuple[float, float, float, float]

    def render(self, name: str) -> str:
        e, a, s, w = self.prefilter
        return (f"{name}: the gate keeps {self.passed_share_emitted:.3f} of the layer's events "
                f"and {self.passed_share_annotated:.3f} of the annotated ones, parsing "
                f"{self.sentences:.3f} of sentences and {self.words:.3f} of words "
                f"(trigger-word pre-filter: {e:.3f}, {a:.3f}, {s:.3f}, {w:.3f})")


def measure(gate: DecisionModel, rows: Sequence[GateRow]) -> GateReport:
    passed = np.array([gate.types.probabilities(r.features)["event"] >= gate.threshold
                       for r in rows])
    trigger = np.array([r.trigger_word for r in rows])

    def shares(keep: np.ndarray) -> tuple[float, float, float, float]:
        emitted = np.array([r.emitted for r in rows])
        annotated = np.array([r.annotated for r in rows])
        words = np.array([r.words for r in rows])
        return (emitted[keep].sum() / max(emitted.sum(), 1),
                annotated[keep].sum() / max(annotated.sum(), 1),
                float(keep.mean()), words[keep].sum() / max(words.sum(), 1))
    return GateReport(*shares(passed), prefilter=shares(trigger))


def train_gate(train_records: Sequence[Mapping[str, Any]], dev_records: Sequence[Mapping[str, Any]],
               output: Path, log: Callable[[str], None]) -> str:
    extractor = Extractor()
    log(f"parsing {len(train_records)} train-split articles; deciding with the shipped layer")
    rows = gate_rows(extractor, train_records)
    threshold = choose_threshold(rows)
    gate = fit_gate(rows)
    gate.threshold = threshold
    gate.info = {"labels": "sentences where the shipped decision layer reports an event",
                 "keep": KEEP, "regularisation": REGULARISATION,
                 "train_articles": len(train_records), "sentences": len(rows)}
    gate.save(output)
    log(f"saved {output} ({output.stat().st_size:,} bytes), threshold {threshold}")
    dev = measure(gate, gate_rows(extractor, dev_records))
    return "\n".join([measure(gate, rows).render("train split (fitted)"),
                      dev.render("dev split (never fitted on)")])

"""`detente eval --articles`: the extractor on whole annotated articles (the guide's records),
with the precision/recall curve of the decision layer's threshold."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from detente.eval.articles import ArticleScore, score_events
from detente.extract.pipeline import Extractor
from detente.train.data import split, to_article
from detente.train.fit import THRESHOLDS, at_threshold

CURVE_FLOOR = THRESHOLDS[0]


def select(records: Sequence[Mapping[str, Any]], part: str) -> list[Mapping[str, Any]]:
    """The records of one part of the fixed split: dev, train or all."""
    if part == "all":
        return list(records)
    train_part, dev_part = split(records)
    return dev_part if part == "dev" else train_part


def article_curve(records: Sequence[Mapping[str, Any]], extractor: Extractor | None = None,
                  ) -> tuple[float, list[tuple[float, ArticleScore]]]:
    """(the extractor's threshold, the score at each threshold of the curve). Extraction runs
    once at the curve's lowest threshold; each point keeps the events at or above its own."""
    default = extractor or Extractor()
    low = Extractor(default.nlp, decision=default.decision, min_confidence=CURVE_FLOOR)
    events = [e for x in low.extract_many(to_article(r) for r in records) for e in x.events]
    curve = [(t, score_events(records, at_threshold(events, t))) for t in THRESHOLDS]
    return default.threshold, curve


def render_curve(threshold: float, curve: list[tuple[float, ArticleScore]]) -> str:
    chosen = min(curve, key=lambda point: abs(point[0] - threshold))[0]
    lines = [f"{'threshold':>9} {'events':>7} {'precision':>9} {'recall':>7} {'f1':>6}"]
    for value, score in curve:
        mark = "  <- default" if value == chosen else ""
        lines.append(f"{value:9.2f} {score.predicted:7d} {score.precision or 0:9.3f} "
                     f"{score.recall or 0:7.3f} {score.f1:6.3f}{mark}")
    return "\n".join(lines)


def render_score(name: str, score: ArticleScore) -> str:
    data = score.to_dict()
    lines = [f"== {name} ({data['docs']} articles, {data['gold_events']} annotated events)",
             f"precision {data['precision']}  recall {data['recall']}  f1 {data['f1']}  "
             f"(predicted {data['predicted']})",
             f"modality of matched {data['modality_acc']}  killed/injured exact "
             f"{data['killed_injured_exact']}  location {data['location_acc']}  "
             f"source {data['source_acc']}",
             f"{'type':10s} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7}"]
    for kind, counts in data["per_type"].items():
        tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
        p = f"{tp / (tp + fp):.3f}" if tp + fp else "-"
        r = f"{tp / (tp + fn):.3f}" if tp + fn else "-"
        lines.append(f"{kind:10s} {tp:4d} {fp:4d} {fn:4d} {p:>9} {r:>7}")
    return "\n".join(lines)

"""Article-level scoring against whole annotated articles (``../shared/eval/annotation-guide.md``).

Each gold event is matched, one to one and in order, to an unused predicted event of the same
type whose evidence (or any of its ``mentions``) overlaps the gold evidence span. Unmatched
predictions are false positives. The readings the guide accepts both ways (section 6) count as
agreement. The figures equal those of ``../shared/eval/score_articles.py`` (a test checks it).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detente.eval.scoring import normalise_admin1
from detente.model import Event

_FORECAST_TYPES = frozenset({"ASSAULT", "MOBILIZE"})
_PROMISE_READINGS = frozenset({"asserted", "future"})
_CONDITION_READINGS = frozenset({"asserted", "conditional"})


@dataclass
class TypeCounts:
    tp: int = 0
    fp: int = 0
    fn: int = 0


@dataclass
class ArticleScore:
    """Counts behind every article-level figure."""

    documents: int = 0
    per_type: dict[str, TypeCounts] = field(default_factory=lambda: defaultdict(TypeCounts))
    modality: list[bool] = field(default_factory=list)
    numbers: list[bool] = field(default_factory=list)
    location: list[bool] = field(default_factory=list)
    source: list[bool] = field(default_factory=list)

    @property
    def tp(self) -> int:
        return sum(c.tp for c in self.per_type.values())

    @property
    def predicted(self) -> int:
        return sum(c.tp + c.fp for c in self.per_type.values())

    @property
    def gold(self) -> int:
        return sum(c.tp + c.fn for c in self.per_type.values())

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.predicted)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.gold)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return round(2 * p * r / (p + r), 3) if p and r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"docs": self.documents, "gold_events": self.gold, "predicted": self.predicted,
                "precision": self.precision, "recall": self.recall, "f1": self.f1,
                "modality_acc": _share(self.modality),
                "killed_injured_exact": _share(self.numbers),
                "location_acc": _share(self.location), "source_acc": _share(self.source),
                "per_type": {t: vars(c) for t, c in sorted(self.per_type.items())}}


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def _share(values: list[bool]) -> float | None:
    return _ratio(sum(values), len(values))


def load_gold(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def score_articles(gold: Iterable[Mapping[str, Any]],
                   predictions: Mapping[str, list[dict[str, Any]]]) -> ArticleScore:
    """Score predicted events (``Event.to_dict()`` shapes, by article id) against gold."""
    score = ArticleScore()
    for record in gold:
        score.documents += 1
        _score_article(score, record, list(predictions.get(str(record["id"]), [])))
    return score


def score_events(gold: Iterable[Mapping[str, Any]], events: Iterable[Event]) -> ArticleScore:
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        by_article[event.article_id].append(event.to_dict())
    return score_articles(gold, by_article)


def _score_article(score: ArticleScore, record: Mapping[str, Any],
                   predicted: list[dict[str, Any]]) -> None:
    text, used = record["text"], set()
    for gold in record.get("events") or []:
        start = text.find(gold["evidence"])
        end = start + len(gold["evidence"])
        match = next((i for i, p in enumerate(predicted) if i not in used
                      and _same_type(p, gold) and _overlaps(p, start, end)), None)
        if match is None:
            score.per_type[gold["type"]].fn += 1
            continue
        used.add(match)
        score.per_type[gold["type"]].tp += 1
        _compare_fields(score, predicted[match], gold)
    for i, p in enumerate(predicted):
        if i not in used:
            score.per_type[str(p.get("type"))].fp += 1


def _spans(event: Mapping[str, Any]) -> list[tuple[int, int]]:
    spans = []
    for evidence in [event.get("evidence") or {}, *(event.get("mentions") or [])]:
        if isinstance(evidence.get("start"), int) and isinstance(evidence.get("end"), int):
            spans.append((evidence["start"], evidence["end"]))
    return spans


def _overlaps(event: Mapping[str, Any], start: int, end: int) -> bool:
    return any(a < end and b > start for a, b in _spans(event))


def _same_type(event: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    kind = event.get("type")
    return kind == gold["type"] or (gold["modality"] == "future"
                                    and {kind, gold["type"]} <= _FORECAST_TYPES)


def same_modality(event: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    modality = event.get("modality")
    pair = {modality, gold["modality"]}
    return (modality == gold["modality"]
            or (gold["type"] == "AGREE" and pair <= _PROMISE_READINGS)
            or (gold["type"] in ("REQUEST", "THREATEN") and pair <= _CONDITION_READINGS))


def _compare_fields(score: ArticleScore, event: Mapping[str, Any],
                    gold: Mapping[str, Any]) -> None:
    score.modality.append(same_modality(event, gold))
    numbers = event.get("quantities") or {}
    if gold.get("killed") is not None or gold.get("injured") is not None:
        score.numbers.append(numbers.get("killed") == gold.get("killed")
                             and numbers.get("injured") == gold.get("injured"))
    if gold.get("location"):
        place, want = event.get("location") or {}, gold["location"]
        score.location.append(place.get("country") == want.get("country") and (
            not want.get("admin1")
            or _admin1_key(place.get("admin1")) == _admin1_key(want["admin1"])))
    wanted = {c for c in gold.get("source") or [] if c != "UNK"}
    if wanted:
        got = _codes(event.get("source") or [])
        score.source.append(bool(got & wanted) or (
            "IGO" in got and any(c.startswith("IGO") for c in wanted)))


def _admin1_key(name: str | None) -> str:
    return normalise_admin1(name)


def _codes(actors: list[dict[str, Any]]) -> set[str]:
    codes = set()
    for actor in actors:
        code = str((actor or {}).get("code") or "").upper()
        if code:
            codes.add(code)
            if code.startswith("IGO"):
                codes.add("IGO")
    return codes

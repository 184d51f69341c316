"""Commitments scored against annotated articles (``../shared/eval/annotation-guide.md``, §1).

A predicted commitment counts once in every article that reports it being made; it is right
when one of the events it was made from there (the promise and its restatements) overlaps an
annotated commitment's evidence, matched one to one in the gold's order, as the article scorer
matches events. On matched pairs: do the parties agree (the same set; at least one shared),
does *what* say the same (content-word F1 >= 0.5), and the quantity when the gold has one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from detente.link.mentions import Mention
from detente.link.similarity import keywords
from detente.link.status import TrackedCommitment

WHAT_MATCH_F1 = 0.5


@dataclass(frozen=True)
class PredictedCommitment:
    """One commitment as it appears in one article: the spans of the events that made it,
    and who is bound by it (the gold names the bound parties)."""

    article_id: str
    spans: tuple[tuple[int, int], ...]
    parties: tuple[str, ...]
    what: str
    quantity: int | None = None
    evidence: str = ""


@dataclass
class Pair:
    """A gold commitment and the prediction matched to it (None when missed)."""

    article_id: str
    gold: Mapping[str, Any]
    predicted: PredictedCommitment | None


@dataclass
class CommitmentScore:
    """Counts behind every commitment figure, and the pairs for reading."""

    documents: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    parties_same: list[bool] = field(default_factory=list)
    parties_shared: list[bool] = field(default_factory=list)
    what_f1: list[float] = field(default_factory=list)
    quantity: list[bool] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    false: list[PredictedCommitment] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return round(2 * p * r / (p + r), 3) if p and r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"docs": self.documents, "gold": self.tp + self.fn, "found": self.tp + self.fp,
                "right": self.tp, "precision": self.precision, "recall": self.recall,
                "f1": self.f1, "parties_same": _share(self.parties_same),
                "parties_shared": _share(self.parties_shared),
                "what_match": _share([f >= WHAT_MATCH_F1 for f in self.what_f1]),
                "what_f1_mean": _ratio(sum(self.what_f1), len(self.what_f1)),
                "quantity_exact": _share(self.quantity)}


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def _share(values: list[bool]) -> float | None:
    return _ratio(sum(values), len(values))


def predicted_by_article(commitments: Iterable[TrackedCommitment],
                         mentions: Mapping[str, Mention],
                         ) -> dict[str, list[PredictedCommitment]]:
    """Each commitment in each article that reports it made, with its events' spans."""
    found: dict[str, list[PredictedCommitment]] = defaultdict(list)
    for c in commitments:
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for item in c.evidence:
            m = mentions.get(item.event_id)
            if item.kind == "source" and m is not None:
                spans[m.article_id].append((m.evidence_start, m.evidence_start + len(m.evidence)))
        made = mentions.get(c.event_id)
        for article_id, article_spans in spans.items():
            found[article_id].append(PredictedCommitment(
                article_id, tuple(sorted(set(article_spans))), tuple(c.bound or c.parties), c.what,
                c.quantity, made.evidence if made else ""))
    for predictions in found.values():
        predictions.sort(key=lambda p: p.spans)
    return found


def score_commitments(gold: Iterable[Mapping[str, Any]],
                      predicted: Mapping[str, Sequence[PredictedCommitment]]) -> CommitmentScore:
    score = CommitmentScore()
    for record in gold:
        score.documents += 1
        _score_article(score, record, list(predicted.get(str(record["id"]), [])))
    return score


def _score_article(score: CommitmentScore, record: Mapping[str, Any],
                   predicted: list[PredictedCommitment]) -> None:
    text, used = record["text"], set()
    for gold in record.get("commitments") or []:
        start = text.find(gold["evidence"])
        end = start + len(gold["evidence"])
        match = next((i for i, p in enumerate(predicted) if i not in used
                      and any(a < end and b > start for a, b in p.spans)), None)
        if match is None:
            score.fn += 1
            score.pairs.append(Pair(str(record["id"]), gold, None))
            continue
        used.add(match)
        score.tp += 1
        score.pairs.append(Pair(str(record["id"]), gold, predicted[match]))
        _compare(score, predicted[match], gold)
    for i, p in enumerate(predicted):
        if i not in used:
            score.fp += 1
            score.false.append(p)


def _compare(score: CommitmentScore, p: PredictedCommitment, gold: Mapping[str, Any]) -> None:
    wanted = {c for c in gold.get("parties") or [] if c != "UNK"}
    got = set(p.parties)
    if wanted:
        score.parties_same.append(got == wanted)
        score.parties_shared.append(bool(got & wanted))
    score.what_f1.append(what_f1(p.what, str(gold.get("what") or "")))
    if gold.get("quantity") is not None:
        score.quantity.append(p.quantity == gold["quantity"])


def what_f1(predicted: str, gold: str) -> float:
    """F1 of the two clauses' content words (``similarity.keywords``: cut to five letters)."""
    a, b = keywords(predicted), keywords(gold)
    shared = len(a & b)
    if not shared:
        return 0.0
    precision, recall = shared / len(a), shared / len(b)
    return round(2 * precision * recall / (precision + recall), 3)


def render_pairs(score: CommitmentScore) -> list[str]:
    """Every gold commitment with what was found for it, then every false find."""
    lines = ["", "gold commitments (+ found, - missed):"]
    for pair in score.pairs:
        gold, p = pair.gold, pair.predicted
        parties = ",".join(gold.get("parties") or [])
        lines.append(f"{'+' if p else '-'} {pair.article_id} | {parties} | {gold.get('what')}")
        if p is not None:
            lines.append(f"    found: {','.join(p.parties)} | {p.what} | quantity {p.quantity}")
    lines += ["", "found but not annotated:"]
    lines += [f"  {p.article_id} | {','.join(p.parties)} | {p.what} | "
              f"{' '.join(p.evidence.split())[:160]}" for p in score.false]
    return lines

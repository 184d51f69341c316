"""The trained decision layer: the rules propose candidates, a linear model decides which event
types a sentence reports, and which candidate carries each.

The model file (``models/decision.npz``, built by ``detente train``) holds, per model, the
feature vocabulary, a weight matrix and biases. Inference is a sum of weights per label, so it
needs numpy only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from detente.errors import DetenteError
from detente.extract.draft import Draft

MODEL_FILE = "decision.npz"


@dataclass
class LinearModel:
    """One-vs-rest logistic regression over binary features: P(label) for every label."""

    labels: tuple[str, ...]
    vocabulary: dict[str, int]
    weights: np.ndarray  # (features, labels)
    bias: np.ndarray  # (labels,)

    def probabilities(self, features: set[str]) -> dict[str, float]:
        rows = [self.vocabulary[f] for f in features if f in self.vocabulary]
        scores = self.weights[rows].sum(axis=0) + self.bias if rows else self.bias.copy()
        values = 1.0 / (1.0 + np.exp(-scores.astype(np.float64)))
        return dict(zip(self.labels, (float(v) for v in values), strict=True))

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        names = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        return {f"{prefix}.labels": np.array(self.labels), f"{prefix}.features": np.array(names),
                f"{prefix}.weights": self.weights.astype(np.float32),
                f"{prefix}.bias": self.bias.astype(np.float32)}

    @classmethod
    def from_arrays(cls, data: Any, prefix: str) -> LinearModel:
        names = [str(n) for n in data[f"{prefix}.features"]]
        return cls(tuple(str(label) for label in data[f"{prefix}.labels"]),
                   {name: i for i, name in enumerate(names)},
                   np.asarray(data[f"{prefix}.weights"]), np.asarray(data[f"{prefix}.bias"]))


@dataclass
class DecisionModel:
    """The event-type model, its default threshold, and what training recorded about it."""

    types: LinearModel
    threshold: float
    info: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def default(cls, name: str = MODEL_FILE) -> DecisionModel | None:
        """The model shipped in the package, or None when none has been trained."""
        path = resources.files("detente.extract") / "models" / name
        if not path.is_file():
            return None
        with resources.as_file(path) as real:
            return cls.load(real)

    @classmethod
    def load(cls, path: Path) -> DecisionModel:
        try:
            with np.load(path, allow_pickle=False) as data:
                info = json.loads(str(data["info"]))
                return cls(LinearModel.from_arrays(data, "type"), float(info["threshold"]), info)
        except (OSError, ValueError, KeyError) as exc:
            raise DetenteError(f"{path}: not a Detente decision model ({exc})") from None

    def save(self, path: Path) -> None:
        info = {**self.info, "threshold": self.threshold}
        arrays = {"info": np.array(json.dumps(info, sort_keys=True)), **self.types.arrays("type")}
        np.savez_compressed(path, **arrays)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Carrier:
    """The candidate that carries one decided event, with the decided type and probability."""

    draft: Draft
    type: str
    confidence: float
    content: str | None = None  # what is agreed, demanded or promised (the "content" step)

    @property
    def mode(self) -> str | None:
        return self.draft.mode if self.draft.type == self.type else None


def choose_carriers(drafts: list[Draft], probabilities: dict[str, float],
                    threshold: float) -> list[Carrier]:
    """For every type the sentence reports with probability >= threshold, the candidate that
    carries it: a live candidate of that type, else a suppressed one, else the candidate
    nearest the root of the sentence (the rules heard an event, not its kind).
    One event per type and sentence: the gold annotates a repeated act once."""
    chosen: list[Carrier] = []
    taken: set[int] = set()
    for kind, probability in sorted(probabilities.items(), key=lambda kv: -kv[1]):
        if probability < threshold:
            break
        carrier = _carrier(drafts, kind, taken)
        if carrier is not None:
            taken.add(id(carrier))
            chosen.append(Carrier(carrier, kind, probability))
    return chosen


def _carrier(drafts: list[Draft], kind: str, taken: set[int]) -> Draft | None:
    free = [d for d in drafts if id(d) not in taken]
    same = [d for d in free if d.type == kind]
    for pool in ([d for d in same if not d.suppressed], same):
        if pool:
            return min(pool, key=_carrier_rank)
    return min(free, key=lambda d: (d.suppressed, _depth(d)), default=None)


def _carrier_rank(draft: Draft) -> tuple[int, int, int]:
    named = any(not a.implied for a in draft.source)
    return (0 if named else 1, 0 if draft.token.pos_ == "VERB" else 1, _depth(draft))


def _depth(draft: Draft) -> int:
    depth, token = 0, draft.token
    while token.head.i != token.i:
        token, depth = token.head, depth + 1
    return depth

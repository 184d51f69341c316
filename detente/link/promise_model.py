"""The trained commitment detector: a logistic regression over ``promise_features`` that says
how likely an extracted event is to make a commitment, and the threshold chosen for it.

The weights live in ``models/promises.npz`` (built by ``detente train --commitments``); when the
file is missing, ``promises.is_promise`` falls back to its hand-written rule.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.link.mentions import Mention
from detente.link.promise_features import promise_features

if TYPE_CHECKING:
    from detente.extract.decision import LinearModel

MODEL_FILE = "promises.npz"
LABEL = "commitment"


@dataclass
class PromiseModel:
    """P(an event makes a commitment), the threshold above which it does, and what training
    recorded about the model."""

    model: LinearModel
    threshold: float
    info: dict[str, Any] = field(default_factory=dict)

    def probability(self, m: Mention) -> float:
        return self.model.probabilities(promise_features(m))[LABEL]

    @classmethod
    def load(cls, path: Path) -> PromiseModel:
        from detente.extract.decision import LinearModel

        with np.load(path, allow_pickle=False) as data:
            info = json.loads(str(data["info"]))
            return cls(LinearModel.from_arrays(data, "promise"), float(info["threshold"]), info)

    def save(self, path: Path) -> None:
        info = {**self.info, "threshold": self.threshold}
        arrays = {"info": np.array(json.dumps(info, sort_keys=True)),
                  **self.model.arrays("promise")}
        np.savez_compressed(path, **arrays)  # type: ignore[arg-type]


@cache
def default_model() -> PromiseModel | None:
    """The detector shipped in the package, or None when none has been trained."""
    path = resources.files("detente.link") / "models" / MODEL_FILE
    if not path.is_file():
        return None
    with resources.as_file(path) as real:
        return PromiseModel.load(real)

"""The sentence gate: which sentences are worth parsing, decided before the parser runs.

A linear model over the sentence's raw words and word pairs (no parse: that is what it
saves), whether a trigger word occurs, and its place and length. It is trained to pass the
sentences where the decision layer would report an event (``detente train --gate``), with a
threshold that keeps at least 97% of those events on cross-validation, so it parses fewer
words than the trigger-word pre-filter while losing few of the events the layer keeps.
Without the decision layer (``--rules-only``) the trigger-word pre-filter decides, as before.
"""

from __future__ import annotations

import re

from detente.extract.decision import DecisionModel
from detente.extract.decision_features import SentenceContext

GATE_FILE = "gate.npz"
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|\d+")
_WORDS_PER_LENGTH_BUCKET = 8


def gate_features(text: str, context: SentenceContext) -> set[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    features = {f"w:{w}" for w in words}
    features.update(f"b:{a}_{b}" for a, b in zip(words, words[1:], strict=False))
    features.add("trigger-word" if context.has_trigger_word else "no-trigger-word")
    features.add(f"pos:{min(context.index, 5)}")
    features.add(f"len:{min(len(words) // _WORDS_PER_LENGTH_BUCKET, 6)}")
    if context.subheading:
        features.add("subheading")
    return features


class SentenceGate:
    """P(the decision layer reports an event here) from the raw sentence; passes it at or
    above the threshold."""

    def __init__(self, model: DecisionModel) -> None:
        self.model = model

    @classmethod
    def default(cls) -> SentenceGate | None:
        model = DecisionModel.default(GATE_FILE)
        return cls(model) if model is not None else None

    def probability(self, text: str, context: SentenceContext) -> float:
        return self.model.types.probabilities(gate_features(text, context))["event"]

    def passes(self, text: str, context: SentenceContext) -> bool:
        return self.probability(text, context) >= self.model.threshold

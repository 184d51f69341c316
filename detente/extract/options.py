"""How an Extractor decides, as plain data that crosses process boundaries (worker pools,
Spark executors) and that the CLI builds without importing spaCy."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractOptions:
    """``min_confidence`` overrides the trained decision layer's threshold; ``rules_only``
    skips the layer and keeps every candidate the rules propose (high recall, low precision);
    ``model`` is a model file of one's own (`detente train -o FILE`) instead of the shipped one."""

    min_confidence: float | None = None
    rules_only: bool = False
    model: str | None = None

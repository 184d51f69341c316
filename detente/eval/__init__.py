"""Evaluation of the extractor on labelled data."""

from detente.eval.scoring import Metric, Record, SetScore, evaluate, load_records

__all__ = ["Metric", "Record", "SetScore", "evaluate", "load_records"]

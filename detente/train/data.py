"""The annotated articles the decision layer learns from, split once by a fixed rule.

The articles live in ``../shared/eval/train/articles.jsonl`` (never copied into the project):
whole corpus articles annotated event by event after ``annotation-guide.md``. A stable hash of
each article id puts one article in five into the dev split, which training never reads.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from detente.model import Article

SHARED = Path(__file__).resolve().parents[3] / "shared"
TRAIN_FILE = SHARED / "eval" / "train" / "articles.jsonl"
# Sentence-level sets whose every record reports one event of a known type: wire sentences
# coded in PLOVER and casualty headlines. They teach the model what a plain report looks like;
# `detente train --no-sentence-sets` leaves them out (the cross-check that gains generalise).
SENTENCE_SETS = (SHARED / "eval" / "dev" / "plover_gsr.jsonl",
                 SHARED / "eval" / "dev" / "ucdp_headlines.jsonl")
# Press releases whose gold gives how many were killed and detained: the sentences where the
# rules see a killing or an arrest are labelled by whether the release reports one.
RELEASE_SET = SHARED / "eval" / "dev" / "isaf_press_releases.jsonl"
DEV_SHARE = 5  # one article in five


def is_dev(article_id: str) -> bool:
    """The fixed split: sha256 of the id, modulo five, zero is dev."""
    digest = hashlib.sha256(article_id.encode("utf-8")).hexdigest()
    return int(digest, 16) % DEV_SHARE == 0


def split(records: Iterable[Mapping[str, Any]]) -> tuple[list[Mapping[str, Any]],
                                                          list[Mapping[str, Any]]]:
    """(train, dev) records by ``is_dev``."""
    train: list[Mapping[str, Any]] = []
    dev: list[Mapping[str, Any]] = []
    for record in records:
        (dev if is_dev(str(record["id"])) else train).append(record)
    return train, dev


def sentence_records(paths: Iterable[Path] = SENTENCE_SETS) -> list[dict[str, Any]]:
    """Records of the sentence-level sets as {id, text, type}: each text reports one event."""
    records = []
    for path in paths:
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    records.append({"id": record["id"], "text": record["text"], "date": None,
                                    "type": record["gold"]["type"]})
    return records


def release_records(path: Path = RELEASE_SET) -> list[dict[str, Any]]:
    """Press releases as {id, text, killed, detained} (the gold's least numbers)."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as handle:
        return [{"id": r["id"], "text": r["text"], "date": None,
                 "killed": r["gold"].get("killed") or 0, "detained": r["gold"].get("detained") or 0}
                for r in map(json.loads, filter(str.strip, handle))]


def to_article(record: Mapping[str, Any]) -> Article:
    published = record.get("date")
    return Article(text=record["text"], id=str(record["id"]),
                   date=date.fromisoformat(published) if published else None)


def gold_spans(record: Mapping[str, Any]) -> list[tuple[int, int, str]]:
    """(start, end, type) of each annotated event, found as the scorer finds it."""
    spans = []
    for event in record.get("events") or []:
        start = record["text"].find(event["evidence"])
        if start >= 0:
            spans.append((start, start + len(event["evidence"]), event["type"]))
    return spans


def sentence_labels(sentences: list[tuple[int, int]], record: Mapping[str, Any],
                    ) -> list[Counter[str]]:
    """For each (start, end) sentence of an article, the types of the annotated events it
    holds; an event whose evidence crosses sentences belongs to the one it overlaps most."""
    labels: list[Counter[str]] = [Counter() for _ in sentences]
    for start, end, kind in gold_spans(record):
        overlaps = [(min(end, e) - max(start, s), i) for i, (s, e) in enumerate(sentences)
                    if s < end and e > start]
        if overlaps:
            labels[max(overlaps)[1]][kind] += 1
    return labels

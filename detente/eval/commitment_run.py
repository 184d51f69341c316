"""Commitments found in annotated articles by the real chain: extract into a temporary store,
link the stored events into stories as ``detente link`` does, and find commitments with one
or more judges (the trained detector, the hand-written rule) on the same stories."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.eval.commitment_score import CommitmentScore, predicted_by_article, score_commitments
from detente.link.commitments import find_commitments
from detente.link.mentions import Mention
from detente.link.promises import PromiseJudge
from detente.link.stories import LinkedStory, find_clusters
from detente.pipeline import ExtractsMany, ingest_articles
from detente.store import Store
from detente.store.mentions import load_mentions
from detente.train.data import to_article


@dataclass
class LinkedArticles:
    """The stored events of some articles as linking reads them, and their stories."""

    mentions: dict[str, Mention]
    stories: list[LinkedStory]


def link_articles(records: Iterable[Mapping[str, Any]], extractor: ExtractsMany,
                  ) -> LinkedArticles:
    """Extract the records' articles into a temporary store and link its events."""
    return linked(stored_mentions(records, extractor))


def stored_mentions(records: Iterable[Mapping[str, Any]], extractor: ExtractsMany,
                    ) -> list[Mention]:
    """The records' events as the link stage reads them from a (temporary) store."""
    with tempfile.TemporaryDirectory(prefix="detente-commitment-eval-") as work:
        path = Path(work) / "articles.db"
        ingest_articles((to_article(r) for r in records), path, extractor=extractor)
        with Store.open(path) as store:
            return load_mentions(store)


def linked(mentions: Sequence[Mention]) -> LinkedArticles:
    """Mentions clustered into stories as the link stage clusters them."""
    clusters, _ = find_clusters(mentions)
    stories = [LinkedStory(f"s{i:05d}", c.mentions, c.edges) for i, c in enumerate(clusters)]
    return LinkedArticles({m.event_id: m for m in mentions}, stories)


def score_judge(records: Sequence[Mapping[str, Any]], linked_articles: LinkedArticles,
                judge: PromiseJudge) -> CommitmentScore:
    """The commitments ``judge`` finds in the linked articles, scored against the records."""
    found = find_commitments(linked_articles.stories, judge)
    return score_commitments(records, predicted_by_article(found, linked_articles.mentions))

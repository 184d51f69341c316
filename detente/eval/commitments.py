"""Commitments followed through a folder of reports: ingest it into a temporary store with the
real extractor, link, and give every commitment's life (``detente eval --commitments DIR``).

There is no gold to score against here: the output is for reading, report by report, what the
link stage made of a corpus written to exercise it (tests/fixtures/commitments by default).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from detente.errors import InputError
from detente.extract.options import ExtractOptions
from detente.link import CommitmentView, get_commitment, link_store, list_commitments
from detente.link.commitment_cli import describe, timeline_lines
from detente.pipeline import ingest_paths
from detente.store import Store

OWN_FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "commitments"


@dataclass
class CorpusLives:
    """What following one folder's commitments found."""

    folder: Path
    articles: int
    events: int
    lives: list[CommitmentView]

    def to_dict(self) -> dict[str, object]:
        return {"folder": str(self.folder), "articles": self.articles, "events": self.events,
                "commitments": [view.to_dict() for view in self.lives]}


def commitment_lives(folder: Path, as_of: date | None = None,
                     options: ExtractOptions | None = None) -> CorpusLives:
    """Ingest ``folder`` into a temporary store, link it, and read every commitment's life."""
    if not folder.is_dir():
        raise InputError(str(folder), "not a directory of reports")
    with tempfile.TemporaryDirectory(prefix="detente-commitments-") as work:
        path = Path(work) / "commitments.db"
        report = ingest_paths([str(folder)], path, options=options)
        with Store.open(path) as store:
            link_store(store)
            lives = [view for c in list_commitments(store, as_of=as_of)
                     if (view := get_commitment(store, c.id, as_of)) is not None]
    return CorpusLives(folder, report.added, report.events, lives)


def render(found: CorpusLives) -> list[str]:
    """Each commitment's header and timeline, as `detente commitment` prints one."""
    lines = [f"== commitments in {found.folder} ({found.articles} articles, {found.events} "
             f"events): {len(found.lives)} commitments"]
    for view in found.lives:
        lines += ["", *describe(view.commitment), "  timeline:"]
        for entry in view.timeline:
            lines += timeline_lines(entry, view.commitment.unit)
    return lines

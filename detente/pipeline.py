"""The whole path as library calls: read inputs, extract, store.

The CLI and any future server are thin shells over these functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO, TextIO

from detente.errors import InputError
from detente.extract.pipeline import Extractor
from detente.ingest import iter_articles
from detente.model import Article, Extraction
from detente.store import Store


@dataclass
class IngestReport:
    """What one ingest run did."""

    added: int = 0
    skipped: int = 0  # already stored: re-ingesting changes nothing
    events: int = 0
    statistics: int = 0
    rejected: list[InputError] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.rejected else 0


def extract_paths(
    paths: Sequence[str], default_date: date | None = None, stdin: TextIO | BinaryIO | None = None,
    extractor: Extractor | None = None,
) -> Iterator[Extraction | InputError]:
    """Extract events from files (no database): one Extraction per article, or an error."""
    extractor = extractor or Extractor()
    articles = iter_articles(paths, default_date=default_date, stdin=stdin)
    yield from _extract_stream(articles, extractor)


def _extract_stream(items: Iterable[Article | InputError], extractor: Extractor,
                    ) -> Iterator[Extraction | InputError]:
    errors: list[InputError] = []

    def articles_only() -> Iterator[Article]:
        for item in items:
            if isinstance(item, InputError):
                errors.append(item)
            else:
                yield item

    for extraction in extractor.extract_many(articles_only()):
        while errors:
            yield errors.pop(0)
        if extraction.error:
            yield InputError(_name(extraction.article), extraction.error)
        else:
            yield extraction
    yield from errors


def _name(article: Article) -> str:
    return article.path or article.id


def ingest_paths(
    paths: Sequence[str], db: str | Path, default_date: date | None = None,
    stdin: TextIO | BinaryIO | None = None, progress: Callable[[int], None] | None = None,
    extractor: Extractor | None = None,
) -> IngestReport:
    """Read, extract and store every article under ``paths``; already stored articles are
    skipped before extraction, so re-ingesting is cheap and changes nothing."""
    report = IngestReport()
    with Store.open(db) as store:
        articles = _new_articles(iter_articles(paths, default_date=default_date, stdin=stdin),
                                 store, report)
        extractions = _extract_stream(articles, extractor or Extractor())
        for batch in _batches(extractions, report, progress):
            added, skipped = store.add_extractions(batch)
            report.added += added
            report.skipped += skipped
            report.events += sum(len(e.events) for e in batch)
            report.statistics += sum(len(e.statistics) for e in batch)
    return report


def _new_articles(items: Iterable[Article | InputError], store: Store, report: IngestReport,
                  ) -> Iterator[Article | InputError]:
    seen: set[str] = set()
    for item in items:
        if isinstance(item, Article) and (item.id in seen or store.has_article(item.id)):
            report.skipped += 1
            continue
        if isinstance(item, Article):
            seen.add(item.id)
        yield item


def _batches(items: Iterable[Extraction | InputError], report: IngestReport,
             progress: Callable[[int], None] | None, size: int = 50) -> Iterator[list[Extraction]]:
    batch: list[Extraction] = []
    for item in items:
        if isinstance(item, InputError):
            report.rejected.append(item)
            continue
        batch.append(item)
        if progress:
            progress(1)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch

"""The whole path as library calls: read inputs, extract, store.

The CLI and any future server are thin shells over these functions.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol, TextIO

from detente.errors import InputError
from detente.extract.options import ExtractOptions
from detente.ingest import iter_articles
from detente.model import Article, Extraction
from detente.store import Store

if TYPE_CHECKING:  # spaCy loads only when an article needs extracting
    from detente.extract.pipeline import Extractor

Extract = Callable[[Iterable[Article]], Iterator[Extraction]]
Item = Article | InputError


class ExtractsMany(Protocol):
    """Anything with Extractor's ``extract_many``: an Extractor, a ParallelExtractor."""

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction]: ...


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
    extractor: Extractor | None = None, options: ExtractOptions | None = None,
) -> Iterator[Extraction | InputError]:
    """Extract events from files (no database): one Extraction per article, or an error."""
    items = iter_articles(paths, default_date=default_date, stdin=stdin)
    leading, rest = until_first_article(items)
    if rest is None:
        yield from (item for item in leading if isinstance(item, InputError))
        return
    yield from _extract_stream(chain(leading, rest), extractor or _new_extractor(options))


def _new_extractor(options: ExtractOptions | None = None) -> Extractor:
    from detente.extract.pipeline import Extractor

    return Extractor.from_options(options)


def until_first_article(items: Iterable[Item]) -> tuple[list[Item], Iterator[Item] | None]:
    """The items up to and including the first Article, and the rest of the stream; the rest
    is None when no Article came, so no language model needs loading."""
    stream = iter(items)
    leading: list[Item] = []
    for item in stream:
        leading.append(item)
        if isinstance(item, Article):
            return leading, stream
    return leading, None


def _extract_stream(items: Iterable[Article | InputError], extractor: ExtractsMany | Extract,
                    ) -> Iterator[Extraction | InputError]:
    """Extractions and input errors, in input order (an error waits for the next result)."""
    extract_many: Extract = getattr(extractor, "extract_many", extractor)  # type: ignore[arg-type]
    errors: deque[InputError] = deque()

    def articles_only() -> Iterator[Article]:
        for item in items:
            if isinstance(item, InputError):
                errors.append(item)
            else:
                yield item

    for extraction in extract_many(articles_only()):
        while errors:
            yield errors.popleft()
        yield result_of(extraction)
    yield from errors


def result_of(extraction: Extraction) -> Extraction | InputError:
    """The extraction, or the InputError that rejects its article when extraction failed."""
    if extraction.error:
        return InputError(extraction.article.path or extraction.article.id, extraction.error)
    return extraction


def ingest_paths(
    paths: Sequence[str], db: str | Path, default_date: date | None = None,
    stdin: TextIO | BinaryIO | None = None, progress: Callable[[int], None] | None = None,
    extractor: ExtractsMany | None = None, workers: int = 1, options: ExtractOptions | None = None,
) -> IngestReport:
    """Read, extract and store every article under ``paths``; already stored articles are
    skipped before extraction, so re-ingesting is cheap and changes nothing.

    ``workers`` > 1 extracts in that many processes (the store is still written by this one
    process only); the result is the same as with one worker.
    """
    items = iter_articles(paths, default_date=default_date, stdin=stdin)
    return ingest_articles(items, db, progress=progress, extractor=extractor, workers=workers,
                           options=options)


def ingest_articles(
    items: Iterable[Article | InputError], db: str | Path,
    progress: Callable[[int], None] | None = None, extractor: ExtractsMany | None = None,
    workers: int = 1, options: ExtractOptions | None = None,
) -> IngestReport:
    """Extract and store a stream of articles (and input errors, which are reported); the
    stream is consumed lazily, so it may be longer than memory. A given ``extractor`` (one
    Extractor, or a ParallelExtractor the caller manages) is used as it is."""
    if workers < 1:
        raise ValueError("workers must be at least 1")
    report = IngestReport()
    with Store.open(db) as store:
        leading, rest = until_first_article(new_articles(items, store, report))
        if rest is None:  # nothing new: only errors, or articles already stored
            report.rejected.extend(item for item in leading if isinstance(item, InputError))
            return report
        with _extract_many(extractor, workers, options) as extract_many:
            articles = chain(leading, rest)
            store_stream(_extract_stream(articles, extract_many), store, report, progress)
    return report


def store_stream(items: Iterable[Extraction | InputError], store: Store, report: IngestReport,
                 progress: Callable[[int], None] | None = None) -> None:
    """Store extractions in batches (one transaction each) and count them in ``report``;
    an InputError is recorded as rejected."""
    for batch in _batches(items, report, progress):
        added, skipped = store.add_extractions(batch)
        report.added += added
        report.skipped += skipped
        report.events += sum(len(e.events) for e in batch)
        report.statistics += sum(len(e.statistics) for e in batch)


@contextmanager
def _extract_many(extractor: ExtractsMany | None, workers: int,
                  options: ExtractOptions | None = None) -> Iterator[Extract]:
    """The extraction function: the given extractor, this process's Extractor, or a pool of
    worker processes."""
    if extractor is not None:
        yield extractor.extract_many
        return
    if workers == 1:
        yield _new_extractor(options).extract_many
        return
    from detente.scale.parallel import ParallelExtractor

    with ParallelExtractor(workers, options) as pool:
        yield pool.extract_many


def new_articles(items: Iterable[Article | InputError], store: Store, report: IngestReport,
                 ) -> Iterator[Article | InputError]:
    """The items less articles already stored or seen earlier in the stream (counted as
    skipped in ``report``): they are never extracted."""
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

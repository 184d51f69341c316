"""Detente as a spaCy pipeline component: ``nlp.add_pipe("detente")``.

The factory is registered through the ``spacy_factories`` entry point, so any spaCy pipeline
in an environment where Detente is installed can add it by name. It sets ``doc._.events``
(the ``detente.model.Event`` objects ``detente extract`` prints), ``doc._.statistics``
(cumulative tolls) and a span group ``doc.spans["detente"]`` with each event's evidence,
labelled with its type. Extraction runs Detente's own Extractor on the document's text (it
parses with its own English pipeline); offsets refer to ``doc.text``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from detente.model import Article, Event, Extraction

SPAN_GROUP = "detente"
BATCH = 32


@Language.factory(
    "detente",
    default_config={"publication_date": None},
    assigns=["doc._.events", "doc._.statistics", "doc.spans"],
)
def make_detente(nlp: Language, name: str, publication_date: str | None) -> DetenteComponent:
    """``publication_date`` (YYYY-MM-DD) resolves relative dates ("on Friday"); without it,
    a date written at the start of the text (a dateline) is used, else they stay unresolved."""
    return DetenteComponent(date.fromisoformat(publication_date) if publication_date else None)


class DetenteComponent:
    """Extracts events from each Doc. The Extractor is built on the first document."""

    def __init__(self, publication_date: date | None = None) -> None:
        for attribute in ("events", "statistics"):
            if not Doc.has_extension(attribute):
                Doc.set_extension(attribute, default=None)
        self.publication_date = publication_date
        self._extractor: Any = None

    def __call__(self, doc: Doc) -> Doc:
        return self._annotate(doc, self.extractor.extract(self._article(doc)))

    def pipe(self, docs: Iterable[Doc], batch_size: int = BATCH) -> Iterator[Doc]:
        """Documents in batches through the Extractor's ``extract_many``."""
        stream = iter(docs)
        while batch := list(islice(stream, batch_size)):
            extractions = self.extractor.extract_many(self._article(doc) for doc in batch)
            for doc, extraction in zip(batch, extractions, strict=True):
                yield self._annotate(doc, extraction)

    @property
    def extractor(self) -> Any:
        if self._extractor is None:
            from detente.extract.pipeline import Extractor  # loads its spaCy pipeline

            self._extractor = Extractor()
        return self._extractor

    def _article(self, doc: Doc) -> Article:
        return Article(text=doc.text, date=self.publication_date)

    def _annotate(self, doc: Doc, extraction: Extraction) -> Doc:
        doc._.events = list(extraction.events)
        doc._.statistics = list(extraction.statistics)
        doc.spans[SPAN_GROUP] = [span for event in extraction.events
                                 if (span := _evidence_span(doc, event)) is not None]
        return doc


def _evidence_span(doc: Doc, event: Event) -> Any:
    evidence = event.evidence
    return doc.char_span(evidence.start, evidence.end, label=event.type,
                         alignment_mode="expand")

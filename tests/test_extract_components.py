"""Components tell the truth: each writes only what it declares (``assigns``), checked by
running every component of the default pipeline on hand-written sentences and comparing what
the sentence, its candidates, carriers and events, and the article's pronoun memory hold
before and after each one."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date
from typing import Any

import pytest
from spacy.tokens import Span, Token

from detente.errors import DetenteError
from detente.extract.base import ArticleContext, Component, Resources, SentenceUnit, build, register
from detente.extract.pipeline import DEFAULT_PIPELINE, Extractor
from detente.model import Article, Evidence

pytestmark = pytest.mark.slow

# Two short articles of our own, sentence by sentence: talks, a promise, a quoted command, a
# demand, a refusal, an attack with a toll, a place to inherit, pronouns, a prepared
# offensive, a truce not reached, a running total claimed by a ministry.
ARTICLES = [
    [
        "Ukrainian and Russian delegations met in Istanbul on Friday and agreed to exchange "
        "1,000 prisoners each.",
        "They promised to hold another round of talks within two weeks.",
        "'Release the sailors,' the mediator told the Russian side.",
        "Kyiv demanded that Moscow withdraw its troops, but Russia refused to comment.",
        "The talks ended without a ceasefire.",
    ],
    [
        "A Russian drone strike on Kharkiv killed three civilians and wounded 12 on Monday, "
        "the regional governor said.",
        "Rescuers pulled two more bodies from the rubble later that day.",
        "He said Russian troops were massing for a new offensive near Kupiansk.",
        "The war has killed more than 10,000 civilians since February 2022, the UN said.",
        "Police detained four suspects and seized weapons in a raid.",
    ],
]


def _mark(value: Any, depth: int = 0) -> Any:
    """A comparable fingerprint of a field's value (tokens by position, not identity)."""
    if isinstance(value, Token):
        return ("token", value.i)
    if isinstance(value, Span):
        return ("span", value.start, value.end)
    if isinstance(value, (list, tuple)):
        return tuple(_mark(v, depth) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _mark(v, depth)) for k, v in value.items()))
    if is_dataclass(value) and depth < 3:
        return tuple((f.name, _mark(getattr(value, f.name), depth + 1)) for f in fields(value))
    return repr(value)


def _snapshot(unit: SentenceUnit, article: ArticleContext) -> dict[str, Any]:
    snap: dict[str, Any] = {}
    for name in ("drafts", "counts", "carriers", "events", "statistics"):
        snap[name] = tuple(id(item) for item in getattr(unit, name))
    snap["claim"] = _mark(unit.claim)
    for kind, items in (("draft", unit.drafts), ("carrier", unit.carriers),
                        ("event", unit.events)):
        for item in items:
            for f in fields(item):
                snap[f"{kind}.{f.name}@{id(item)}"] = _mark(getattr(item, f.name), 1)
    memory = article.memory
    snap["article.memory"] = _mark((memory.last_person, memory.last_group) if memory else None)
    return snap


def _written(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    """What changed between two snapshots, by declared name ("draft.source", "drafts")."""
    return {key.split("@")[0] for key in before.keys() & after.keys()
            if before[key] != after[key]}


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _run_checked(extractor: Extractor, sentences: list[str]) -> dict[str, set[str]]:
    """Run the pipeline over one article; what each component wrote beyond its declaration."""
    article = ArticleContext(Article(text=" ".join(sentences), date=date(2025, 6, 2)),
                             extractor.resources.role_reader())
    undeclared: dict[str, set[str]] = {}
    start = 0
    for text in sentences:
        doc = extractor.nlp(text)
        unit = SentenceUnit(doc[:], article.article.date,
                            evidence=Evidence(text, start, start + len(text)))
        for component in extractor.components:
            before = _snapshot(unit, article)
            with extractor.language.active():
                component(unit, article)
            extra = _written(before, _snapshot(unit, article)) - set(component.assigns)
            if extra:
                undeclared.setdefault(component.name, set()).update(extra)
        article.events.extend(unit.events)
        article.statistics.extend(unit.statistics)
        start += len(text) + 1
    return undeclared


@pytest.mark.parametrize("sentences", ARTICLES, ids=["talks", "strike"])
def test_extract_components_write_only_what_they_declare(
        extractor: Extractor, sentences: list[str]) -> None:
    assert _run_checked(extractor, sentences) == {}


def test_extract_components_the_check_catches_an_undeclared_write(extractor: Extractor) -> None:
    @register("sneaky", requires=("drafts",), assigns=("draft.mode",))
    class Sneaky(Component):
        def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
            for draft in unit.drafts:
                draft.modality = "hypothetical"  # declared mode, writes modality

    sneaky = Extractor(extractor.nlp, pipeline=(*DEFAULT_PIPELINE[:1], "sneaky"))
    assert _run_checked(sneaky, ARTICLES[0][:1]) == {"sneaky": {"draft.modality"}}


def test_extract_components_every_default_one_is_registered_and_ordered() -> None:
    components = build(DEFAULT_PIPELINE, Resources.default())
    assert [c.name for c in components] == list(DEFAULT_PIPELINE)
    assert all(c.assigns for c in components)
    with pytest.raises(DetenteError, match="requires"):
        build(("decide", "triggers"), Resources.default())

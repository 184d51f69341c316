"""What every extraction component shares: the sentence it works on (``SentenceUnit``), the
article it is part of (``ArticleContext``: earlier events, pronoun memory), the resources
components are built from, and the registry that builds a pipeline from a list of names, as
spaCy's ``add_pipe`` does.

A component is registered by name with what it reads (``requires``) and what it writes
(``assigns``): ``"drafts"``, ``"counts"``, ``"carriers"``, ``"events"``, ``"claim"``,
``"statistics"`` on the sentence, ``"draft.<field>"``, ``"carrier.<field>"``,
``"event.<field>"`` on its items, ``"article.memory"`` for the pronoun memory. A test runs
every component on real sentences and fails when one writes something it did not declare.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from spacy.tokens import Span

from detente.errors import DetenteError
from detente.extract.actor_phrases import PronounMemory
from detente.extract.decision_features import SentenceContext
from detente.extract.draft import Draft
from detente.extract.language import Lexicons
from detente.extract.roles import RoleReader
from detente.model import Article, Claim, Event, Evidence, Statistic
from detente.resolve import ActorResolver, Gazetteer

if TYPE_CHECKING:
    from detente.extract.decision import Carrier, DecisionModel
    from detente.extract.quantities import CountMention


@dataclass
class SentenceUnit:
    """One parsed candidate sentence of an article and what the components add to it."""

    sentence: Span
    published: date | None
    context: SentenceContext = field(default_factory=SentenceContext)
    drafts: list[Draft] = field(default_factory=list)
    counts: list[CountMention] = field(default_factory=list)
    carriers: list[Carrier] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claim: Claim | None = None  # who the whole sentence quotes ("..., officials said")
    statistics: list[Statistic] = field(default_factory=list)
    evidence: Evidence | None = None  # the sentence as it stands in its article

    def __post_init__(self) -> None:
        if self.evidence is None:
            self.evidence = Evidence(self.sentence.text, 0, len(self.sentence.text))


@dataclass
class ArticleContext:
    """What the components know of the article beyond the sentence at hand: the events
    found so far, the actors pronouns may stand for, the types the previous sentence
    proposed. One per article; nothing of an article leaks into the next."""

    article: Article
    roles: RoleReader | None = None
    events: list[Event] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    previous_types: frozenset[str] = frozenset()

    @property
    def memory(self) -> PronounMemory | None:
        return self.roles.phrases.memory if self.roles is not None else None


@dataclass
class Resources:
    """What components are built from: one language, the resolvers and the decision model."""

    language: Lexicons
    actors: ActorResolver
    gazetteer: Gazetteer
    decision: DecisionModel | None = None
    threshold: float = 0.0

    @classmethod
    def default(cls, language: str = "en") -> Resources:
        """The shipped language's lexicons and resolvers, no decision model."""
        return cls(Lexicons.load(language), ActorResolver.default(), Gazetteer.default())

    def role_reader(self) -> RoleReader:
        """A role reader with a fresh pronoun memory (one per article)."""
        return RoleReader(self.actors, self.language.triggers.embedding.get("speech",
                                                                             frozenset()),
                          PronounMemory())


class Component:
    """One step of extraction; ``register`` gives it its name, requires and assigns."""

    name = "component"
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def __init__(self, resources: Resources) -> None:
        self.resources = resources

    def __call__(self, unit: SentenceUnit, article: ArticleContext) -> None:
        raise NotImplementedError


C = TypeVar("C", bound=type[Component])
_REGISTRY: dict[str, type[Component]] = {}


def register(name: str, requires: Sequence[str] = (), assigns: Sequence[str] = (),
             ) -> Callable[[C], C]:
    """Register a component class under ``name`` with what it reads and writes."""
    def add(cls: C) -> C:
        if name in _REGISTRY and _REGISTRY[name] is not cls:
            raise DetenteError(f"component {name!r} is registered twice")
        cls.name, cls.requires, cls.assigns = name, tuple(requires), tuple(assigns)
        _REGISTRY[name] = cls
        return cls
    return add


def registered() -> dict[str, type[Component]]:
    return dict(_REGISTRY)


PipeSpec = str | tuple[str, dict[str, Any]]


def build(pipeline: Sequence[PipeSpec], resources: Resources, given: Sequence[str] = (),
          ) -> list[Component]:
    """The components named in ``pipeline`` (a name, or a name and its settings), checked
    for order (``given``: what the sentence already holds when they start)."""
    components = []
    for spec in pipeline:
        name, config = (spec, {}) if isinstance(spec, str) else spec
        if name not in _REGISTRY:
            raise DetenteError(f"unknown component {name!r}; registered: "
                               f"{', '.join(sorted(_REGISTRY))}")
        components.append(_REGISTRY[name](resources, **config))
    check_order(components, given)
    return components


def check_order(components: Sequence[Component], given: Sequence[str] = ()) -> None:
    """Fail early when a component requires something no earlier component assigns."""
    available = {"sentence", "published", "context", *given}
    for component in components:
        missing = [r for r in component.requires if r not in available]
        if missing:
            raise DetenteError(f"component {component.name!r} requires {missing} "
                               "that no earlier component assigns")
        available.update(component.assigns)

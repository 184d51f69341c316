"""A language's knowledge as data: every word list and word-specific sense the extraction
components read, from one folder (``lexicons/en/``), loaded once into one typed object.

``Lexicons.load("en")`` reads ``lexicons/en/*.yaml``: ``triggers.yaml`` (the trigger
lexicon), ``senses.yaml`` (word-specific senses) and the word lists, each a field of
``Words``. The Extractor holds one Lexicons object, hands it to its components, and makes it the
active one while they run, so that helper functions read the words of the language being
extracted with ``vocab()`` (English outside an Extractor). A second language is a second
folder defining the same keys; nothing in the code names an English word list.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Any, get_args, get_origin, get_type_hints

import yaml

from detente.errors import DetenteError

if TYPE_CHECKING:
    from detente.extract.lexicon import TriggerLexicon

LEXICON_PACKAGE = "detente.extract"
SPECIAL_FILES = ("triggers.yaml", "senses.yaml")  # read by their own loaders


@dataclass(frozen=True)
class Words:
    """Every word list of a language, by name (the keys of its word files)."""

    # roles.yaml
    relative: frozenset[str]
    pronouns: frozenset[str]
    speaker_pronouns: frozenset[str]
    placing: frozenset[str]
    collectives: frozenset[str]
    sides: frozenset[str]
    source_preps: frozenset[str]
    target_preps: frozenset[str]
    resource_verbs: frozenset[str]
    taking_verbs: frozenset[str]
    undergoing_light_verbs: frozenset[str]
    undergoing_verbs: frozenset[str]
    stative_passives: frozenset[str]
    mediation: frozenset[str]
    reporting_verbs: frozenset[str]
    blaming: frozenset[str]
    object_control: frozenset[str]
    threat_submodes: dict[str, str]
    mediating: frozenset[str]
    stance_nouns: frozenset[str]
    grievance_preps: frozenset[str]
    announcing: frozenset[str]
    inner_preps: frozenset[str]
    # modality.yaml
    directive_speech: frozenset[str]
    not_orders: frozenset[str]
    promise_verbs: frozenset[str]
    future_aux: frozenset[str]
    hypothetical_aux: frozenset[str]
    hypothetical_modifiers: frozenset[str]
    future_modifiers: frozenset[str]
    condition_marks: frozenset[str]
    negating_dets: frozenset[str]
    anchor_preps: frozenset[str]
    preparation_verbs: frozenset[str]
    time_preps: frozenset[str]
    relation_verbs: frozenset[str]
    # dates.yaml
    not_date_preps: frozenset[str]
    not_event_dates: tuple[str, ...]
    day_words: frozenset[str]
    date_reporting_verbs: frozenset[str]
    # text.yaml
    saying: frozenset[str]
    abbreviations: frozenset[str]
    # places.yaml
    people_of: frozenset[str]
    victim_verbs: frozenset[str]
    attack_nouns: frozenset[str]
    setting_preps: frozenset[str]
    arms: frozenset[str]
    place_preps: frozenset[str]
    motion_preps: frozenset[str]
    town_parts: frozenset[str]
    settlement_nouns: frozenset[str]
    first_level_words: frozenset[str]
    name_run_links: frozenset[str]
    division_words: frozenset[str]
    # inflections.yaml
    irregular_forms: dict[str, tuple[str, ...]]
    # counts.yaml
    number_units: dict[str, int]
    number_scales: dict[str, int]
    qualifiers: tuple[str, ...]
    time_units: frozenset[str]
    killed_words: frozenset[str]
    injured_words: frozenset[str]
    person_nouns: frozenset[str]
    indefinite: frozenset[str]
    war_nouns: frozenset[str]
    cumulative_markers: tuple[str, ...]
    per_side_words: tuple[str, ...]
    corpses: frozenset[str]
    finding_verbs: frozenset[str]
    toll_verbs: frozenset[str]
    vague: frozenset[str]
    not_amounts: frozenset[str]
    vague_minimum: dict[str, int]
    victim_subject_verbs: frozenset[str]
    # events.yaml
    casualty_forms: frozenset[str]
    back_references: frozenset[str]
    statement_verbs: frozenset[str]
    content_preps: frozenset[str]
    event_containers: frozenset[str]
    document_modifiers: frozenset[str]
    anaphoric: frozenset[str]
    background_preps: frozenset[str]
    naming_verbs: frozenset[str]
    settled_verbs: frozenset[str]
    definite: frozenset[str]
    obligation_aux: frozenset[str]
    object_setting_preps: frozenset[str]

    @classmethod
    def from_data(cls, data: dict[str, Any], where: str) -> Words:
        hints = get_type_hints(cls)
        names = {f.name for f in fields(cls)}
        missing, unknown = sorted(names - set(data)), sorted(set(data) - names)
        if missing or unknown:
            raise DetenteError(f"{where}: word lists missing {missing}, unknown {unknown}")
        return cls(**{name: _typed(data[name], hints[name], f"{where}: {name}")
                      for name in names})


def _typed(value: Any, hint: Any, where: str) -> Any:
    origin = get_origin(hint)
    if origin is frozenset or origin is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DetenteError(f"{where}: expected a list of words (quote the ones YAML "
                               "reads as booleans or numbers: on, off, yes, no, 2014)")
        return origin(value)
    if origin is dict:
        if not isinstance(value, dict):
            raise DetenteError(f"{where}: expected a mapping")
        inner = get_args(hint)[1]
        return {str(k): _typed(v, inner, where) if get_origin(inner) else v
                for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Lexicons:
    """One language's lexicons: its trigger lexicon, senses and word lists."""

    code: str
    words: Words

    @classmethod
    @cache
    def load(cls, code: str = "en") -> Lexicons:
        folder = resources.files(LEXICON_PACKAGE).joinpath(f"lexicons/{code}")
        if not folder.is_dir():
            raise DetenteError(f"no lexicons for language {code!r} (detente/extract/lexicons/)")
        return cls(code, word_lists(folder, f"lexicons/{code}"))

    @property
    def triggers(self) -> TriggerLexicon:
        """This language's trigger lexicon and word-specific senses."""
        from detente.extract.lexicon import TriggerLexicon

        return TriggerLexicon.for_language(self.code)

    def read(self, name: str) -> str:
        """The text of one of this language's lexicon files."""
        return resources.files(LEXICON_PACKAGE).joinpath(
            f"lexicons/{self.code}/{name}").read_text(
            encoding="utf-8")

    @contextmanager
    def active(self) -> Iterator[Lexicons]:
        """Make this the language ``vocab()`` answers for, within the block."""
        token = _ACTIVE.set(self)
        try:
            yield self
        finally:
            _ACTIVE.reset(token)


def word_lists(folder: Traversable, where: str) -> Words:
    """The word lists of a language folder: every ``*.yaml`` but the trigger lexicon and
    the senses, each key once, together exactly the fields of ``Words``."""
    data: dict[str, Any] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml") or entry.name in SPECIAL_FILES:
            continue
        loaded = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
        twice = sorted(set(data) & set(loaded))
        if twice:
            raise DetenteError(f"{where}/{entry.name}: {twice} defined twice")
        data.update(loaded)
    return Words.from_data(data, where)


_ACTIVE: ContextVar[Lexicons | None] = ContextVar("detente_language", default=None)


def active_language() -> Lexicons:
    """The language being extracted: the Extractor's, else English."""
    return _ACTIVE.get() or Lexicons.load()


def vocab() -> Words:
    """The word lists of the language being extracted."""
    return active_language().words

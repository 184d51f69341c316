"""Actor resolution: turn a mention ("Ukrainian President Volodymyr Zelenskyy",
"the Kremlin", "Senior Hungarian and Romanian officials") into coded actors.

The dictionary is data: ``data/actors.yaml`` (people, organisations, armed groups,
role words) and ``data/countries.csv`` (country names, demonyms, capitals). Both are
compiled once into a dict keyed by token tuples, so a lookup is a handful of dict
probes per token: no regular expression per entry.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from detente.model import Actor
from detente.resolve import prebuilt

# All-caps acronyms whose lowercase form is an everyday English word: they only
# match when written in capitals ("US" but not "us", "WHO" but not "who").
CASED_ACRONYMS = frozenset({"us", "who", "is", "it", "am", "an", "as", "or", "no", "so", "aid"})
# Prepositions that end the actor part of a mention once an actor has been seen:
# "Russian forces in Ukraine" is Russian forces, not Ukraine.
CUT_WORDS = frozenset({
    "in", "at", "near", "from", "on", "into", "across", "against", "with", "by", "to",
    "for", "over", "after", "during", "inside", "around", "outside", "toward", "towards",
})
NEGATING_PREFIXES = frozenset({"pro", "anti"})
SKIP_WORDS = frozenset({"the"})
DATA_DIR = Path(__file__).resolve().parent / "data"
_EXTRA_FOLD = str.maketrans({
    "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D",
    "æ": "ae", "œ": "oe", "’": "'", "ʼ": "'", "‘": "'", "`": "'", "´": "'", "ʻ": "'",
})
_POSSESSIVE = re.compile(r"(?<=\w)'s\b|(?<=s)'(?=\s|$)", re.IGNORECASE)
_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_WORD = re.compile(r"[A-Za-z0-9]+\+?")


def fold(text: str) -> str:
    """Strip accents and unify apostrophes ("Erdoğan’s" -> "Erdogan's")."""
    if text.isascii():
        return text
    text = text.translate(_EXTRA_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> tuple[str, ...]:
    """Normalised word tokens: folded, possessives and "the" dropped, acronyms joined."""
    text = _POSSESSIVE.sub("", fold(text)).replace("'", "")
    text = _ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)
    out = []
    for word in _WORD.findall(text):
        low = word.lower()
        if low in SKIP_WORDS:
            continue
        out.append(word if word.isupper() and low in CASED_ACRONYMS else low)
    return tuple(out)


@dataclass(frozen=True)
class Entry:
    """One dictionary entry. ``fixed`` entries keep their sector whatever the role words say."""

    kind: str  # country | capital | person | org | group | metonym | role
    name: str | None
    code: str | None
    sector: str | None
    fixed: bool = False
    strong: bool = False


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    entry: Entry


def _data_text(name: str) -> str:
    return (DATA_DIR / name).read_text(encoding="utf-8")


def load_countries() -> list[dict[str, str]]:
    """Rows of ``data/countries.csv`` (comment lines skipped)."""
    lines = [ln for ln in _data_text("countries.csv").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines))


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Canonical English name of each country code ("DZA" -> "Algeria")."""
    return {row["code"]: row["name"] for row in load_countries()}


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


# Demonyms whose plural is an everyday word ("telegraph poles").
_EVERYDAY_PLURALS = frozenset({"pole"})


def demonym_plural(demonym: str) -> str | None:
    """"Algerian" -> "Algerians", "Frenchman" -> "Frenchmen"; None where English uses the
    adjective for the people ("the French", "the Burmese", "the Swiss")."""
    low = demonym.lower()
    if (" " in demonym or not demonym[:1].isupper() or low in _EVERYDAY_PLURALS
            or low.endswith(("s", "sh", "tch", "nch", "ese", "x", "z"))):
        return None
    if low.endswith("man"):
        return demonym[:-3] + "men"
    return demonym + "s"


def _country_entries() -> Iterator[tuple[str, Entry]]:
    for row in load_countries():
        code, name = row["code"], row["name"]
        country = Entry("country", name, code, None)
        demonyms = _split(row["demonyms"])
        plurals = [p for p in map(demonym_plural, demonyms) if p]
        for alias in [name, *_split(row["aliases"]), *demonyms, *plurals]:
            yield alias, country
        for capital in _split(row["capitals"]):
            yield capital, Entry("capital", name, code, "GOV")


def _yaml_entries(data: dict[str, Any]) -> Iterator[tuple[str, Entry]]:
    for strength, table in data["roles"].items():
        for sector, words in table.items():
            for word in words:
                yield word, Entry("role", None, None, sector, strong=strength == "strong")
    for item in data["entities"]:
        kind = item.get("kind", "org")
        entry = Entry(kind, item["name"], item.get("code"), item.get("sector"), kind != "org")
        for alias in [item["name"], *item.get("aliases", [])]:
            yield alias, entry


def _pick_sector(roles: list[Entry]) -> str | None:
    strong = [r.sector for r in roles if r.strong]
    if strong:
        return strong[-1]
    return roles[-1].sector if roles else None


_RANK = {"country": 0, "capital": 0, "org": 1, "metonym": 1, "group": 2, "person": 3}


def _absorbed(entry: Entry, later: list[Entry]) -> bool:
    """A modifier absorbed by a more specific actor after it with the same code:
    "Ukrainian President Zelenskyy", "Kremlin spokesman Peskov"."""
    if entry.code is None:
        return False
    rank = _RANK.get(entry.kind, 0)
    return any(e.code == entry.code and _RANK.get(e.kind, 0) > rank for e in later)


class ActorResolver:
    """Dictionary-based actor coder. Build once with :meth:`default`."""

    def __init__(self, entries: list[tuple[str, Entry]]) -> None:
        self._table: dict[tuple[str, ...], Entry] = {}
        self._countries: dict[tuple[str, ...], str] = {}
        for alias, entry in entries:
            if entry.kind in ("country", "capital") and entry.code:
                self._countries.setdefault(tokens(alias), entry.code)
            key = tokens(alias)
            # Later sources (actors.yaml) override earlier ones (countries.csv);
            # within a source the first spelling wins.
            if key and (key not in self._table or self._table[key].kind in ("country", "capital")
                        and entry.kind not in ("country", "capital")):
                self._table[key] = entry
        self._longest = max(len(key) for key in self._table)

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> ActorResolver:
        """The resolver over the shipped dictionary: loaded once per process from its
        prebuilt file, which is rebuilt when the dictionary changed (see ``prebuilt``)."""
        resolver: ActorResolver = prebuilt.load(INDEX)
        return resolver

    @classmethod
    def from_sources(cls) -> ActorResolver:
        """The resolver built from ``data/actors.yaml`` and ``data/countries.csv``."""
        # The libyaml-backed safe loader when available: same result, ~5x faster on the
        # ~2,000-entry dictionary.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(_data_text("actors.yaml"), Loader=loader)
        return cls([*_country_entries(), *_yaml_entries(data)])

    def _matches(self, toks: tuple[str, ...]) -> list[_Match]:
        found: list[_Match] = []
        i = 0
        while i < len(toks):
            for size in range(min(self._longest, len(toks) - i), 0, -1):
                entry = self._table.get(toks[i:i + size])
                if entry is not None:
                    found.append(_Match(i, i + size, entry))
                    i += size
                    break
            else:
                i += 1
        return found

    def _actor_part(self, toks: tuple[str, ...]) -> list[_Match]:
        """Matches up to the first cut preposition that follows a named actor."""
        kept: list[_Match] = []
        for match in self._matches(toks):
            named = any(m.entry.kind != "role" for m in kept)
            if named and any(t in CUT_WORDS for t in toks[kept[-1].end:match.start]):
                break
            if match.start > 0 and toks[match.start - 1] in NEGATING_PREFIXES:
                continue
            kept.append(match)
        return kept

    def resolve_all(self, text: str) -> list[Actor]:
        """Every distinct actor in a mention ("Hungarian and Romanian officials" -> HUN, ROU)."""
        matches = self._actor_part(tokens(text))
        roles = [m.entry for m in matches if m.entry.kind == "role"]
        named = [m.entry for m in matches if m.entry.kind != "role"]
        sector = _pick_sector(roles)
        if not named:
            return [Actor(text=text, sector=sector)] if roles else []
        actors: list[Actor] = []
        seen: set[tuple[str | None, str | None, str | None]] = set()
        for i, entry in enumerate(named):
            if _absorbed(entry, named[i + 1:]):
                continue
            own = entry.sector if entry.fixed else (sector or entry.sector)
            key = (entry.code, own, entry.name if entry.code is None else None)
            if key not in seen:
                seen.add(key)
                actors.append(Actor(text=text, name=entry.name, code=entry.code, sector=own))
        return actors

    def resolve(self, text: str) -> Actor | None:
        """The first actor in a mention, or None when nothing in it is known."""
        found = self.resolve_all(text)
        return found[0] if found else None

    def states_named(self, text: str) -> set[str]:
        """Every state a text names, by country, demonym, capital or a coded entity."""
        return {m.entry.code for m in self._matches(tokens(text))
                if m.entry.code and ":" not in m.entry.code}

    def country_of(self, word: str) -> str | None:
        """Alpha-3 code of a country name, demonym or capital ("Kyiv" -> "UKR")."""
        return self._countries.get(tokens(word))

    def is_actor_head(self, word: str) -> bool:
        """True for role nouns that can head an actor mention (officials, troops, police...)."""
        entry = self._table.get(tokens(word))
        return entry is not None and entry.kind == "role"


def _sources() -> list[Path]:
    """Every file the resolver is built from, the code that builds it included."""
    return [Path(__file__), Path(prebuilt.__file__), DATA_DIR / "actors.yaml",
            DATA_DIR / "countries.csv"]


INDEX = prebuilt.IndexSpec("actors", _sources, ActorResolver.from_sources,
                           (ActorResolver, Entry))

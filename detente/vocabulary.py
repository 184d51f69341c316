"""The codes actors resolve to, read straight from the resolver's data files (without loading
the resolver): for checking an --actor or actor= code before querying, and for telling a
country's row from a person's on the actors page."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "resolve" / "data"
_YAML_CODE = re.compile(r"\bcode:\s*\"?([A-Z]{3}(?::[A-Z0-9]+)?)")
GROUPS: tuple[str, ...] = ("IGO", "NGO")
_YAML_PERSON = re.compile(r"\{name:\s*([^,}]+),[^}]*\bkind:\s*person\b")


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO 3166 alpha-3 code -> the English short name the resolver gives the country."""
    with (DATA / "countries.csv").open(encoding="utf-8") as handle:
        rows = csv.reader(line for line in handle if not line.startswith("#"))
        next(rows, None)
        return {row[0]: row[1] for row in rows if len(row) >= 2 and row[0]}


@lru_cache(maxsize=1)
def actor_codes() -> frozenset[str]:
    """Every code an actor can resolve to: the countries' and those in actors.yaml."""
    text = (DATA / "actors.yaml").read_text(encoding="utf-8")
    return frozenset(country_names()) | frozenset(_YAML_CODE.findall(text))


@lru_cache(maxsize=1)
def person_names() -> frozenset[str]:
    """Names of the people in actors.yaml (leaders and officials mapped to their state)."""
    text = (DATA / "actors.yaml").read_text(encoding="utf-8")
    return frozenset(name.strip() for name in _YAML_PERSON.findall(text))


def check_actor_code(code: str) -> None:
    """Raise ValueError naming the valid codes unless ``code`` (or "IGO") is known."""
    codes = actor_codes()
    if code in codes or code in GROUPS:
        return
    igos = sorted(c for c in codes if ":" in c)
    raise ValueError(f"unknown actor code {code!r}; codes are ISO 3166 alpha-3 country codes "
                     f"(UKR, RUS, ... {len(country_names())} in all) or one of "
                     f"{', '.join(igos)}, or IGO or NGO for all of a kind; any other value is read "
                     "as a name")

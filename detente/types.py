"""The PLOVER type profile: how each event type behaves, read from ``types.yaml``.

Every stage asks the profile what a type does (``profile(kind).located``) or which types do
something (``types_where("promise")``); no module keeps a list of type names of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class TypeProfile:
    """One row of the type table (``types.yaml`` documents every field)."""

    name: str
    quad_class: int
    goldstein: float
    goldstein_by_mode: dict[str, float] = field(default_factory=dict)
    acled: dict[str, tuple[str, str]] = field(default_factory=dict)
    fold: dict[str, str] = field(default_factory=dict)
    located: bool = False
    act: bool = False
    content: bool = False
    content_target: bool = False
    witnessed: bool = False
    counts_persons: bool = False
    attack: bool = False
    persons_modes: frozenset[str] = frozenset()
    seize_modes: frozenset[str] = frozenset()
    future_noun: bool = False
    grievance_target: bool = False
    symmetric_modes: frozenset[str] = frozenset()
    mode_from_content: bool = False
    abroad_mode: str | None = None
    implied_recipient: bool = True
    outward: bool = False
    on_the_ground: bool = False
    mode_is_means: bool = False
    threat_mode: str | None = None
    promise: bool = False
    future_promise: bool = False
    link_scene: bool = False
    link_strict_mode: bool = False
    link_two_sided: bool = False
    wording: str | None = None
    link_channel: bool = False
    handover_kind: bool = False
    process: str | None = None
    carries_out: frozenset[str] = frozenset()
    commitment_kind: str | None = None

    def acled_types(self, mode: str | None) -> tuple[str, str] | None:
        """ACLED's (event type, sub-event type) for this type in ``mode``, if mapped."""
        return self.acled.get(mode or "") or self.acled.get("")

    def goldstein_of(self, mode: str | None) -> float:
        return self.goldstein_by_mode.get(mode or "", self.goldstein)


def _profile(name: str, row: dict[str, Any]) -> TypeProfile:
    known = {f.name for f in fields(TypeProfile)}
    unknown = set(row) - known
    if unknown:
        raise ValueError(f"types.yaml: {name}: unknown fields {sorted(unknown)}")
    values = dict(row)
    if "acled" in values:
        values["acled"] = {str(k): (v[0], v[1]) for k, v in values["acled"].items()}
    for name_ in ("persons_modes", "seize_modes", "symmetric_modes", "carries_out"):
        values[name_] = frozenset(values.get(name_) or ())
    return TypeProfile(name=name, **values)


@cache
def _table() -> dict[str, TypeProfile]:
    text = resources.files("detente").joinpath("types.yaml").read_text(encoding="utf-8")
    rows = yaml.safe_load(text)
    table = {name: _profile(name, row or {}) for name, row in sorted(rows.items())}
    for row in table.values():
        folded = set(row.fold.values()) - set(table)
        if folded:
            raise ValueError(f"types.yaml: {row.name} folds to unknown types {sorted(folded)}")
    return table


PLOVER_TYPES: tuple[str, ...] = tuple(_table())


def profile(kind: str) -> TypeProfile:
    """The profile of a PLOVER type; KeyError for an unknown one."""
    return _table()[kind]


@cache
def types_where(flag: str, value: object = None) -> frozenset[str]:
    """The types whose profile has ``flag`` (a field of TypeProfile) set, or equal to
    ``value``, or holding it (a set field)."""
    def holds(row: TypeProfile) -> bool:
        field_value = getattr(row, flag)
        if value is None:
            return bool(field_value)
        if isinstance(field_value, frozenset):
            return value in field_value
        return bool(field_value == value)
    return frozenset(name for name, row in _table().items() if holds(row))


def plover_fold(kind: str, modality: str) -> str:
    """The type a PLOVER coder would give: PLOVER folds intent into the type (an offer to
    help is AGREE, a conditional or future use of force is THREATEN, a failed agreement is
    REJECT), where Detente keeps type and modality apart."""
    row = _table().get(kind)
    return row.fold.get(modality, kind) if row is not None else kind

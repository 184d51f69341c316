"""Completing an event's actors once its place is known, as PLOVER coders do: an actor named
only by its role belongs to the state of the others, and an event that names no recipient is
directed at the state where it happens. Such a recipient is marked ``implied``."""

from __future__ import annotations

from detente.extract.draft import Draft
from detente.model import Actor
from detente.resolve.actors import country_names
from detente.types import types_where


def implied_recipient(draft: Draft, named: frozenset[str]) -> list[Actor]:
    """The recipient of an event that names none, as PLOVER coders read domestic news: the
    state where it happens ("a rally in Lagos" is directed at Nigeria), else the actor's own
    state ("Algeria's president threatened a curfew"), never for an attack. A joint act of
    several actors, a retreat, and any event in a sentence that names a foreign state (the
    recipient is there but was not parsed) get none. ``named``: the states the sentence
    names."""
    if draft.target or draft.type not in types_where("implied_recipient") or len(draft.source) > 1:
        return []
    place = draft.location
    own = {a.code for a in draft.source if a.code and ":" not in a.code}
    state = place.country if place is not None and place.country else None
    if state is not None and own - {state} and draft.type not in types_where("on_the_ground"):
        return []  # where a foreign actor's words were said ("US arms, ... said in Berlin")
    if state is None and len(own) == 1 and draft.type not in types_where("outward"):
        state = next(iter(own))
    # a sentence that names a foreign state is not domestic news: its recipient is there,
    # unparsed ("Spain criticised the US decision"), and the actor's own state would be wrong
    if state is None or named - own - {state}:
        return []
    name = country_names().get(state, state)
    return [Actor(text=name, name=name, code=state, implied=True)]


def domestic_roles(draft: Draft, named: frozenset[str]) -> None:
    """"Cairo's security chief warned the police", "the Mozambique government accepted
    demands from rebels": an actor named only by its role, in an event whose other
    actors all belong to one state, belongs to that state; with no coded actor at all, to
    the one state the sentence names (``named``). Attacks are left alone: their sides often
    differ."""
    actors = draft.source + draft.target
    states = {a.code for a in actors if a.code and ":" not in a.code} or named
    if len(states) != 1 or draft.type in types_where("outward"):
        return
    state = next(iter(states))
    draft.source = [_in_state(a, state) for a in draft.source]
    draft.target = [_in_state(a, state) for a in draft.target]


def _in_state(actor: Actor, state: str) -> Actor:
    if actor.code or not actor.sector:
        return actor
    return Actor(text=actor.text, name=actor.name, code=state, sector=actor.sector)

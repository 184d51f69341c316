"""Completing an event's actors once its place is known, as PLOVER coders do: an actor named
only by its role belongs to the state of the others, and an event that names no recipient is
directed at the state where it happens. Such a recipient is marked ``implied``."""

from __future__ import annotations

from detente.extract.draft import Draft
from detente.model import Actor
from detente.resolve import ActorResolver
from detente.resolve.actors import country_names

# Events that PLOVER codes without a recipient when none is named: resignations,
# surrenders and withdrawals are not directed at anyone.
_NO_IMPLIED_RECIPIENT = frozenset({"RETREAT"})
_OUTWARD_TYPES = frozenset({"ASSAULT"})


def implied_recipient(draft: Draft) -> list[Actor]:
    """The recipient of an event that names none, as PLOVER coders read it: the state where
    it happens ("a rally in Lagos" is directed at Nigeria), else the actor's own state
    ("Algeria's president threatened a curfew"), never for an attack. A joint act of
    several actors and a retreat get none."""
    if draft.target or draft.type in _NO_IMPLIED_RECIPIENT or len(draft.source) > 1:
        return []
    place = draft.location
    if place is not None and place.country:
        name = country_names().get(place.country, place.country)
        return [Actor(text=name, name=name, code=place.country, implied=True)]
    own = {a.code for a in draft.source if a.code and ":" not in a.code}
    if len(own) == 1 and draft.type not in _OUTWARD_TYPES:
        state = own.pop()
        name = country_names().get(state, state)
        return [Actor(text=name, name=name, code=state, implied=True)]
    return []


def domestic_roles(draft: Draft, resolver: ActorResolver) -> None:
    """"Cairo's security chief warned the police", "the Mozambique government accepted
    demands from rebels": an actor named only by its role, in an event whose other
    actors all belong to one state, belongs to that state; with no coded actor at all, to
    the one state the sentence names. Attacks are left alone: their sides often differ."""
    actors = draft.source + draft.target
    states = {a.code for a in actors if a.code and ":" not in a.code}
    if not states:
        states = resolver.states_named(draft.sentence.text)
    if len(states) != 1 or draft.type in _OUTWARD_TYPES:
        return
    state = states.pop()
    draft.source = [_in_state(a, state) for a in draft.source]
    draft.target = [_in_state(a, state) for a in draft.target]


def _in_state(actor: Actor, state: str) -> Actor:
    if actor.code or not actor.sector:
        return actor
    return Actor(text=actor.text, name=actor.name, code=state, sector=actor.sector)

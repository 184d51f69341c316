"""What the place lookups of one sentence share: the one country it names (or, when it names
only the sides of a war, the country the war is fought in) and the divisions it is about,
read from its actors and from the regions and towns it names."""

from __future__ import annotations

from spacy.tokens import Span, Token

from detente.extract.language import vocab
from detente.extract.phrases import noun_phrase
from detente.extract.place_names import bare_name
from detente.model import Place
from detente.resolve import ActorResolver, Gazetteer
from detente.resolve.places import place_key


class PlaceContext:
    """What every lookup in one sentence shares: the gazetteer, the actor dictionary, the
    one country the sentence names, if only one (a demonym labelling armed forces, their
    weapons or posts names a side of a war, which points to the war's theatre instead),
    and the divisions the sentence is about: the one its actors belong to ("DPR",
    "Kandahar province") and those of a named region ("Donbas", "eastern Ukraine"); both
    decide between namesakes."""

    def __init__(self, sentence: Span, gazetteer: Gazetteer, actors: ActorResolver) -> None:
        self.gazetteer, self.actors = gazetteer, actors
        named: set[str] = set()
        sides: set[str] = set()
        for token in sentence:
            code = actors.country_of(token.text) if token.text[:1].isupper() else None
            if code is not None:
                (sides if _names_side(token, gazetteer) else named).add(code)
        # the one country named; else, when only sides are ("Ukrainian forces attacked
        # Russian positions"), the country their war is fought in
        self.hint = (named.pop() if len(named) == 1
                     else None if named else gazetteer.theatre(sides))
        self.region: tuple[str, ...] = ()
        self.towns: list[tuple[str, str]] = []
        self.home = _actor_home(sentence, self)
        spans, self.towns = _regions_named(sentence, self)
        self.region = ((self.home.admin1,) if self.home and self.home.admin1 else ()) + spans

    def resolve(self, text: str, hint: str | None = None) -> Place | None:
        """The place a mention names; among namesakes, the one in a division the sentence
        is about, or else in the division of another town it names ("near Pisky and
        Avdiivka")."""
        key = place_key(text)
        region = self.region + tuple(a for name, a in self.towns if name != key)
        return self.gazetteer.resolve(text, hint or self.hint, region)

    def is_state(self, token: Token) -> bool:
        """A country, its demonym or its capital: "Kiev forces" are the state, not a place."""
        return self.actors.country_of(token.text) is not None

    def is_actor_head(self, token: Token) -> bool:
        return self.actors.is_actor_head(token.text) or self.actors.is_actor_head(token.lemma_)

    def names_actor(self, token: Token, text: str | None = None) -> bool:
        """A word (or the name ``text`` it heads) the actor dictionary knows as someone:
        an armed group, a person or an institution that shares its name with a town ("Azov
        shelling", "Tymoshenko said"), or a role word. A people or a territory ("Gaza",
        "Kachin") names no one in particular and may still be the place; a state
        ("Kiev forces") is is_state's to judge."""
        if self.is_actor_head(token):
            return True
        actor = self.actors.resolve(text or token.text)
        return actor is not None and actor.sector is not None and not self.is_state(token)




def _names_side(token: Token, gazetteer: Gazetteer) -> bool:
    """A demonym (not a country's name) qualifying weapons, armed forces or their posts."""
    return (token.dep_ in ("amod", "compound", "nmod") and token.head.lemma_.lower() in vocab().arms
            and not gazetteer.names_country(token.text))


def _regions_named(sentence: Span, ctx: PlaceContext
                   ) -> tuple[tuple[str, ...], list[tuple[str, str]]]:
    """The divisions of the regions a sentence names ("Donbas" is Donetsk and Luhansk
    oblasts, "eastern Ukraine" the oblasts of the east), and each town it names with its
    division."""
    spans: list[str] = []
    towns: list[tuple[str, str]] = []
    for token in sentence:
        if not token.text[:1].isupper():
            continue
        for text in (noun_phrase(token), bare_name(token)):
            place = ctx.gazetteer.resolve(text, ctx.hint)
            if place is None:
                continue
            if ctx.gazetteer.is_settlement(place):
                # a capital stands for its state ("Kiev forces"), not for a place; an armed
                # group named after a town ("Azov") is no town either
                if place.admin1 and not ctx.is_state(token) and not ctx.names_actor(token, text):
                    towns.append((place_key(text), place.admin1))
            else:
                spans += [d for d in ctx.gazetteer.divisions_of(place) if d not in spans]
            break
    return tuple(spans), towns


def _actor_home(sentence: Span, ctx: PlaceContext) -> Place | None:
    """The division an actor of the sentence belongs to: "DPR militiamen", "the LPR said",
    "Donetsk rebels", "Lugansk republic's servicemen". A named region or division counts
    anywhere; a city only as the modifier of an actor ("Horlivka mayor"). Capitals and
    countries name the state ("Kiev forces"), not a home."""
    divisions, cities = [], []
    for token in sentence:
        named = token.text[:1].isupper() or token.lemma_.lower() in vocab().division_words
        if not named or ctx.is_state(token):
            continue
        place = ctx.resolve(bare_name(token))
        if place is None or place.admin1 is None:
            continue
        if not ctx.gazetteer.is_settlement(place):
            divisions.append(place)
        elif (token.dep_ in ("compound", "poss", "nmod", "amod") and ctx.is_actor_head(token.head)
              and ctx.actors.resolve(token.text) is None):  # "Azov battalion": a unit's name
            cities.append(place)
    return next(iter(divisions + cities), None)

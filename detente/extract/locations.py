"""Where an event happened: the place attached to its trigger, else the clause's best place,
else the home division of an actor the sentence names ("DPR militiamen killed")."""

from __future__ import annotations

from spacy.tokens import Span, Token

from detente.extract.draft import Draft
from detente.extract.quantities import clause_of
from detente.extract.roles import _phrase
from detente.model import Place
from detente.resolve import ActorResolver, Gazetteer
from detente.resolve.places import place_key, skeleton

_PLACE_PREPS = frozenset({"in", "near", "at", "outside", "around", "across", "inside",
                          "throughout", "off", "outskirts"})
# Directional prepositions name a place only for physical events ("strike on Kharkiv",
# "visit to Kyiv", "killed between Pisky and Avdiivka"); elsewhere they name a party
# ("sanctions on Moscow", "talks between Kyiv and Moscow").
_MOTION_PREPS = frozenset({"on", "into", "from", "to", "over", "against", "of", "between"})
# "killed during the shelling of Rubizhne": the place hangs on the event noun
_SETTING_PREPS = frozenset({"in", "during", "amid", "after", "following", "by", "as"})
# Events that happen somewhere on the ground (as opposed to statements and decisions).
PHYSICAL_TYPES = frozenset({"ASSAULT", "MOBILIZE", "RETREAT", "COERCE", "PROTEST", "AID"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})  # entity labels of places
_NAME_TAGS = frozenset({"PROPN", "NOUN", "ADV", "ADJ", "VERB", "X"})
_SPECIFICITY = {"city": 3, "admin1": 2, "country": 1}
# an unknown town name the tagger took for an adverb: "shelled Toretsk again"
_MISTAGGED_OBJECT = frozenset({"advmod", "npadvmod"})


class _Context:
    """What every lookup in one sentence shares: the gazetteer, the actor dictionary, the
    one country the sentence names, if only one, and the divisions the sentence is about:
    the one its actors belong to ("DPR", "Kandahar province") and those of a named region
    ("Donbas", "eastern Ukraine"); both decide between namesakes."""

    def __init__(self, sentence: Span, gazetteer: Gazetteer, actors: ActorResolver) -> None:
        self.gazetteer, self.actors = gazetteer, actors
        named = {actors.country_of(t.text) for t in sentence
                 if t.text[:1].isupper() and not _names_attacker(t, gazetteer)} - {None}
        self.hint = named.pop() if len(named) == 1 else None
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


# what an attacking state's demonym modifies: "Russian missiles hit Pokrovsk" names who
# fired, not the country the place is in
_ARMS = frozenset({"force", "forces", "troop", "army", "military", "missile", "rocket",
                   "drone", "shell", "shelling", "strike", "airstrike", "attack", "artillery",
                   "aviation", "aircraft", "jet", "warplane", "bomb", "bombing", "bombardment",
                   "invader", "occupier", "offensive", "assault", "fire", "raid", "unit",
                   "fighter", "gunfire", "mortar", "tank", "sniper", "sabotage", "saboteur"})


def _names_attacker(token: Token, gazetteer: Gazetteer) -> bool:
    """A demonym (not a country's name) qualifying weapons or armed forces."""
    return (token.dep_ in ("amod", "compound", "nmod") and token.head.lemma_.lower() in _ARMS
            and not gazetteer.names_country(token.text))


def _regions_named(sentence: Span, ctx: _Context
                   ) -> tuple[tuple[str, ...], list[tuple[str, str]]]:
    """The divisions of the regions a sentence names ("Donbas" is Donetsk and Luhansk
    oblasts, "eastern Ukraine" the oblasts of the east), and each town it names with its
    division."""
    spans: list[str] = []
    towns: list[tuple[str, str]] = []
    for token in sentence:
        if not token.text[:1].isupper():
            continue
        for text in (_phrase(token), _bare_name(token)):
            place = ctx.gazetteer.resolve(text, ctx.hint)
            if place is None:
                continue
            if ctx.gazetteer.is_settlement(place):
                # a capital stands for its state ("Kiev forces"), not for a place
                if place.admin1 and not ctx.is_state(token):
                    towns.append((place_key(text), place.admin1))
            else:
                spans += [d for d in ctx.gazetteer.divisions_of(place) if d not in spans]
            break
    return tuple(spans), towns


def find_places(drafts: list[Draft], gazetteer: Gazetteer, actors: ActorResolver) -> None:
    """find_place for the events of one sentence, which share its lookups."""
    ctx: _Context | None = None
    for draft in drafts:
        if not draft.suppressed:
            ctx = ctx or _Context(draft.sentence, gazetteer, actors)
            find_place(draft, gazetteer, actors, ctx)


def find_place(draft: Draft, gazetteer: Gazetteer, actors: ActorResolver | None = None,
               ctx: _Context | None = None) -> None:
    """The place attached to the trigger or its verb; else the most specific place in the
    clause; else, for physical events, the home division of an actor in the sentence."""
    ctx = ctx or _Context(draft.sentence, gazetteer, actors or ActorResolver.default())
    physical = draft.type in PHYSICAL_TYPES
    place = _attached_to_event(draft, ctx, physical)
    from_clause = False
    if place is None:
        candidates = [p for p in _sentence_places(draft.sentence, ctx) if p is not None]
        place = max(candidates, key=lambda p: _specificity(p, gazetteer)) if candidates else None
        from_clause = place is not None
    if physical and (place is None or place.admin1 is None):
        home = ctx.home or _rubric_place(draft.sentence, ctx)
        if home is not None and (place is None or place.country in (None, home.country)):
            place, from_clause = home, True
    draft.location = place
    draft.location_from_clause = from_clause


def _attached_to_event(draft: Draft, ctx: _Context, physical: bool) -> Place | None:
    preps = _PLACE_PREPS | _MOTION_PREPS if physical or draft.mode == "visit" else _PLACE_PREPS
    arguments = [c for t in draft.tokens for c in t.children
                 if c.dep_ in ("dobj", "nsubjpass", "nsubj", "attr")
                 or (c.dep_ in _MISTAGGED_OBJECT and _is_name(c))]
    if draft.type == "ASSAULT":  # "Donetsk shelling leaves three dead": the clause's subject
        arguments += [c for t in draft.tokens for c in clause_of(t).children
                      if c.dep_ == "nsubj" and c not in arguments]
    broad: Place | None = None
    for token in (*draft.tokens, draft.governor(), *arguments):
        place = _attached_place(token, ctx, preps)
        if place is None and not _is_attacker(token):
            place = _modifier_place(token, ctx)
        if place is None and draft.type == "ASSAULT" and (
                token.dep_ == "dobj" or token.dep_ in _MISTAGGED_OBJECT):
            place = _place_of(token, ctx)  # "shelled Horlivka"
        if place is None and draft.type == "ASSAULT" and token.dep_ == "nsubj":
            place = _subject_place(token, ctx)  # "Horlivka shelling kills two"
        if place is None and physical:
            place = _setting_place(token, ctx)
        if place is not None and place.admin1:
            return place
        # "killed in east Ukraine near Debaltseve": a country or a region spanning several
        # divisions gives way to a place inside it named further on
        broad = broad or place
    if draft.type == "ASSAULT":
        return _victims_home(draft, ctx) or broad
    return broad


def _subject_place(token: Token, ctx: _Context) -> Place | None:
    """A town as the subject of an attack, the parse of a headline's "Horlivka shelling
    kills two", "Donetsk shelling leaves three dead": the town, but not a state ("Kiev
    shells ..."), an armed group ("Azov") or a place outside any known division."""
    if not token.text[:1].isupper() or ctx.is_state(token) or ctx.is_actor_head(token):
        return None
    name = _bare_name(token)
    if ctx.actors.resolve(name) is not None:
        return None
    place = ctx.resolve(name)
    if place is None or place.admin1 is None:
        return None
    return place


# who the victims are: "two residents of Kurakhove killed"
_PEOPLE_OF = frozenset({"resident", "inhabitant", "citizen", "people", "person", "civilian",
                        "villager", "local"})


def _victims_home(draft: Draft, ctx: _Context) -> Place | None:
    """The town the victims come from, when the event names no place itself: "Two
    residents of Kurakhove killed by Russian artillery"."""
    victims = [t.head for t in draft.tokens if t.dep_ in ("acl", "relcl")]
    victims += [c for t in draft.tokens for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
    for noun in victims:
        if noun.lemma_.lower() in _PEOPLE_OF:
            place = _attached_place(noun, ctx, frozenset({"of", "from"}))
            if place is not None and place.admin1:
                return place
    return None


def _rubric_place(sentence: Span, ctx: _Context) -> Place | None:
    """A headline's rubric naming the place: "Mariupol: shelling kills four"."""
    colon = next((t for t in sentence[:6] if t.text == ":"), None)
    if colon is None or colon.i == sentence.start:
        return None
    rubric = sentence.doc[sentence.start: colon.i]
    if not all(t.text[:1].isupper() or t.lower_ in _DIVISION_WORDS for t in rubric):
        return None
    place = ctx.resolve(rubric.text)
    return place if place is not None and place.admin1 else None


_VICTIM_VERBS = frozenset({"kill", "die", "injure", "wound", "hurt"})


def _is_attacker(token: Token) -> bool:
    """"Kiev forces shell ...": the subject's modifier names who attacks, not where; but the
    subject of "killed" in a headline ("Two DPR militiamen killed") is the victim, unless
    the verb has its own object ("Kiev troops kill two LNR militiamen")."""
    verb = token.head
    return token.dep_ == "nsubj" and token.lemma_.lower() not in _ATTACK_NOUNS and (
        verb.lemma_.lower() not in _VICTIM_VERBS or any(c.dep_ == "dobj" for c in verb.children))


# an attack named as the subject: its modifier is where it struck ("Kramatorsk missile
# strike kills seven"), unless the modifier is a state ("Kiev shelling")
_ATTACK_NOUNS = frozenset({"shelling", "strike", "airstrike", "attack", "bombardment", "bombing",
                           "blast", "explosion", "fire", "barrage", "raid", "fighting", "clash",
                           "battle", "assault", "offensive", "shell", "missile", "rocket"})


def _modifier_place(token: Token, ctx: _Context) -> Place | None:
    """"the Donetsk shelling", "a Kharkiv strike": a place name modifying an event noun."""
    if token.pos_ != "NOUN" and token.tag_ != "VBG":
        return None
    for child in token.children:
        opening = child.is_sent_start and child.text[:1].isupper()
        if child.dep_ in ("compound", "nmod", "amod") and (child.pos_ == "PROPN" or opening):
            if token.dep_ == "nsubj" and ctx.is_state(child):
                continue
            place = ctx.resolve(_bare_name(child))
            if place is not None and child.pos_ != "PROPN" and not _own_name(place, child):
                continue  # a headline's first word, capitalised anyway: only a town's own name
            if place is not None and (place.admin1 or place.geonameid):
                return place
    return None


def _own_name(place: Place, token: Token) -> bool:
    """The token spells the place's own name (not one of its other names)."""
    return skeleton(place_key(place.name or "")) == skeleton(place_key(token.text))


def _attached_place(token: Token, ctx: _Context, preps: frozenset[str]) -> Place | None:
    """The place a preposition of the token names; one in a division ("near Debaltseve")
    before a country or a broad region ("in east Ukraine")."""
    broad = None
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                place = _place_of(pobj, ctx)
                if place is not None and place.admin1:
                    return place
                broad = broad or place
    return broad


_SETTING_DEPTH = 3  # "of" links followed from the trigger's setting noun


def _setting_place(token: Token, ctx: _Context, depth: int = _SETTING_DEPTH) -> Place | None:
    """"killed during the shelling of Rubizhne", "died in an attack on Avdiivka", "as a
    result of the shelling of the centre of Donetsk": the place of the noun phrase the
    trigger happened in, through a few "of" links (only a place inside a country counts)."""
    preps = _SETTING_PREPS if depth == _SETTING_DEPTH else _SETTING_PREPS | _MOTION_PREPS
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for pobj in (c for c in child.children if c.dep_ == "pobj" and c.pos_ == "NOUN"):
                place = _attached_place(pobj, ctx, _PLACE_PREPS | _MOTION_PREPS)
                if place is None and depth > 1:
                    place = _setting_place(pobj, ctx, depth - 1)
                if place is not None and place.admin1:
                    return place
    return None


def _place_of(head: Token, ctx: _Context) -> Place | None:
    """"Kupiansk", "the Kharkiv region", "Marjeh district, Helmand province", "Ukraine's
    Donetsk", "the town of Samarra", "the capital Kabul"."""
    if head.lemma_.lower() in _SETTLEMENT_NOUNS and not _has_propn(head):
        named = next((c for c in head.children if c.dep_ == "appos" and _is_name(c)), None)
        return _place_of(named, ctx) if named else _attached_place(head, ctx, frozenset({"of"}))
    # "on Kramatorsk - regional governor": the source tacked on by a dash took the name's
    # place in the parse
    tacked = any(c.dep_ == "npadvmod" and _is_name(c) for c in head.children)
    if not (_is_name(head) or head.ent_type_ in PLACE_LABELS or _has_propn(head) or tacked):
        return None
    hint = None
    owner = next((c for c in head.children if c.dep_ == "poss"), None)
    if owner is not None:  # "Ukraine's Donetsk": the owner is the country to look in
        country = ctx.resolve(_phrase(owner))
        hint = country.country if country else None
    town = _town_of_part(head, ctx)
    if town is not None:
        return town
    place = _with_division(head, ctx.resolve(_phrase(head), hint)
                           or ctx.resolve(_bare_name(head), hint), ctx)
    if place is None and not ctx.is_actor_head(head):
        place = _place_around(head, ctx)
    if place is not None and place.admin1 is None and place.country:
        place = _part_within(head, place.country, ctx) or place
    return place


# parts of a town: their names repeat from town to town (a Kyivskyi or Leninskyi district
# in many cities), so the town they belong to says where
_TOWN_PARTS = frozenset({"district", "microdistrict", "neighbourhood", "neighborhood",
                         "quarter", "suburb", "suburbs", "outskirts", "centre", "center"})


def _town_of_part(head: Token, ctx: _Context) -> Place | None:
    """"Donetsk's Kievsky district", "the Kalininsky district of Horlivka": the town."""
    if head.lemma_.lower() not in _TOWN_PARTS:
        return None
    owners = [c for c in head.children if c.dep_ == "poss"] + [
        p for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
        for p in c.children if p.dep_ == "pobj"]
    for owner in owners:
        if not _is_name(owner):
            continue
        town = ctx.resolve(_phrase(owner)) or ctx.resolve(_bare_name(owner))
        if town is not None and town.admin1 and ctx.gazetteer.is_settlement(town):
            return town
    return None


def _part_within(head: Token, country: str, ctx: _Context) -> Place | None:
    """A place inside the country the phrase resolved to, named among its compounds: a
    run-on headline "Captured in Ghazni ISAF Joint Command - Afghanistan"."""
    for token in head.subtree:
        if token.i < head.i and token.dep_ == "compound" and _is_name(token):
            place = ctx.resolve(token.text, country)
            if place is not None and place.country == country and place.admin1:
                return place
    return None


def _with_division(head: Token, place: Place | None, ctx: _Context) -> Place | None:
    """"Nadir Shah Kot district, Khost province": a division named right after the place
    outranks the gazetteer's guess at the smaller place; an unknown place takes the
    district it lies in ("north of Bala Deh in Gardez district")."""
    division = _division_after(head, ctx, _FIRST_LEVEL_WORDS)
    if division is not None and (place is None or place.admin1 != division.admin1):
        return division
    return place or _division_after(head, ctx, _DIVISION_WORDS)


def _place_around(head: Token, ctx: _Context) -> Place | None:
    """A place among the head's modifiers; the possessor of an event noun is its agent
    ("Kiev's attack"), not its place. A compound of a name is mostly a part of that name
    ("Nur Mohammad", "Bala Deh"): it counts only as a place of the country the sentence
    names ("Kabul ISAF Joint Command - Afghanistan")."""
    name = _is_name(head)
    around = ("compound", "poss", "appos", "npadvmod", "conj", "nmod") if name else (
        "compound", "appos", "npadvmod", "conj", "nmod")
    for child in head.children:
        if child.dep_ in around:
            place = ctx.resolve(_phrase(child)) or ctx.resolve(_bare_name(child))
            if place is not None and name and child.dep_ == "compound" and (
                    place.country != ctx.hint or ctx.hint is None):
                continue
            if place is not None and not name and child.dep_ == "compound" and (
                    ctx.is_state(child)):
                continue  # "an Uzbekistan facilitator": a nationality, not a place
            if place is not None:
                return place
    return None


# "the town of X", "the outskirts of X", "the capital X": the place is the object of "of"
# or the name in apposition
_SETTLEMENT_NOUNS = frozenset({"town", "city", "village", "settlement", "hamlet", "port",
                               "capital", "outskirts", "suburb", "suburbs", "centre", "center",
                               "area", "district", "region", "province", "outpost"})
_DIVISION_WORDS = frozenset({"province", "region", "oblast", "district", "governorate", "state",
                             "county", "prefecture", "territory", "republic"})
_FIRST_LEVEL_WORDS = frozenset({"province", "oblast", "governorate", "region"})
_DIVISION_WINDOW = 9  # tokens after a place that may still name its division


def _division_after(head: Token, ctx: _Context, words: frozenset[str]) -> Place | None:
    """A division named after the head, in its phrase or right after it however the
    parser hung it: "Maiwand district, Kandahar province", "Baraki Barak district of
    Logar province", "Pul-e Alam district, Logar province"."""
    following = [t for t in head.subtree if t.i > head.i] + _name_run_after(head)
    for token in following:
        if token.lemma_.lower() not in words:
            continue
        place = ctx.resolve(_typed_name(token))
        if place is not None and place.admin1 is not None:
            return place
    return None


def _typed_name(type_word: Token) -> str:
    """"Logar province" from the type word, however the parser tagged the name before it."""
    doc, start = type_word.doc, type_word.i
    while (start > type_word.sent.start and type_word.i - start < 3
           and doc[start - 1].text[:1].isupper()):
        start -= 1
    return doc[start: type_word.i + 1].text


# what may come between a place and the division it lies in: the rest of a multiword
# name ("Pul-e Alam", "Talah wa Barfak"), a type word, a comma, "of (the)"
_RUN_LINKS = frozenset({",", "-", "‘", "’", "'", "of", "the", "e", "ye", "i", "wa"})


def _name_run_after(head: Token) -> list[Token]:
    """The tokens after the head that may still belong to its place phrase, which may
    open with "in" ("a facilitator in Taloqan district, Takhar province")."""
    run: list[Token] = []
    for token in head.doc[head.i + 1: min(head.i + 1 + _DIVISION_WINDOW, head.sent.end)]:
        if not (token.text[:1].isupper() or token.lower_ in _RUN_LINKS
                or token.lemma_.lower() in _DIVISION_WORDS or (not run and token.lower_ == "in")):
            break
        run.append(token)
    return run


def _is_name(token: Token) -> bool:
    """A proper name, even where the tagger missed it ("shelling of Donetsk" as NOUN,
    "shelled Toretsk" as ADV)."""
    return token.pos_ == "PROPN" or (token.text[:1].isupper() and not token.is_sent_start
                                     and token.pos_ in _NAME_TAGS)


def _bare_name(head: Token) -> str:
    """The name without determiners or possessors: the head and the compounds right before
    it, from the first capitalised one ("army shell Donetsk Republic" -> "Donetsk
    Republic"; "Maryinka - DPR" -> "DPR")."""
    doc, start = head.doc, head.i
    while (start > 0 and doc[start - 1].dep_ == "compound"
           and start <= doc[start - 1].head.i <= head.i):
        start -= 1
    while start < head.i and not doc[start].text[:1].isupper():
        start += 1
    return doc[start: head.i + 1].text


def _has_propn(head: Token) -> bool:
    return any(c.pos_ == "PROPN" and c.dep_ in ("compound", "poss", "amod", "nmod")
               for c in head.children)


def _sentence_places(sentence: Span, ctx: _Context) -> list[Place | None]:
    """Places named as places anywhere in the sentence: objects of "in", "near", ..."""
    places = [_place_of(token, ctx) for token in sentence
              if token.dep_ == "pobj" and token.head.lower_ in _PLACE_PREPS]
    # "…, Khost province Feb. 6": a named division is a place wherever the parser hangs it
    places += [_with_division(token, ctx.resolve(_bare_name(token)), ctx) for token in sentence
               if token.lemma_.lower() in _DIVISION_WORDS and token.dep_ != "pobj"
               and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children)]
    return places


def _actor_home(sentence: Span, ctx: _Context) -> Place | None:
    """The division an actor of the sentence belongs to: "DPR militiamen", "the LPR said",
    "Donetsk rebels", "Lugansk republic's servicemen". A named region or division counts
    anywhere; a city only as the modifier of an actor ("Horlivka mayor"). Capitals and
    countries name the state ("Kiev forces"), not a home."""
    divisions, cities = [], []
    for token in sentence:
        named = token.text[:1].isupper() or token.lemma_.lower() in _DIVISION_WORDS
        if not named or ctx.is_state(token):
            continue
        place = ctx.resolve(_bare_name(token))
        if place is None or place.admin1 is None:
            continue
        if not ctx.gazetteer.is_settlement(place):
            divisions.append(place)
        elif (token.dep_ in ("compound", "poss", "nmod", "amod") and ctx.is_actor_head(token.head)
              and ctx.actors.resolve(token.text) is None):  # "Azov battalion": a unit's name
            cities.append(place)
    return next(iter(divisions + cities), None)


def _specificity(place: Place, gazetteer: Gazetteer) -> int:
    if place.admin1 and gazetteer.is_settlement(place):
        return _SPECIFICITY["city"]
    return _SPECIFICITY["admin1"] if place.admin1 else _SPECIFICITY["country"]

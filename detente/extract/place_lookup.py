"""The place a noun phrase names, resolved in the gazetteer: "Kupiansk", "the town of
Samarra", "Ukraine's Donetsk", "the Kalininsky district of Horlivka", a place and the division
named after it ("Maiwand district, Kandahar province"); and the place a preposition names."""

from __future__ import annotations

from spacy.tokens import Token

from detente.extract.language import vocab
from detente.extract.phrases import noun_phrase
from detente.extract.place_context import PlaceContext
from detente.extract.place_names import PLACE_LABELS, bare_name, has_proper_noun_modifier, is_name
from detente.model import Place


def is_broad(place: Place, ctx: PlaceContext) -> bool:
    """A country or a named region spanning several divisions ("east Ukraine", "Donbas"),
    which gives way to a place inside it named further on; a town is never broad, even in a
    country the gazetteer knows no divisions of ("met in Geneva")."""
    return place.admin1 is None and not ctx.gazetteer.is_settlement(place)


def attached_place(token: Token, ctx: PlaceContext, preps: frozenset[str]) -> Place | None:
    """The place a preposition of the token names; a town or a division ("near
    Debaltseve") before a country or a broad region ("in east Ukraine")."""
    broad = None
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                place = place_of(pobj, ctx)
                if place is not None and child.lower_ == "between" and not _between_towns(
                        pobj, place, ctx):
                    continue
                if place is not None and not is_broad(place, ctx):
                    return place
                broad = broad or place
    return broad


def _between_towns(pobj: Token, place: Place, ctx: PlaceContext) -> bool:
    """"killed between Pisky and Avdiivka" names where; "clashes between Armenia and
    Azerbaijan", "the exchange between Kyiv and Moscow" name the parties: "between" names a
    place only when each of its objects is a town that does not stand for a state."""
    if ctx.is_state(pobj) or not ctx.gazetteer.is_settlement(place):
        return False
    for other in pobj.conjuncts:
        town = place_of(other, ctx)
        if ctx.is_state(other) or town is None or not ctx.gazetteer.is_settlement(town):
            return False
    return True


def place_of(head: Token, ctx: PlaceContext) -> Place | None:
    """"Kupiansk", "the Kharkiv region", "Marjeh district, Helmand province", "Ukraine's
    Donetsk", "the town of Samarra", "the capital Kabul"."""
    if head.lemma_.lower() in vocab().settlement_nouns and not has_proper_noun_modifier(head):
        named = next((c for c in head.children if c.dep_ == "appos" and is_name(c)), None)
        return place_of(named, ctx) if named else attached_place(head, ctx, frozenset({"of"}))
    # "on Kramatorsk - regional governor": the source tacked on by a dash took the name's
    # place in the parse
    tacked = any(c.dep_ == "npadvmod" and is_name(c) for c in head.children)
    if not (is_name(head) or head.ent_type_ in PLACE_LABELS or has_proper_noun_modifier(head)
            or tacked):
        return None
    hint = None
    owner = next((c for c in head.children if c.dep_ == "poss"), None)
    if owner is not None:  # "Ukraine's Donetsk": the owner is the country to look in
        country = ctx.resolve(noun_phrase(owner))
        hint = country.country if country else None
    town = _town_of_part(head, ctx)
    if town is not None:
        return town
    place = with_division(head, ctx.resolve(noun_phrase(head), hint)
                          or ctx.resolve(bare_name(head), hint), ctx)
    if place is None and not ctx.is_actor_head(head):
        place = _place_around(head, ctx)
    if place is not None and place.admin1 is None and place.country:
        place = _part_within(head, place.country, ctx) or place
    return place




def _town_of_part(head: Token, ctx: PlaceContext) -> Place | None:
    """"Donetsk's Kievsky district", "the Kalininsky district of Horlivka": the town."""
    if head.lemma_.lower() not in vocab().town_parts:
        return None
    owners = [c for c in head.children if c.dep_ == "poss"] + [
        p for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
        for p in c.children if p.dep_ == "pobj"]
    for owner in owners:
        if not is_name(owner):
            continue
        town = ctx.resolve(noun_phrase(owner)) or ctx.resolve(bare_name(owner))
        if town is not None and town.admin1 and ctx.gazetteer.is_settlement(town):
            return town
    return None


def _part_within(head: Token, country: str, ctx: PlaceContext) -> Place | None:
    """A place inside the country the phrase resolved to, named among its compounds: a
    run-on headline "Held in Ghazni Regional Command - Afghanistan"."""
    for token in head.subtree:
        if token.i < head.i and token.dep_ == "compound" and is_name(token):
            place = ctx.resolve(token.text, country)
            if place is not None and place.country == country and place.admin1:
                return place
    return None


def with_division(head: Token, place: Place | None, ctx: PlaceContext) -> Place | None:
    """"Nadir Shah Kot district, Khost province": a division named right after the place
    outranks the gazetteer's guess at the smaller place; an unknown place takes the
    district it lies in ("north of Bala Deh in Gardez district")."""
    division = _division_after(head, ctx, vocab().first_level_words)
    if division is not None and (place is None or place.admin1 != division.admin1):
        return division
    return place or _division_after(head, ctx, vocab().division_words)


def _place_around(head: Token, ctx: PlaceContext) -> Place | None:
    """A place among the head's modifiers; the possessor of an event noun is its agent
    ("Kiev's attack"), not its place. A compound of a name is mostly a part of that name
    ("Nur Mohammad", "Bala Deh"): it counts only as a place of the country the sentence
    names ("Kabul ISAF Joint Command - Afghanistan")."""
    name = is_name(head)
    around = ("compound", "poss", "appos", "npadvmod", "conj", "nmod") if name else (
        "compound", "appos", "npadvmod", "conj", "nmod")
    for child in head.children:
        if child.dep_ in around:
            place = ctx.resolve(noun_phrase(child)) or ctx.resolve(bare_name(child))
            if place is not None and name and child.dep_ == "compound" and (
                    place.country != ctx.hint or ctx.hint is None):
                continue
            if place is not None and not name and child.dep_ == "compound" and (
                    ctx.is_state(child)):
                continue  # "an Uzbekistan facilitator": a nationality, not a place
            if place is not None:
                return place
    return None


_DIVISION_WINDOW = 9  # tokens after a place that may still name its division


def _division_after(head: Token, ctx: PlaceContext, words: frozenset[str]) -> Place | None:
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




def _name_run_after(head: Token) -> list[Token]:
    """The tokens after the head that may still belong to its place phrase, which may
    open with "in" ("a courier in Taloqan district, Takhar province")."""
    run: list[Token] = []
    for token in head.doc[head.i + 1: min(head.i + 1 + _DIVISION_WINDOW, head.sent.end)]:
        if not (token.text[:1].isupper() or token.lower_ in vocab().name_run_links
                or token.lemma_.lower() in vocab().division_words
                or (not run and token.lower_ == "in")):
            break
        run.append(token)
    return run

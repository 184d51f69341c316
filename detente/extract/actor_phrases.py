"""Actors named by a noun phrase: names and roles, their conjuncts and appositions, the actors
in "leaders of Russia", the setting in "demonstrators in Baghdad", and pronouns read from the
actors last named."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from detente.extract.language import vocab
from detente.extract.phrases import noun_phrase
from detente.model import Actor
from detente.resolve import ActorResolver


@dataclass
class PronounMemory:
    """The actors a pronoun may stand for: the last person and group an article named."""

    last_person: Actor | None = None
    last_group: list[Actor] = field(default_factory=list)


class ActorPhrases:
    """Resolves the actors of noun phrases; remembers, in the article's ``memory``, the last
    actors named for pronouns."""

    def __init__(self, actors: ActorResolver, speech_verbs: frozenset[str] = frozenset(),
                 memory: PronounMemory | None = None) -> None:
        self.actors = actors
        self.speech_verbs = speech_verbs
        self.memory = memory if memory is not None else PronounMemory()

    def actors_in_pobj(self, prep: Token, governor: Token) -> list[Actor]:
        found: list[Actor] = []
        for child in prep.children:
            if child.dep_ == "pobj":
                found += self.actors_of(child, governor)
        return found

    def actors_of(self, head: Token, governor: Token) -> list[Actor]:
        """Actors named by the noun phrase headed by ``head`` and its conjuncts."""
        if head.lower_ in vocab().relative and governor.dep_ == "relcl":
            return self.actors_of(governor.head, governor.head)
        if head.lower_ in vocab().pronouns:
            return self._pronoun(head)
        if _is_both_sides(head) and len(self.memory.last_group) > 1:
            return list(self.memory.last_group)  # "the two sides", "both delegations"
        found: list[Actor] = []
        for token in _conjuncts(head):
            if found and found[-1].code and not any(
                    c.dep_ in ("amod", "compound", "poss") for c in token.children):
                # "Israeli helicopters and tanks": the bare conjunct shares the modifier
                shared = self.actors.resolve(noun_phrase(token))
                if shared is not None and shared.code is None:
                    found.append(Actor(token.text, shared.name, found[-1].code, shared.sector))
                    continue
            phrase = noun_phrase(token)
            if " and " in phrase:  # "Hungarian and Romanian officials"
                several = self.actors.resolve_all(phrase)
                if len(several) > 1:
                    found += several
                    continue
            actor = self.actors.resolve(phrase)
            if actor is not None and actor.code is None and not self._names_a_role(token):
                actor = None  # "joint military exercises" is not an actor
            if actor is None or actor.code is None:
                actor = self._apposed(token) or actor  # "Kenzo Oshima, the UN relief chief"
            if actor is None or actor.code is None:
                # "negotiators from Armenia", "leaders of Russia and Ukraine"
                named = self.actors_in_of_phrase(token)
                if named:
                    found += [_with_sector(a, actor) for a in named]
                    continue
            if actor is not None:
                found.append(_with_setting(actor, token))
        if head.dep_ in ("nsubj", "nsubjpass"):
            self._remember(found)
        return found

    def _names_a_role(self, head: Token) -> bool:
        """"opposition groups", "officials": a role; "joint military exercises": not an actor."""
        return (self.actors.is_actor_head(head.text) or self.actors.is_actor_head(head.lemma_)
                or head.pos_ == "PROPN" or head.lemma_.lower() in vocab().collectives)

    def _apposed(self, head: Token) -> Actor | None:
        for child in head.children:
            if child.dep_ == "appos":
                actor = self.actors.resolve(noun_phrase(child))
                if actor is not None and actor.code is not None:
                    return actor
        return None

    def actors_in_of_phrase(self, noun: Token) -> list[Actor]:
        """"leaders of Russia and Ukraine" -> the actors after "of" or "from"."""
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "from"):
                found = [a for pobj in child.children if pobj.dep_ == "pobj"
                         for a in self.actors_of(pobj, noun)]
                if found:
                    return found
        return []

    def modifier_actor(self, token: Token) -> list[Actor]:
        if token.dep_ == "poss" and token.lower_ in ("its", "their", "his", "her"):
            return self._pronoun(token)
        actor = self.actors.resolve(noun_phrase(token) if token.dep_ == "poss" else token.text)
        return [actor] if actor and actor.code else []

    def _pronoun(self, token: Token) -> list[Actor]:
        word = token.lower_
        if word in vocab().speaker_pronouns:
            speaker = self._reporting_subject(token)
            if speaker:
                return speaker
        if word in ("he", "she", "his", "her") and self.memory.last_person is not None:
            return [self.memory.last_person]
        if word in ("they", "both", "their") and len(self.memory.last_group) > 1:
            return list(self.memory.last_group)
        if word in ("it", "its", "they", "their", "we") and self.memory.last_group:
            return [self.memory.last_group[0]]
        return []

    def _reporting_subject(self, pronoun: Token) -> list[Actor]:
        """"Trump said that he would ...", "Nigeria announced that it will ...": a pronoun
        subject of a reported clause is the speaker."""
        clause = pronoun.head
        if pronoun.dep_ not in ("nsubj", "nsubjpass", "poss"):
            return []
        for node in [clause, *list(clause.ancestors)[:2]]:
            if any(c.dep_ == "nsubj" and c.i != pronoun.i and c.lower_ not in vocab().pronouns
                   for c in node.children):
                return []  # "protesters said their demands...": the clause's own subject
            if node.dep_ != "ccomp" or node.head.lemma_.lower() not in self.speech_verbs:
                continue
            for child in node.head.children:
                if child.dep_ == "nsubj" and child.lower_ not in vocab().pronouns:
                    return self.actors_of(child, node.head)
        return []

    def _remember(self, actors: list[Actor]) -> None:
        if not actors:
            return
        self.memory.last_group = actors
        people = [a for a in actors if a.name and " " in a.name and a.sector in ("GOV", "MIL")]
        if len(actors) == 1 and people:
            self.memory.last_person = actors[0]




def _is_both_sides(head: Token) -> bool:
    if head.lemma_.lower() not in vocab().sides or head.tag_ not in ("NNS", "NNPS"):
        return False
    words = {c.lower_ for c in head.children if c.dep_ in ("det", "nummod", "predet", "amod")}
    return bool(words & {"both", "two", "the"}) and not any(
        c.dep_ == "prep" and c.lower_ in ("of", "from") for c in head.children)


def _with_setting(actor: Actor, head: Token) -> Actor:
    """"demonstrators in Baghdad": keep the place in the mention so its country can be read."""
    if actor.code is not None:
        return actor
    placed = [p for c in head.children if c.dep_ == "acl" and c.lemma_.lower() in vocab().placing
              for p in c.children]  # "a newspaper based in Beirut"
    for child in [*head.children, *placed]:
        if child.dep_ == "prep" and child.lower_ in ("in", "from", "at"):
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                text = f"{actor.text} {child.text} {noun_phrase(pobj)}"
                return Actor(text=text, name=actor.name, code=None, sector=actor.sector)
    return actor


def _with_sector(actor: Actor, role: Actor | None) -> Actor:
    if role is None or actor.sector or not role.sector:
        return actor
    return Actor(text=actor.text, name=actor.name, code=actor.code, sector=role.sector)


def _conjuncts(head: Token) -> list[Token]:
    tokens = [head]
    for child in head.children:
        if child.dep_ == "conj" and child.pos_ in ("PROPN", "NOUN", "ADJ"):
            tokens += _conjuncts(child)
    return tokens

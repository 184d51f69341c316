"""Who did what to whom: source and target actors read from the dependency parse."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from detente.extract.actor_phrases import ActorPhrases, PronounMemory
from detente.extract.clause_roles import NOUN_MODIFIER_DEPS, SUBJECT_DEPS, ClauseRoles
from detente.extract.draft import Draft
from detente.extract.language import vocab
from detente.model import Actor
from detente.resolve import ActorResolver
from detente.types import profile, types_where


class RoleReader:
    """Reads source and target actors of a trigger; remembers, in ``memory`` (one per
    article), the last actors named for pronouns."""

    def __init__(self, actors: ActorResolver, speech_verbs: frozenset[str] = frozenset(),
                 memory: PronounMemory | None = None) -> None:
        self.phrases = ActorPhrases(actors, speech_verbs, memory)
        self.clauses = ClauseRoles(self.phrases)

    def actors_of(self, head: Token, governor: Token) -> list[Actor]:
        """The actors a noun phrase names (a pronoun: the last ones named)."""
        return self.phrases.actors_of(head, governor)

    def assign(self, draft: Draft) -> None:
        if draft.deontic:
            speaker = [c for c in draft.token.head.children if c.dep_ in SUBJECT_DEPS]
            subject = [c for c in draft.token.children if c.dep_ in ("nsubj", "nsubjpass")]
            actors_of = self.phrases.actors_of
            draft.source = _dedupe(a for s in speaker for a in actors_of(s, draft.token.head))
            draft.target = _dedupe(a for s in subject for a in actors_of(s, draft.token))
            return
        if draft.token.pos_ == "VERB" or draft.token.pos_ == "ADJ":
            sources, targets = self.clauses.verb_roles(draft.token)
        else:
            sources, targets = self.clauses.noun_roles(draft.token)
        if not targets and draft.type in types_where("content_target"):
            targets = self._content_targets(draft.token) or self._condition_subject(draft.token)
        if not targets and draft.type in types_where("grievance_target"):
            targets = self._protest_targets(draft.token)
        if not sources and draft.type not in types_where("witnessed"):
            sources = self._announcer(draft.token)
        draft.source = _dedupe(sources) or draft.source
        draft.target = [a for a in _dedupe(targets) if a not in draft.source]
        if draft.mode in profile(draft.type).symmetric_modes:
            # PLOVER: with no host and no visitor, every party to the talks is an actor
            draft.source, draft.target = _dedupe(draft.source + draft.target), []

    def _announcer(self, noun: Token) -> list[Actor]:
        """"Italy announced a suspension of flights": one announces one's own decisions,
        while an attack one announces is usually someone else's (the type profile's
        ``witnessed``)."""
        verb = noun.head
        if noun.dep_ != "dobj" or verb.lemma_.lower() not in vocab().announcing:
            return []
        return [a for c in verb.children if c.dep_ == "nsubj"
                for a in self.phrases.actors_of(c, verb)]

    def _content_targets(self, trigger: Token) -> list[Actor]:
        """"demanded that the US cancel", "rejected an offer from Kabul", "denounced
        Serbia's crackdown": the party is inside what is demanded, rejected or denounced."""
        for child in trigger.children:
            if child.dep_ in ("ccomp", "xcomp"):
                found = [a for c in child.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")
                         for a in self.phrases.actors_of(c, child)]
                found += [a for c in child.children
                          if c.dep_ == "prep" and c.lower_ in ("to", "with", "for")
                          for a in self.phrases.actors_in_pobj(c, child)]
                found += [a for c in child.children if c.dep_ == "dobj"
                          for a in self.clauses.recipient_of(c)]  # "agreed to send arms to Kyiv"
                if found:
                    return found
            if child.dep_ in ("dobj", "nsubjpass") or (child.dep_ == "prep" and child.lower_ in
                                                       ("to", "on", "for", "against", "as")):
                found = self._inside_phrase(child)
                if found:
                    return found
        return []

    def _condition_subject(self, trigger: Token) -> list[Actor]:
        """"threatened to strike unless Baghdad accepted": the party the condition is set to."""
        for node in (trigger, *[c for c in trigger.children if c.dep_ in ("xcomp", "ccomp")]):
            for clause in (c for c in node.children if c.dep_ == "advcl"):
                if any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in clause.children):
                    return [a for s in clause.children if s.dep_ in ("nsubj", "nsubjpass")
                            for a in self.phrases.actors_of(s, clause)]
        return []

    def _protest_targets(self, trigger: Token) -> list[Actor]:
        """Whom a protest is against: "blocked roads to press demands on the government",
        "marched in defiance of the authorities"."""
        for child in trigger.children:
            if child.dep_ in ("advcl", "xcomp", "relcl") and child.pos_ == "VERB":
                found = [a for c in child.children if c.dep_ in ("dobj", "prep")
                         for a in self._parties_within(c)]
                if found:
                    return found
            if child.dep_ == "prep" and (child.lower_ == "against" or any(
                    p.lemma_.lower() in vocab().stance_nouns for p in child.children)):
                found = self._parties_within(child)
                if found:
                    return found
        return []

    def _parties_within(self, token: Token, depth: int = 3) -> list[Actor]:
        """Actors named inside a content phrase: "disapproval of Washington's policies"."""
        if token.dep_ == "pobj" or token.dep_ == "dobj":
            named = self.phrases.actors_of(token, token.head)
            if any(a.code for a in named):
                return [a for a in named if a.code]
        found: list[Actor] = []
        for child in token.children:
            if child.dep_ in NOUN_MODIFIER_DEPS and child.pos_ != "PRON":
                found += self.phrases.modifier_actor(child)  # "their demands" are the protesters'
            elif depth > 0 and (child.dep_ in ("pobj", "conj") or child.dep_ == "prep"
                                and child.lower_ in vocab().grievance_preps):
                found += self._parties_within(child, depth - 1)
        return found

    def _inside_phrase(self, token: Token) -> list[Actor]:
        heads = [token] if token.dep_ != "prep" else [c for c in token.children
                                                      if c.dep_ == "pobj"]
        found: list[Actor] = []
        for head in heads:
            for child in head.children:
                if child.dep_ in NOUN_MODIFIER_DEPS:
                    found += self.phrases.modifier_actor(child)
                elif child.dep_ == "prep" and child.lower_ in vocab().inner_preps:
                    found += self.phrases.actors_in_pobj(child, head)
        return found


def _dedupe(actors: Iterable[Actor]) -> list[Actor]:
    seen: set[tuple[str | None, str | None]] = set()
    result = []
    for actor in actors:
        key = (actor.code, actor.name if actor.code is None else None)
        if key not in seen:
            seen.add(key)
            result.append(actor)
    return result

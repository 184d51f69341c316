"""Source and target actors read from a trigger's own clause: the subject, objects and
prepositions of a verb, the modifiers and prepositions of an event noun, and the subject a
trigger inherits from the clause or light verb above it."""

from __future__ import annotations

from spacy.tokens import Token

from detente.extract.actor_phrases import ActorPhrases
from detente.extract.language import vocab
from detente.model import Actor

NOUN_MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod"})
SUBJECT_DEPS = ("nsubj", "csubj")
_INHERIT_DEPS = frozenset({"xcomp", "conj", "advcl", "pcomp", "acl", "ccomp", "acomp", "prep"})


class ClauseRoles:
    """The verb path and the noun path of role reading, each giving (sources, targets); the
    actors of each phrase come from ``phrases``."""

    def __init__(self, phrases: ActorPhrases) -> None:
        self.phrases = phrases

    # -- verbs -------------------------------------------------------------
    def verb_roles(self, verb: Token) -> tuple[list[Actor], list[Actor]]:
        sources: list[Actor] = []
        targets: list[Actor] = []
        lemma = verb.lemma_.lower()
        stative = lemma in vocab().stative_passives and any(
            c.dep_ == "auxpass" for c in verb.children)
        resource = lemma in vocab().resource_verbs
        for child in verb.children:
            if child.dep_ == "nsubj" and lemma in vocab().undergoing_verbs:
                targets += self.phrases.actors_of(child, verb)  # "a prisoner died in custody"
            elif child.dep_ in SUBJECT_DEPS or (child.dep_ == "nsubjpass" and stative):
                sources += self.phrases.actors_of(child, verb)  # "Israel is opposed to ..."
            elif child.dep_ == "nsubjpass":
                targets += self.phrases.actors_of(child, verb)
            elif child.dep_ == "agent":
                sources += self.phrases.actors_in_pobj(child, verb)
            elif child.dep_ == "dative" and child.pos_ == "ADP":  # "granted asylum to X"
                targets += self.phrases.actors_in_pobj(child, verb)
            elif child.dep_ in ("dative", "attr") or (child.dep_ == "dobj" and not resource):
                targets += (self.phrases.actors_of(child, verb)
                            or self.phrases.actors_in_of_phrase(child))
                targets += self._with_phrase(child)
                targets += self._taken_from(child, lemma)
            elif child.dep_ == "dobj":  # "sent aid to Sudan", "took weapons from the rebels"
                targets += self.recipient_of(child) + self._taken_from(child, lemma)
            elif child.dep_ == "prep" and child.lower_ in vocab().target_preps:
                targets += self.phrases.actors_in_pobj(child, verb) or self._nested_targets(child)
            elif child.dep_ == "prep" and child.lower_ == "from" and lemma in vocab().taking_verbs:
                # "withdraw inspectors from Iraq"
                targets += self.phrases.actors_in_pobj(child, verb)
        if not sources and verb.pos_ == "ADJ":
            sources = self.verb_roles(verb.head)[0] if verb.head.i != verb.i else []
        if not sources and verb.pos_ == "ADJ":
            sources = self._judge(verb)  # "an official said the demands were unacceptable"
        if not sources:
            sources = self._inherited_subject(verb)
        return sources, targets

    def _judge(self, adjective: Token) -> list[Actor]:
        """Who calls something unacceptable: the speaker of the verb that reports it."""
        for node in adjective.ancestors:
            if node.lemma_.lower() in self.phrases.speech_verbs:
                subjects = [c for c in node.children if c.dep_ == "nsubj"]
                return self.phrases.actors_of(subjects[0], node) if subjects else []
        return []

    def _nested_targets(self, prep: Token) -> list[Actor]:
        """"urged for sanctions on Moscow": the party hangs from the content noun."""
        found: list[Actor] = []
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            for inner in pobj.children:
                if inner.dep_ == "prep" and inner.lower_ in ("on", "against", "with"):
                    found += self.phrases.actors_in_pobj(inner, pobj)
                elif inner.dep_ == "poss":  # "inquiry into Moscow's role"
                    found += self.phrases.modifier_actor(inner)
                elif inner.dep_ == "acl" and prep.lower_ == "into":
                    # "an inquiry into crimes committed by militias"
                    found += [a for c in inner.children if c.dep_ == "agent"
                              for a in self.phrases.actors_in_pobj(c, inner)]
        return found

    def recipient_of(self, thing: Token) -> list[Actor]:
        """"provided intelligence to Macedonia": the recipient hangs from what is given."""
        return [a for c in thing.children if c.dep_ == "prep" and c.lower_ in ("to", "for")
                for a in self.phrases.actors_in_pobj(c, thing)]

    def _taken_from(self, thing: Token, lemma: str) -> list[Actor]:
        """"confiscated weapons from armed groups": the loser hangs from what is taken."""
        if lemma not in vocab().taking_verbs:
            return []
        return [a for c in thing.children if c.dep_ == "prep" and c.lower_ == "from"
                for a in self.phrases.actors_in_pobj(c, thing)]

    def _with_phrase(self, noun: Token) -> list[Actor]:
        """"discussed the outcome with Trump": the partner hangs from the object."""
        return [a for c in noun.children if c.dep_ == "prep" and c.lower_ == "with"
                for a in self.phrases.actors_in_pobj(c, noun)]

    def _inherited_subject(self, verb: Token) -> list[Actor]:
        token = verb
        for _ in range(4):
            if token.dep_ not in _INHERIT_DEPS or token.head.i == token.i:
                return []
            if token.dep_ == "relcl":
                return self.phrases.actors_of(token.head, verb)
            if token.dep_ == "ccomp" and token.head.lemma_.lower() in self.phrases.speech_verbs:
                return []  # "..., the military said": the speaker reports, it did not act
            token = token.head
            if token.pos_ == "VERB" and token.lemma_.lower() in vocab().object_control:
                objects = [c for c in token.children if c.dep_ == "dobj"]
                if objects:
                    return self.phrases.actors_of(objects[0], token)
            for child in token.children:
                if child.dep_ in SUBJECT_DEPS and child.i != verb.i:
                    return self.phrases.actors_of(child, verb)
            if token.pos_ == "NOUN":
                return self.noun_roles(token)[0]
        return []

    # -- nouns -------------------------------------------------------------
    def noun_roles(self, noun: Token) -> tuple[list[Actor], list[Actor]]:
        sources: list[Actor] = []
        targets: list[Actor] = []
        children = list(noun.children)
        if noun.dep_ == "compound":  # "mediation mission between Syria and the PLO"
            children += [c for c in noun.head.children if c.dep_ == "prep"]
        elif noun.dep_ == "dobj":  # "opened an inquiry into ...": the light verb holds it
            children += [c for c in noun.head.children
                         if c.dep_ == "prep" and c.lower_ in ("into", "against", "with")]
        mediation = noun.lemma_.lower() in vocab().mediation
        undergoer = self._undergoer(noun)
        if undergoer:  # "a diplomat was put under investigation", "came under fire"
            targets += undergoer
            children = [c for c in [*children, *noun.head.head.children] if c.dep_ == "prep"
                        and c.lower_ in vocab().source_preps]  # "... under fire from gunmen"
        for child in children:
            if mediation and child.dep_ == "prep" and child.lower_ in ("between", "among"):
                targets += self.phrases.actors_in_pobj(child, noun)
                continue
            if child.dep_ in NOUN_MODIFIER_DEPS:
                sources += self.phrases.modifier_actor(child)
            elif child.dep_ == "prep" and child.lower_ in vocab().source_preps:
                sources += self.phrases.actors_in_pobj(child, noun)
            elif child.dep_ == "prep" and child.lower_ in vocab().target_preps:
                targets += self.phrases.actors_in_pobj(child, noun) or self._nested_targets(child)
        if not sources and not undergoer:
            sources = self._blamed_party(noun) or self._light_verb_subject(noun)
        return sources, targets

    def _blamed_party(self, noun: Token) -> list[Actor]:
        """"blamed Russia for the strike", "accused Kyiv of the attack": who is said to have
        done it (the one blaming is the claim, not the doer)."""
        verb = noun.head.head
        if noun.dep_ != "pobj" or noun.head.lower_ not in ("for", "of") or (
                verb.lemma_.lower() not in vocab().blaming):
            return []
        return [a for c in verb.children if c.dep_ == "dobj"
                for a in self.phrases.actors_of(c, verb)]

    def _undergoer(self, noun: Token) -> list[Actor]:
        verb = noun.head.head
        if noun.dep_ != "pobj" or noun.head.lower_ != "under" or (
                verb.lemma_.lower() not in vocab().undergoing_light_verbs):
            return []
        return [a for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")
                for a in self.phrases.actors_of(c, verb)]

    def _light_verb_subject(self, noun: Token) -> list[Actor]:
        token = noun.head if noun.dep_ == "compound" else noun  # "undertook mediation mission"
        for _ in range(3):
            if token.dep_ not in ("dobj", "pobj", "prep", "attr", "conj", "appos", "nsubjpass"):
                return []
            token = token.head
            if token.lemma_.lower() in vocab().reporting_verbs | vocab().undergoing_verbs:
                return []  # "officials reported an attack", "a man died after torture"
            if token.pos_ in ("VERB", "AUX"):
                subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
                if subjects:
                    return self.phrases.actors_of(subjects[0], token)
                return self._inherited_subject(token)
        return []

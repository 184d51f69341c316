"""Who did what to whom: source and target actors read from the dependency parse."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from detente.extract.draft import Draft
from detente.model import Actor
from detente.resolve import ActorResolver

_RELATIVE = frozenset({"who", "that", "which", "whom"})
_PRONOUNS = frozenset({"he", "she", "they", "both", "it", "we", "i"})
_SOURCE_PREPS = frozenset({"by", "between", "from", "among"})
_TARGET_PREPS = frozenset({"with", "on", "against", "to", "at", "upon", "toward", "towards",
                           "into", "for", "of"})
_NOUN_MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod"})
_SUBJECT_DEPS = ("nsubj", "csubj")
# Verbs whose object is what is moved or given, not a party: "deployed reservists",
# "withdrew inspectors from Iraq", "sent aid to Sudan".
_RESOURCE_VERBS = frozenset({
    "withdraw", "pull", "evacuate", "recall", "mobilize", "mobilise", "deploy", "send",
    "dispatch", "mass", "amass", "station", "provide", "deliver", "supply", "donate", "fund",
    "hand", "ship", "airlift", "offer", "grant", "give", "contribute", "lend", "pledge",
    "return",
})
# Verbs of taking: "from X" names the party that loses something ("seized arms from rebels").
_TAKING_VERBS = frozenset({
    "seize", "confiscate", "capture", "take", "steal", "wrest", "grab", "recapture", "retake",
    "expropriate", "loot", "remove", "withdraw", "pull", "evacuate", "recall",
})
# Participles that place an actor: "a newspaper based in Beirut".
_PLACING = frozenset({"base", "station", "locate", "headquarter"})
# Nouns after "in" that direct a protest at someone: "in defiance of Beijing".
_STANCE_NOUNS = frozenset({"defiance", "protest", "opposition", "response", "retaliation"})
# Prepositions that lead from a grievance to whom it concerns: "anger at the government".
_CONTENT_PREPS = frozenset({"of", "for", "from", "against", "on", "at", "toward", "towards"})
# "was put under investigation", "came under fire": the subject suffers the noun's event.
_UNDERGOING_LIGHT_VERBS = frozenset({"put", "place", "come", "fall", "be", "remain", "keep",
                                     "bring", "find"})
# Verbs whose subject suffers the event: "a prisoner died under torture".
_UNDERGOING_VERBS = frozenset({"die", "perish", "drown", "succumb"})
# Passives that describe the subject's own stance: "Israel is opposed to French mediation".
_STATIVE_PASSIVES = frozenset({"oppose", "commit", "determine", "prepare", "resolve"})
_COLLECTIVES = frozenset({
    "group", "coalition", "faction", "party", "movement", "member", "leader", "union",
    "organization", "organisation", "association", "body", "delegation", "team", "bloc",
    "alliance", "front", "council", "committee", "commission", "agency", "ministry", "cabinet",
    "administration", "court", "newspaper", "network", "wing", "unit", "camp", "side",
})
_SYMMETRIC_CONSULT = frozenset({"phone"})
_ANNOUNCING = frozenset({"announce", "declare", "unveil", "proclaim"})
# Events one reports rather than decides: the announcer of an attack is not its author.
_WITNESSED_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "ACCUSE"})
_MEDIATION = frozenset({"mediation", "mediator", "mediate", "facilitation"})
_CONTENT_TARGET_TYPES = frozenset({"REQUEST", "REJECT", "ACCUSE", "THREATEN", "AGREE", "CONCEDE",
                                   "SUPPORT", "SANCTION"})
_INNER_PREPS = frozenset({"by", "from", "of", "against", "on", "to", "with"})
_REPORTING = frozenset({"report", "claim", "confirm", "announce", "allege", "deny", "say",
                        "describe", "document", "record", "cite", "blame", "condemn", "mention"})
_INHERIT_DEPS = frozenset({"xcomp", "conj", "advcl", "pcomp", "acl", "ccomp", "acomp", "prep"})
# Verbs whose object is the subject of their complement: "urged Russia to withdraw",
# "accused Russia of introducing new demands".
_OBJECT_CONTROL = frozenset({
    "urge", "ask", "accuse", "blame", "call", "press", "force", "order", "allow", "invite",
    "persuade", "tell", "warn", "encourage", "pressure", "push", "charge", "suspect", "convince",
    "help", "implore", "criticize", "criticise", "condemn", "request",
})


class RoleReader:
    """Reads source and target actors of a trigger; remembers the last actors for pronouns."""

    def __init__(self, actors: ActorResolver, speech_verbs: frozenset[str] = frozenset()) -> None:
        self.actors = actors
        self.speech_verbs = speech_verbs
        self.last_person: Actor | None = None
        self.last_group: list[Actor] = []

    def reset(self) -> None:
        self.last_person, self.last_group = None, []

    def assign(self, draft: Draft) -> None:
        if draft.deontic:
            speaker = [c for c in draft.token.head.children if c.dep_ in _SUBJECT_DEPS]
            subject = [c for c in draft.token.children if c.dep_ in ("nsubj", "nsubjpass")]
            draft.source = _dedupe(a for s in speaker for a in self.actors_of(s, draft.token.head))
            draft.target = _dedupe(a for s in subject for a in self.actors_of(s, draft.token))
            return
        if draft.token.pos_ == "VERB" or draft.token.pos_ == "ADJ":
            sources, targets = self._verb_roles(draft.token)
        else:
            sources, targets = self._noun_roles(draft.token)
        if not targets and draft.type in _CONTENT_TARGET_TYPES:
            targets = self._content_targets(draft.token) or self._condition_subject(draft.token)
        if not targets and draft.type == "PROTEST":
            targets = self._protest_targets(draft.token)
        if not sources and draft.type not in _WITNESSED_TYPES:
            sources = self._announcer(draft.token)
        draft.source = _dedupe(sources) or draft.source
        draft.target = [a for a in _dedupe(targets) if a not in draft.source]
        if draft.type == "CONSULT" and draft.mode in _SYMMETRIC_CONSULT:
            # PLOVER: with no host and no visitor, every party to the talks is an actor
            draft.source, draft.target = _dedupe(draft.source + draft.target), []

    def _announcer(self, noun: Token) -> list[Actor]:
        """"Italy announced a suspension of flights": one announces one's own decisions,
        while an attack one announces is usually someone else's (``_WITNESSED_TYPES``)."""
        verb = noun.head
        if noun.dep_ != "dobj" or verb.lemma_.lower() not in _ANNOUNCING:
            return []
        return [a for c in verb.children if c.dep_ == "nsubj" for a in self.actors_of(c, verb)]

    def _content_targets(self, trigger: Token) -> list[Actor]:
        """"demanded that the US cancel", "rejected an offer from Kabul", "denounced
        Serbia's crackdown": the party is inside what is demanded, rejected or denounced."""
        for child in trigger.children:
            if child.dep_ in ("ccomp", "xcomp"):
                found = [a for c in child.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")
                         for a in self.actors_of(c, child)]
                found += [a for c in child.children
                          if c.dep_ == "prep" and c.lower_ in ("to", "with", "for")
                          for a in self.actors_in_pobj(c, child)]
                found += [a for c in child.children if c.dep_ == "dobj"
                          for a in self._recipient_of(c)]  # "agreed to send arms to Kyiv"
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
                            for a in self.actors_of(s, clause)]
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
                    p.lemma_.lower() in _STANCE_NOUNS for p in child.children)):
                found = self._parties_within(child)
                if found:
                    return found
        return []

    def _parties_within(self, token: Token, depth: int = 3) -> list[Actor]:
        """Actors named inside a content phrase: "disapproval of Washington's policies"."""
        if token.dep_ == "pobj" or token.dep_ == "dobj":
            named = self.actors_of(token, token.head)
            if any(a.code for a in named):
                return [a for a in named if a.code]
        found: list[Actor] = []
        for child in token.children:
            if child.dep_ in _NOUN_MODIFIER_DEPS and child.pos_ != "PRON":
                found += self._modifier_actor(child)  # "their demands" are the protesters'
            elif depth > 0 and (child.dep_ in ("pobj", "conj") or child.dep_ == "prep"
                                and child.lower_ in _CONTENT_PREPS):
                found += self._parties_within(child, depth - 1)
        return found

    def _inside_phrase(self, token: Token) -> list[Actor]:
        heads = [token] if token.dep_ != "prep" else [c for c in token.children
                                                      if c.dep_ == "pobj"]
        found: list[Actor] = []
        for head in heads:
            for child in head.children:
                if child.dep_ in _NOUN_MODIFIER_DEPS:
                    found += self._modifier_actor(child)
                elif child.dep_ == "prep" and child.lower_ in _INNER_PREPS:
                    found += self.actors_in_pobj(child, head)
        return found

    # -- verbs -------------------------------------------------------------
    def _verb_roles(self, verb: Token) -> tuple[list[Actor], list[Actor]]:
        sources: list[Actor] = []
        targets: list[Actor] = []
        lemma = verb.lemma_.lower()
        stative = lemma in _STATIVE_PASSIVES and any(c.dep_ == "auxpass" for c in verb.children)
        resource = lemma in _RESOURCE_VERBS
        for child in verb.children:
            if child.dep_ == "nsubj" and lemma in _UNDERGOING_VERBS:
                targets += self.actors_of(child, verb)  # "a prisoner died in custody"
            elif child.dep_ in _SUBJECT_DEPS or (child.dep_ == "nsubjpass" and stative):
                sources += self.actors_of(child, verb)  # "Israel is opposed to ..."
            elif child.dep_ == "nsubjpass":
                targets += self.actors_of(child, verb)
            elif child.dep_ == "agent":
                sources += self.actors_in_pobj(child, verb)
            elif child.dep_ == "dative" and child.pos_ == "ADP":  # "granted asylum to X"
                targets += self.actors_in_pobj(child, verb)
            elif child.dep_ in ("dative", "attr") or (child.dep_ == "dobj" and not resource):
                targets += self.actors_of(child, verb) or self.actors_in_of_phrase(child)
                targets += self._with_phrase(child)
                targets += self._taken_from(child, lemma)
            elif child.dep_ == "dobj":  # "sent aid to Sudan", "took weapons from the rebels"
                targets += self._recipient_of(child) + self._taken_from(child, lemma)
            elif child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
                targets += self.actors_in_pobj(child, verb) or self._nested_targets(child)
            elif child.dep_ == "prep" and child.lower_ == "from" and lemma in _TAKING_VERBS:
                targets += self.actors_in_pobj(child, verb)  # "withdraw inspectors from Iraq"
        if not sources and verb.pos_ == "ADJ":
            sources = self._verb_roles(verb.head)[0] if verb.head.i != verb.i else []
        if not sources and verb.pos_ == "ADJ":
            sources = self._judge(verb)  # "an official said the demands were unacceptable"
        if not sources:
            sources = self._inherited_subject(verb)
        return sources, targets

    def _judge(self, adjective: Token) -> list[Actor]:
        """Who calls something unacceptable: the speaker of the verb that reports it."""
        for node in adjective.ancestors:
            if node.lemma_.lower() in self.speech_verbs:
                subjects = [c for c in node.children if c.dep_ == "nsubj"]
                return self.actors_of(subjects[0], node) if subjects else []
        return []

    def _nested_targets(self, prep: Token) -> list[Actor]:
        """"urged for sanctions on Moscow": the party hangs from the content noun."""
        found: list[Actor] = []
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            for inner in pobj.children:
                if inner.dep_ == "prep" and inner.lower_ in ("on", "against", "with"):
                    found += self.actors_in_pobj(inner, pobj)
                elif inner.dep_ == "poss":  # "inquiry into Moscow's role"
                    found += self._modifier_actor(inner)
                elif inner.dep_ == "acl" and prep.lower_ == "into":
                    # "an inquiry into crimes committed by militias"
                    found += [a for c in inner.children if c.dep_ == "agent"
                              for a in self.actors_in_pobj(c, inner)]
        return found

    def _recipient_of(self, thing: Token) -> list[Actor]:
        """"provided intelligence to Macedonia": the recipient hangs from what is given."""
        return [a for c in thing.children if c.dep_ == "prep" and c.lower_ in ("to", "for")
                for a in self.actors_in_pobj(c, thing)]

    def _taken_from(self, thing: Token, lemma: str) -> list[Actor]:
        """"confiscated weapons from armed groups": the loser hangs from what is taken."""
        if lemma not in _TAKING_VERBS:
            return []
        return [a for c in thing.children if c.dep_ == "prep" and c.lower_ == "from"
                for a in self.actors_in_pobj(c, thing)]

    def _with_phrase(self, noun: Token) -> list[Actor]:
        """"discussed the outcome with Trump": the partner hangs from the object."""
        return [a for c in noun.children if c.dep_ == "prep" and c.lower_ == "with"
                for a in self.actors_in_pobj(c, noun)]

    def _inherited_subject(self, verb: Token) -> list[Actor]:
        token = verb
        for _ in range(4):
            if token.dep_ not in _INHERIT_DEPS or token.head.i == token.i:
                return []
            if token.dep_ == "relcl":
                return self.actors_of(token.head, verb)
            if token.dep_ == "ccomp" and token.head.lemma_.lower() in self.speech_verbs:
                return []  # "..., the military said": the speaker reports, it did not act
            token = token.head
            if token.pos_ == "VERB" and token.lemma_.lower() in _OBJECT_CONTROL:
                objects = [c for c in token.children if c.dep_ == "dobj"]
                if objects:
                    return self.actors_of(objects[0], token)
            for child in token.children:
                if child.dep_ in _SUBJECT_DEPS and child.i != verb.i:
                    return self.actors_of(child, verb)
            if token.pos_ == "NOUN":
                return self._noun_roles(token)[0]
        return []

    # -- nouns -------------------------------------------------------------
    def _noun_roles(self, noun: Token) -> tuple[list[Actor], list[Actor]]:
        sources: list[Actor] = []
        targets: list[Actor] = []
        children = list(noun.children)
        if noun.dep_ == "compound":  # "mediation mission between Syria and the PLO"
            children += [c for c in noun.head.children if c.dep_ == "prep"]
        elif noun.dep_ == "dobj":  # "opened an inquiry into ...": the light verb holds it
            children += [c for c in noun.head.children
                         if c.dep_ == "prep" and c.lower_ in ("into", "against", "with")]
        mediation = noun.lemma_.lower() in _MEDIATION
        undergoer = self._undergoer(noun)
        if undergoer:  # "a diplomat was put under investigation", "came under fire"
            targets += undergoer
            children = [c for c in [*children, *noun.head.head.children] if c.dep_ == "prep"
                        and c.lower_ in _SOURCE_PREPS]  # "... under fire from gunmen"
        for child in children:
            if mediation and child.dep_ == "prep" and child.lower_ in ("between", "among"):
                targets += self.actors_in_pobj(child, noun)
                continue
            if child.dep_ in _NOUN_MODIFIER_DEPS:
                sources += self._modifier_actor(child)
            elif child.dep_ == "prep" and child.lower_ in _SOURCE_PREPS:
                sources += self.actors_in_pobj(child, noun)
            elif child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
                targets += self.actors_in_pobj(child, noun) or self._nested_targets(child)
        if not sources and not undergoer:
            sources = self._light_verb_subject(noun)
        return sources, targets

    def _undergoer(self, noun: Token) -> list[Actor]:
        verb = noun.head.head
        if noun.dep_ != "pobj" or noun.head.lower_ != "under" or (
                verb.lemma_.lower() not in _UNDERGOING_LIGHT_VERBS):
            return []
        return [a for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")
                for a in self.actors_of(c, verb)]

    def _modifier_actor(self, token: Token) -> list[Actor]:
        if token.dep_ == "poss" and token.lower_ in ("its", "their", "his", "her"):
            return self._pronoun(token)
        actor = self.actors.resolve(_phrase(token) if token.dep_ == "poss" else token.text)
        return [actor] if actor and actor.code else []

    def _light_verb_subject(self, noun: Token) -> list[Actor]:
        token = noun.head if noun.dep_ == "compound" else noun  # "undertook mediation mission"
        for _ in range(3):
            if token.dep_ not in ("dobj", "pobj", "prep", "attr", "conj", "appos", "nsubjpass"):
                return []
            token = token.head
            if token.lemma_.lower() in _REPORTING | _UNDERGOING_VERBS:
                return []  # "officials reported an attack", "a man died after torture"
            if token.pos_ in ("VERB", "AUX"):
                subjects = [c for c in token.children if c.dep_ in _SUBJECT_DEPS]
                if subjects:
                    return self.actors_of(subjects[0], token)
                return self._inherited_subject(token)
        return []

    # -- resolving phrases --------------------------------------------------
    def actors_in_pobj(self, prep: Token, governor: Token) -> list[Actor]:
        found: list[Actor] = []
        for child in prep.children:
            if child.dep_ == "pobj":
                found += self.actors_of(child, governor)
        return found

    def actors_of(self, head: Token, governor: Token) -> list[Actor]:
        """Actors named by the noun phrase headed by ``head`` and its conjuncts."""
        if head.lower_ in _RELATIVE and governor.dep_ == "relcl":
            return self.actors_of(governor.head, governor.head)
        if head.lower_ in _PRONOUNS:
            return self._pronoun(head)
        if _is_both_sides(head) and len(self.last_group) > 1:
            return list(self.last_group)  # "the two sides", "both delegations"
        found: list[Actor] = []
        for token in _conjuncts(head):
            if found and found[-1].code and not any(
                    c.dep_ in ("amod", "compound", "poss") for c in token.children):
                # "Israeli helicopters and tanks": the bare conjunct shares the modifier
                shared = self.actors.resolve(_phrase(token))
                if shared is not None and shared.code is None:
                    found.append(Actor(token.text, shared.name, found[-1].code, shared.sector))
                    continue
            phrase = _phrase(token)
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
                or head.pos_ == "PROPN" or head.lemma_.lower() in _COLLECTIVES)

    def _apposed(self, head: Token) -> Actor | None:
        for child in head.children:
            if child.dep_ == "appos":
                actor = self.actors.resolve(_phrase(child))
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

    def _pronoun(self, token: Token) -> list[Actor]:
        word = token.lower_
        if word in ("he", "she", "his", "her", "it", "its", "they", "their", "we"):
            speaker = self._reporting_subject(token)
            if speaker:
                return speaker
        if word in ("he", "she", "his", "her") and self.last_person is not None:
            return [self.last_person]
        if word in ("they", "both", "their") and len(self.last_group) > 1:
            return list(self.last_group)
        if word in ("it", "its", "they", "their", "we") and self.last_group:
            return [self.last_group[0]]
        return []

    def _reporting_subject(self, pronoun: Token) -> list[Actor]:
        """"Trump said that he would ...", "Nigeria announced that it will ...": a pronoun
        subject of a reported clause is the speaker."""
        clause = pronoun.head
        if pronoun.dep_ not in ("nsubj", "nsubjpass", "poss"):
            return []
        for node in [clause, *list(clause.ancestors)[:2]]:
            if any(c.dep_ == "nsubj" and c.i != pronoun.i and c.lower_ not in _PRONOUNS
                   for c in node.children):
                return []  # "protesters said their demands...": the clause's own subject
            if node.dep_ != "ccomp" or node.head.lemma_.lower() not in self.speech_verbs:
                continue
            for child in node.head.children:
                if child.dep_ == "nsubj" and child.lower_ not in _PRONOUNS:
                    return self.actors_of(child, node.head)
        return []

    def _remember(self, actors: list[Actor]) -> None:
        if not actors:
            return
        self.last_group = actors
        people = [a for a in actors if a.name and " " in a.name and a.sector in ("GOV", "MIL")]
        if len(actors) == 1 and people:
            self.last_person = actors[0]


_SIDES = frozenset({"side", "party", "delegation", "country", "nation", "government",
                    "neighbour", "neighbor", "negotiator", "team"})


def _is_both_sides(head: Token) -> bool:
    if head.lemma_.lower() not in _SIDES or head.tag_ not in ("NNS", "NNPS"):
        return False
    words = {c.lower_ for c in head.children if c.dep_ in ("det", "nummod", "predet", "amod")}
    return bool(words & {"both", "two", "the"}) and not any(
        c.dep_ == "prep" and c.lower_ in ("of", "from") for c in head.children)


def _with_setting(actor: Actor, head: Token) -> Actor:
    """"demonstrators in Baghdad": keep the place in the mention so its country can be read."""
    if actor.code is not None:
        return actor
    placed = [p for c in head.children if c.dep_ == "acl" and c.lemma_.lower() in _PLACING
              for p in c.children]  # "a newspaper based in Beirut"
    for child in [*head.children, *placed]:
        if child.dep_ == "prep" and child.lower_ in ("in", "from", "at"):
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                text = f"{actor.text} {child.text} {_phrase(pobj)}"
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


def _phrase(head: Token) -> str:
    """The text of a noun phrase up to its head, leaving out relative clauses and conjuncts."""
    start = head.i
    for child in head.lefts:
        if child.dep_ not in ("cc", "conj", "punct", "prep", "relcl", "acl", "appos"):
            start = min(start, child.left_edge.i)
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("compound", "flat", "case") or child.ent_iob_ == "I":
            end = max(end, child.right_edge.i + 1)
        else:
            break
    return head.doc[start:end].text


def _dedupe(actors: Iterable[Actor]) -> list[Actor]:
    seen: set[tuple[str | None, str | None]] = set()
    result = []
    for actor in actors:
        key = (actor.code, actor.name if actor.code is None else None)
        if key not in seen:
            seen.add(key)
            result.append(actor)
    return result

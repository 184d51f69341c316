"""Modality and embedding: is the event asserted, negated, conditional, hypothetical or future,
and is it an event of its own or the content of another ("agreed to swap prisoners")?"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from detente.extract.commands import command_of
from detente.extract.draft import Draft
from detente.extract.language import vocab
from detente.extract.lexicon import TriggerLexicon
from detente.extract.phrases import is_infinitive
from detente.types import types_where

_CONTENT_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "pobj", "dobj", "prep", "acl", "acomp",
                           "oprd", "attr", "nsubjpass", "compound"})
_PATH_DEPS = _CONTENT_DEPS | {"conj", "advcl", "relcl", "nsubj", "amod", "npadvmod"}
_RANK = {"negated": 4, "conditional": 3, "hypothetical": 2, "future": 1, "asserted": 0}


def ancestors(token: Token) -> Iterator[tuple[Token, Token]]:
    """(child, governor) pairs walking up the parse from ``token`` to the root."""
    child = token
    while child.head.i != child.i:
        yield child, child.head
        child = child.head


def mark_embedding(drafts: list[Draft], lexicon: TriggerLexicon) -> None:
    """Suppress triggers that are the content of another trigger; promises make it future."""
    by_token = {d.token.i: d for d in drafts}
    # "'Free them,' she told the rebels": the parser may hang a quoted command beside its
    # speech verb, or the speech verb under the command; the demand holds the command
    demand = lexicon.construction("command").type
    commanded = {command.i: d for d in drafts if d.type == demand
                 and (command := command_of(d.token)) is not None}
    for draft in drafts:
        governor = _content_governor(draft.token, by_token) or commanded.get(draft.token.i)
        if governor is None:
            continue
        draft.embedded_in = governor.token
        if _is_promise(governor.token) and draft.token.dep_ == "xcomp":
            governor.suppressed = True
            draft.source = draft.source or governor.source
        elif governor.type in types_where("content"):
            draft.suppressed = True


def _is_promise(token: Token) -> bool:
    return token.lemma_.lower() in vocab().promise_verbs and token.pos_ == "VERB"




def suppress_time_anchors(drafts: list[Draft]) -> None:
    """"The largest swap since the start of the invasion", "since Russia launched its
    invasion", "since the war began": an event named only to say since when is a reference
    point, not a report of that event."""
    for draft in drafts:
        token = draft.token
        if _marked_since(token) or (
                token.pos_ in ("NOUN", "PROPN") and _anchors_a_time(token)):
            draft.suppressed = True


def _marked_since(token: Token) -> bool:
    """The trigger's clause is a "since ..." clause: the verb itself, or the verb whose
    subject or object the trigger is ("since Russia launched its invasion")."""
    clause = token
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("dobj", "nsubj", "nsubjpass"):
        clause = token.head
    return clause.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "mark" and c.lower_ in vocab().anchor_preps for c in clause.children)


def _anchors_a_time(noun: Token) -> bool:
    for child, governor in ancestors(noun):
        if governor.lemma_.lower() in vocab().anchor_preps and child.dep_ == "pobj":
            return True
        if child.dep_ not in ("pobj", "prep"):
            return False
    return False




def retype_preparations(drafts: list[Draft], lexicon: TriggerLexicon) -> None:
    """"Troops are readying a new offensive" is mobilisation, not yet an assault."""
    for draft in drafts:
        if draft.type not in types_where("attack") or draft.token.pos_ != "NOUN":
            continue
        for child, governor in ancestors(draft.token):
            if child.dep_ not in ("pobj", "prep", "dobj"):
                break
            if governor.lemma_.lower() in vocab().preparation_verbs:
                prepared = lexicon.construction("prepared_attack")
                draft.type, draft.mode = prepared.type, prepared.mode
                break


def _content_governor(token: Token, by_token: dict[int, Draft]) -> Draft | None:
    for child, governor in ancestors(token):
        if child.dep_ not in _CONTENT_DEPS:
            return None
        if governor.i in by_token:
            return by_token[governor.i]
    return None


def assign_modality(draft: Draft, lexicon: TriggerLexicon) -> None:
    # "X said Y must stop": X's demand is stated; the obligation is what X demands
    own = _local_modality(draft.token)
    found = ["asserted" if draft.deontic and own == "hypothetical" else own]
    governor = draft.governor()
    if governor.i != draft.token.i and not any(
            _stands_apart(child, head) for child, head in _path_up(draft.token, governor)):
        found.append(_local_modality(governor))
    found.extend(_embedded_modality(draft, lexicon))
    if draft.embedded_in is not None and _is_promise(draft.embedded_in):
        found.append("future")
    if draft.type in types_where("future_noun") and draft.token.pos_ == "NOUN":
        found.append("future")
    draft.modality = max(found, key=_RANK.__getitem__)
    if _in_condition(draft.token):
        draft.modality = "hypothetical"  # the "if" clause itself states no event


def _path_up(token: Token, top: Token) -> Iterator[tuple[Token, Token]]:
    for child, governor in ancestors(token):
        yield child, governor
        if governor.i == top.i:
            return


def _in_condition(token: Token) -> bool:
    """True inside an "if"/"unless" clause."""
    node = token
    for _ in range(8):
        if _is_condition(node):
            return True
        if node.dep_ in ("advcl", "ROOT", "ccomp") or node.head.i == node.i:
            return False
        node = node.head
    return False


def _local_modality(token: Token) -> str:
    found = ["asserted"]
    for child in token.children:
        word = child.lower_
        if child.dep_ == "neg" or (child.dep_ == "det" and word in vocab().negating_dets):
            found.append("negated")
        elif child.dep_ in ("aux", "auxpass") and word in vocab().future_aux:
            found.append("future")
        elif _is_hypothetical_marker(child):
            found.append("hypothetical")
        elif child.dep_ in ("amod", "compound") and (
                child.lemma_.lower() in vocab().future_modifiers):
            found.append("future")
        elif child.dep_ == "mark" and word in vocab().condition_marks:
            found.append("hypothetical")
        elif child.dep_ == "advcl" and _is_condition(child):
            found.append("conditional")
    if token.dep_ == "pobj" and token.head.lower_ == "without":
        found.append("negated")
    if token.dep_ == "xcomp" and any(c.lower_ == "going" for c in [token.head]):
        found.append("future")
    return max(found, key=_RANK.__getitem__)


def has_to(verb: Token, complement: Token) -> bool:
    """"had to come", "needs to stop": an obligation written with "have to"/"need to"."""
    return (verb.lemma_.lower() in ("have", "need") and complement.dep_ == "xcomp"
            and is_infinitive(complement))


def _is_obligation(verb: Token, complement: Token) -> bool:
    """"has to stop", "needs to come", and in reported speech "said it had to come"; a plain
    past "the army had to withdraw" mostly tells what was done."""
    return has_to(verb, complement) and (verb.tag_ in ("VBP", "VBZ", "VB")
                                         or verb.dep_ == "ccomp")


def _is_hypothetical_marker(child: Token) -> bool:
    if child.dep_ in ("aux", "auxpass"):
        return child.lower_ in vocab().hypothetical_aux
    if child.dep_ == "det":
        return child.lower_ == "any"  # "before any talks": none in view
    if child.dep_ == "xcomp":
        return _is_obligation(child.head, child)
    return child.dep_ in ("amod", "compound") and (
        child.lemma_.lower() in vocab().hypothetical_modifiers)


def _is_condition(clause: Token) -> bool:
    if clause.lower_ in ("provided", "providing") and clause.dep_ == "advcl":
        return True  # "ready to stop firing, provided Russia did the same"
    return any(c.dep_ == "mark" and c.lower_ in vocab().condition_marks for c in clause.children)


def _embedded_modality(draft: Draft, lexicon: TriggerLexicon) -> Iterator[str]:
    speech = lexicon.embedding.get("speech", frozenset())
    classes = [(name, lexicon.embedding.get(name, frozenset()))
               for name in ("negated", "hypothetical", "future")]
    for child, governor in ancestors(draft.token):
        if child.dep_ not in _PATH_DEPS or _stands_apart(child, governor):
            return
        lemma = governor.lemma_.lower()
        if lemma in speech and governor.pos_ == "VERB":
            return
        if child.dep_ in ("relcl", "nsubj"):
            continue  # a relative clause or subject does not inherit its head's mood
        if _no_progress(governor):
            yield "negated"
        if governor.pos_ in ("VERB", "AUX", "ADJ", "NOUN") and child.dep_ != "conj":
            for name, words in classes:
                if lemma in words and not (name == "negated" and governor.i in _trigger_ids(draft)):
                    yield name
                    break
        for local in (_local_modality(governor),):
            if local != "asserted" and (child.dep_ != "advcl" or local == "conditional"):
                yield local




def _stands_apart(child: Token, governor: Token) -> bool:
    """The part keeps its own mood: a clause with its own subject joined by "and" ("did not
    agree, and fighting continued"), a time phrase, or what a denied link points to."""
    if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and any(
            c.dep_ in ("nsubj", "nsubjpass", "expl") for c in child.children):
        return True
    if child.dep_ == "prep" and child.lower_ in vocab().time_preps:
        return True
    return child.dep_ == "prep" and governor.lemma_.lower() in vocab().relation_verbs


def _no_progress(token: Token) -> bool:
    """"made little progress on a deal", "no breakthrough on a ceasefire"."""
    if token.lemma_.lower() not in ("progress", "breakthrough", "headway", "agreement"):
        return False
    return any(c.lower_ in ("little", "no", "scant", "limited") for c in token.children)


def _trigger_ids(draft: Draft) -> set[int]:
    return {t.i for t in draft.tokens}

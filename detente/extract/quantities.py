"""Head counts in a sentence: the killed, the injured and people released or detained, each
with its qualifier ("at least") and whether it is a cumulative statistic. A count in a clause
about the whole war ("the conflict has caused over 12,000 civilian deaths", "since February
2022") is a statistic, not one event's toll. Which event a count belongs to is ``tolls``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from detente.extract.language import vocab
from detente.extract.numbers import count_runs, parse_count, qualifier_before
from detente.extract.phrases import has_phrase

_NATIONALITY_LABELS = frozenset({"NORP", "PERSON"})
_SINCE_START = re.compile(r"since the (start|beginning|outbreak|first) of (the )?(war|invasion|"
                          r"conflict|aggression|hostilities|fighting|full-scale|year)|"
                          r"since (jan|feb|march|april|may|june|july|aug|sept?|oct|nov|dec)|"
                          r"(this|last) (week|month|year) alone")
FOR_PATTERN = re.compile(r"(\d[\d,]*)\s*-?\s*for\s*-?\s*\1")


@dataclass
class CountMention:
    value: int
    qualifier: str | None
    noun: Token  # the counted noun, or the number itself when it stands alone
    kind: str  # killed | injured | persons
    anchor: Token  # the casualty or event word the count hangs from
    cumulative: bool


def find_counts(sentence: Span) -> list[CountMention]:
    """Every head count in the sentence, classified by what happened to the people."""
    mentions = []
    for number_tokens, low_end in count_runs(sentence):
        value = parse_count([t.text for t in number_tokens])
        if value is None:
            continue
        noun = _counted_noun(number_tokens[-1])
        if _is_perpetrator(noun):
            continue  # "three gunmen killed two soldiers": the three did the killing
        kind, anchor = None, None
        if (noun.i == number_tokens[-1].i or _is_person(noun) or casualty_kind(noun)
                or _direct_casualty_argument(noun) or _is_corpse(noun)):
            kind, anchor = _classify(noun)  # not "1,774 times", "15 enemy attacks", "two drones"
        if kind is None or anchor is None:
            kind, anchor = _adjacent_casualty(number_tokens)
        if kind is None or anchor is None:
            continue
        before = sentence.doc.text[sentence.start_char:number_tokens[0].idx]
        qualifier = qualifier_before(before) or ("at least" if low_end else None)
        mentions.append(CountMention(value, qualifier, noun, kind, anchor,
                                     _is_cumulative(anchor)))
    return mentions + _named_deaths(sentence)


def _is_perpetrator(noun: Token) -> bool:
    """The subject of an active casualty verb that has its own object."""
    verb = noun.head
    return (noun.dep_ == "nsubj" and casualty_kind(verb) is not None
            and any(c.dep_ == "dobj" and (_is_person(c) or is_one_person(c, "killed"))
                    for c in verb.children))




def _is_corpse(noun: Token) -> bool:
    """"50 bodies of civilians", "three civilian bodies were found": bodies are deaths;
    "two governing bodies" are not."""
    if noun.lemma_.lower() not in vocab().corpses:
        return False
    owners = [c for c in noun.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
    owners += [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
               for p in c.children if p.dep_ == "pobj"]
    return (any(_is_person(o) and not o.like_num for o in owners)
            or noun.head.lemma_.lower() in vocab().finding_verbs)


def _named_deaths(sentence: Span) -> list[CountMention]:
    """"resulted in the death of Mullah Rahim", "the killing of a journalist": a death noun
    whose "of" names one person states one death."""
    mentions = []
    for token in sentence:
        if token.pos_ != "NOUN" or casualty_kind(token) != "killed":
            continue
        for victim in of_objects(token):
            if is_one_person(victim, "killed"):
                mentions.append(CountMention(1, None, victim, "killed", token,
                                             _is_cumulative(token)))
    return mentions


def of_objects(noun: Token) -> list[Token]:
    objects = [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
               for p in c.children if p.dep_ == "pobj"]
    return objects + [c for o in objects for c in o.conjuncts]


def casualty_headline(sentence: Span) -> Token | None:
    """The head of a nominal headline about casualties ("Civilian deaths in Kherson")."""
    root = sentence.root
    if root.pos_ in ("NOUN", "PROPN") and casualty_kind(root) and not any(
            c.dep_ in ("det", "neg") and c.lower_ in ("no", "not") for c in root.children):
        return root
    return None


def _direct_casualty_argument(noun: Token) -> bool:
    """"Thirteen rescuers were killed": whoever a casualty verb takes as object is a victim."""
    return noun.dep_ in ("dobj", "nsubjpass") and casualty_kind(noun.head) is not None


def _adjacent_casualty(number: list[Token]) -> tuple[str | None, Token | None]:
    """Headline style the parser gets wrong: "two killed", "one dead, nine wounded",
    "1 KIA, 1 WIA", "killing at least 3"."""
    doc = number[0].doc
    for token in doc[number[-1].i + 1: min(len(doc), number[-1].i + 5)]:
        kind = casualty_kind(token)
        if kind:
            return kind, token
        if token.is_punct or token.like_num or token.pos_ in ("VERB", "CCONJ", "ADP"):
            break
    for token in reversed(doc[max(0, number[0].i - 4): number[0].i]):
        kind = casualty_kind(token)
        if kind and token.pos_ == "VERB":
            return kind, token
        if token.is_punct or token.like_num or token.pos_ in ("NOUN", "PROPN", "ADP"):
            break
    return None, None


_NUMBER_DEPS = frozenset({"nummod", "quantmod", "compound", "amod"})


def _counted_noun(number: Token) -> Token:
    """"Three Ukraine troops" -> troops: climb number and noun modifiers to the head noun."""
    token = number
    while token.dep_ in _NUMBER_DEPS and token.head.i != token.i:
        if token.i != number.i and token.pos_ not in ("NOUN", "PROPN", "ADJ"):
            break
        token = token.head
    if token.dep_ == "poss" and not _is_person(token) and _is_person_word(token.head):
        return token.head  # "two Luhansk republic's servicemen": the number went to the owner
    if token.i == number.i and token.dep_ != "attr":
        return _killed_of(token) or token
    return token


def _killed_of(number: Token) -> Token | None:
    """"three of its fighters killed": the group the number counts, when the casualty word
    hangs on the group and the group is someone's ("its", "their", "Ukraine's"). "one of
    the insurgents killed" points back to a group already counted."""
    for prep in (c for c in number.children if c.dep_ == "prep" and c.lower_ == "of"):
        for group in (p for p in prep.children if p.dep_ == "pobj" and _is_person_word(p)):
            if any(c.dep_ == "nummod" for c in group.children) or not any(
                    c.dep_ == "poss" for c in group.children):
                continue
            if any(c.dep_ in ("acl", "amod", "relcl") and casualty_kind(c)
                   for c in group.children):
                return group
    return None


def _classify(noun: Token) -> tuple[str | None, Token | None]:
    kind = casualty_kind(noun) or ("killed" if _is_corpse(noun) else None)
    if kind:
        return kind, noun
    for child in noun.children:  # "four civilians killed", "five people dead"
        if child.dep_ in ("acl", "amod", "relcl", "appos") and casualty_kind(child):
            return casualty_kind(child), child
    for ancestor in list(noun.ancestors)[:3]:  # "the death toll rose to 12"
        if casualty_kind(ancestor):
            break  # "toll rises to 3, injured to 11": the 11 are the injured
        toll = _toll_subject(ancestor)
        if toll:
            return toll, ancestor
    head, persons_anchor = noun, None
    for _ in range(3):
        if head.head.i == head.i:
            break
        dep, head = head.dep_, head.head
        kind = casualty_kind(head)
        if kind:
            return kind, head
        for child in head.children:  # "leaves one militiaman dead", "reported killed"
            if child.dep_ in ("oprd", "acomp", "xcomp") and casualty_kind(child):
                return casualty_kind(child), child
        if dep in ("dobj", "nsubjpass", "pobj", "nsubj", "npadvmod", "attr") and _is_person(noun):
            persons_anchor = persons_anchor or head
        # "the deaths of 12 insurgents": above a preposition or noun, look on for the casualty
        if persons_anchor is not None and head.pos_ in ("VERB", "AUX"):
            break
    return ("persons", persons_anchor) if persons_anchor is not None else (None, None)




def _toll_subject(verb: Token) -> str | None:
    """"the death toll rose to 12": the number the toll reaches is the killed count."""
    if verb.pos_ != "VERB":
        return None
    for child in verb.children:
        if child.dep_ != "nsubj":
            continue
        if child.lemma_.lower() == "toll" or (verb.lemma_.lower() in vocab().toll_verbs and any(
                t.lemma_.lower() == "toll" for t in child.subtree)):
            return "killed"  # the subject may be misparsed: "toll from X's shelling rises"
        # "the number of people killed ... has risen to 11"
        if child.lemma_.lower() in ("number", "count", "figure"):
            kinds = {casualty_kind(t) for t in child.subtree} - {None}
            if len(kinds) == 1:
                return kinds.pop()
    return None


def casualty_kind(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    if lemma in vocab().killed_words or token.lower_ in vocab().killed_words:
        return "killed"
    if lemma in vocab().injured_words or token.lower_ in vocab().injured_words:
        return "injured"
    return None


def _is_person(noun: Token) -> bool:
    persons = vocab().person_nouns
    return (noun.lemma_.lower() in persons or noun.lower_ in persons or noun.like_num
            or noun.ent_type_ in _NATIONALITY_LABELS)


_SUBORDINATE = frozenset({"advcl", "ccomp", "conj", "relcl", "parataxis", "acl"})


def _is_cumulative(anchor: Token) -> bool:
    words = _main_clause_words(clause_of(anchor))
    text = " " + " ".join(words)
    if has_phrase(words, vocab().cumulative_markers) or _SINCE_START.search(text):
        return True
    for token in (anchor, *anchor.ancestors):
        if token is not anchor and token.lemma_.lower() in vocab().war_nouns:
            return True
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "poss", "csubj")]
        # "the conflict waged by Russia has claimed ...": the parser may make the war the
        # subject of a clausal subject
        subjects += [g for c in subjects if c.dep_ == "csubj" for g in c.children
                     if g.dep_ == "nsubj"]
        if any(c.lemma_.lower() in vocab().war_nouns for c in subjects):
            return True
    return False


def _main_clause_words(verb: Token) -> list[str]:
    """The clause the count is stated in, without its subordinate clauses ("completing the
    largest exchange of the war" says nothing about whether 303 is a running total)."""
    skipped: set[int] = set()
    for child in verb.children:
        if child.dep_ in _SUBORDINATE:
            skipped.update(t.i for t in child.subtree)
    return [t.lower_ for t in verb.subtree if t.i not in skipped]


def clause_of(token: Token) -> Token:
    """The nearest verb at or above ``token``: the clause the count is stated in."""
    node = token
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node
        node = node.head
    return node


def is_one_person(noun: Token, field_name: str) -> bool:
    """One person: "a Taliban leader", a named person ("Muhammad Yah was detained"); for
    deaths and injuries also "the insurgent", "him" — one death however often it is retold."""
    if any(c.dep_ == "nummod" or (c.dep_ in ("compound", "amod", "quantmod")
                                  and (c.like_num or c.lower_ == "dozen"))
           for c in noun.children):
        return False  # "a dozen prisoners" is twelve, not one
    if noun.tag_ in ("NNS", "NNPS"):
        return False
    if noun.tag_ == "NNP" and noun.ent_type_ == "PERSON":
        return True
    if field_name in ("killed", "injured"):
        if noun.lower_ in ("him", "her"):
            return True
        if noun.tag_ in ("NN", "NNP") and _is_person_word(noun):  # headline "Policeman killed"
            return True
        # "shelling kills civilian": a bare person word taken for an adjective
        if noun.tag_ == "JJ" and noun.dep_ in ("dobj", "nsubjpass") and _is_person_word(noun):
            return True
    if not names_person(noun):
        return False
    return (any(c.dep_ == "det" and c.lower_ in vocab().indefinite for c in noun.children)
            or noun.left_edge.lower_ in vocab().indefinite)


def names_person(noun: Token) -> bool:
    """"a senior Hizb-e-Islami Gulbuddin commander": the parser may head the phrase
    with the organisation; the person word inside it still says who was taken."""
    if _is_person_word(noun):
        return True
    if noun.pos_ != "PROPN":
        return False
    for token in noun.subtree:
        if token.i == noun.i or not _is_person_word(token):
            continue
        node = token.head
        while node.i != noun.i and node.pos_ not in ("VERB", "AUX"):
            node = node.head
        if node.i == noun.i:
            return True
    return False


def _is_person_word(noun: Token) -> bool:
    return noun.lemma_.lower() in vocab().person_nouns or noun.lower_ in vocab().person_nouns

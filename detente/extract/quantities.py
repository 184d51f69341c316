"""Counts of the killed, injured and people released or detained, and cumulative statistics.

A count belongs to the event whose clause holds it. A count in a clause about the
whole war ("the conflict has caused over 12,000 civilian deaths", "since February
2022") is a cumulative statistic, not one event's toll.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from detente.extract.draft import Draft
from detente.extract.numbers import parse_count, qualifier_before

KILLED_WORDS = frozenset({"kill", "killed", "dead", "death", "die", "killing", "fatality",
                          "life", "slay", "slain", "perish", "toll", "massacre", "execute", "kia",
                          "eliminate", "neutralize", "neutralise"})
INJURED_WORDS = frozenset({"injure", "injured", "wound", "wounded", "hurt", "injury",
                           "casualty", "maim", "wia"})
PERSON_NOUNS = frozenset({"prisoner", "pow", "captive", "detainee", "hostage", "soldier",
                          "serviceman", "servicemen", "civilian", "people", "person", "insurgent",
                          "suspect", "militant", "fighter", "child", "children", "citizen",
                          "defender", "member", "man", "men", "woman", "women", "individual",
                          "national", "sailor", "marine", "troop", "crew", "journalist", "other",
                          "leader", "commander", "extremist", "rebel", "boy", "girl",
                          "militiaman", "militiamen", "militia", "convict", "resident", "guerrilla",
                          "policeman", "policemen", "officer", "invader", "occupier", "pilot",
                          "worker", "passenger", "villager", "mercenary", "paratrooper",
                          "servicemember", "volunteer", "refugee", "student", "doctor", "medic",
                          "infant", "adult", "teenager", "terrorist", "gunman", "gunmen",
                          "attacker", "bomber", "separatist", "combatant", "peacekeeper", "guard",
                          "staff", "employee", "personnel", "agent", "spy", "saboteur", "colonel",
                          "general", "official", "accomplice", "associate", "facilitator",
                          "operative", "courier", "smuggler", "supporter", "activist",
                          "protester", "demonstrator", "fisherman", "fishermen", "diplomat",
                          "priest", "monk", "nun", "farmer", "driver", "miner", "conscript",
                          "recruit", "partisan", "collaborator", "informant",
                          "hostage-taker", "kidnapper", "trafficker", "defendant",
                          "inmate", "deserter", "evacuee", "casualty"})
_NATIONALITY_LABELS = frozenset({"NORP", "PERSON"})
PERSONS_TYPES = frozenset({"RETREAT", "COERCE", "AGREE", "REQUEST", "CONCEDE", "REJECT"})
_WAR_NOUNS = frozenset({"war", "conflict", "invasion", "aggression", "occupation", "hostility"})
_CUMULATIVE_MARKERS = ("since february", "since 2014", "since 2022", "so far", "to date",
                       "in total", "in all", "overall", "cumulative", "altogether", "since the war",
                       "tally", "since the invasion", "during the war", "throughout the war",
                       "of the war", "in the war", "of the conflict", "since it began",
                       "since the conflict", "since russia", "since moscow")
_SINCE_START = re.compile(r"since the (start|beginning|outbreak) of (the )?(war|invasion|conflict|"
                          r"aggression|hostilities|fighting|full-scale|year)")
_PER_SIDE = ("each side", "per side", "from each", "apiece", "for each",
             "from both sides", "on each side", " each")
_FOR_PATTERN = re.compile(r"(\d[\d,]*)\s*-?\s*for\s*-?\s*\1")


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
    for number_tokens in _number_runs(sentence):
        value = parse_count([t.text for t in number_tokens])
        if value is None:
            continue
        noun = _counted_noun(number_tokens[-1])
        kind, anchor = None, None
        if (noun.i == number_tokens[-1].i or _is_person(noun) or _casualty_kind(noun)
                or _direct_casualty_argument(noun)):
            kind, anchor = _classify(noun)  # not "1,774 times", "15 enemy attacks", "two drones"
        if kind is None or anchor is None:
            kind, anchor = _adjacent_casualty(number_tokens)
        if kind is None or anchor is None:
            continue
        before = sentence.doc.text[sentence.start_char:number_tokens[0].idx]
        mentions.append(CountMention(value, qualifier_before(before), noun, kind, anchor,
                                     _is_cumulative(anchor)))
    return mentions


def _direct_casualty_argument(noun: Token) -> bool:
    """"Thirteen rescuers were killed": whoever a casualty verb takes as object is a victim."""
    return noun.dep_ in ("dobj", "nsubjpass") and _casualty_kind(noun.head) is not None


def _adjacent_casualty(number: list[Token]) -> tuple[str | None, Token | None]:
    """Headline style the parser gets wrong: "two killed", "one dead, nine wounded",
    "1 KIA, 1 WIA", "killing at least 3"."""
    doc = number[0].doc
    for token in doc[number[-1].i + 1: min(len(doc), number[-1].i + 5)]:
        kind = _casualty_kind(token)
        if kind:
            return kind, token
        if token.is_punct or token.like_num or token.pos_ in ("VERB", "CCONJ", "ADP"):
            break
    for token in reversed(doc[max(0, number[0].i - 4): number[0].i]):
        kind = _casualty_kind(token)
        if kind and token.pos_ == "VERB":
            return kind, token
        if token.is_punct or token.like_num or token.pos_ in ("NOUN", "PROPN", "ADP"):
            break
    return None, None


def _number_runs(sentence: Span) -> list[list[Token]]:
    runs: list[list[Token]] = []
    for token in sentence:
        is_number = token.like_num and token.pos_ in ("NUM", "NOUN", "PRON", "ADJ", "DET", "PROPN")
        if token.lower_ in ("a", "an", "no") or not is_number or _is_year_or_date(token):
            continue
        if runs and _continues(runs[-1], token):
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


def _continues(run: list[Token], token: Token) -> bool:
    """"twenty - one", "one hundred and five": the token extends the number before it."""
    gap = token.i - run[-1].i
    return gap == 1 or (gap == 2 and token.nbor(-1).text in ("-", "and"))


def _is_year_or_date(token: Token) -> bool:
    return token.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "ORDINAL") or (
        token.text.isdigit() and len(token.text) == 4 and token.text.startswith(("19", "20"))
    )


_NUMBER_DEPS = frozenset({"nummod", "quantmod", "compound", "amod"})


def _counted_noun(number: Token) -> Token:
    """"Three Ukraine troops" -> troops: climb number and noun modifiers to the head noun."""
    token = number
    while token.dep_ in _NUMBER_DEPS and token.head.i != token.i:
        if token.i != number.i and token.pos_ not in ("NOUN", "PROPN", "ADJ"):
            break
        token = token.head
    return token


def _classify(noun: Token) -> tuple[str | None, Token | None]:
    kind = _casualty_kind(noun)
    if kind:
        return kind, noun
    for child in noun.children:  # "four civilians killed", "five people dead"
        if child.dep_ in ("acl", "amod", "relcl", "appos") and _casualty_kind(child):
            return _casualty_kind(child), child
    head = noun
    for _ in range(3):
        if head.head.i == head.i:
            break
        dep, head = head.dep_, head.head
        kind = _casualty_kind(head) or _toll_subject(head)
        if kind:
            return kind, head
        for child in head.children:  # "leaves one militiaman dead", "reported killed"
            if child.dep_ in ("oprd", "acomp", "xcomp") and _casualty_kind(child):
                return _casualty_kind(child), child
        if dep in ("dobj", "nsubjpass", "pobj", "nsubj", "npadvmod", "attr") and _is_person(noun):
            return "persons", head
    return None, None


def _toll_subject(verb: Token) -> str | None:
    """"the death toll rose to 12": the number the toll reaches is the killed count."""
    if verb.pos_ != "VERB":
        return None
    for child in verb.children:
        if child.dep_ != "nsubj":
            continue
        if child.lemma_.lower() == "toll":
            return "killed"
        # "the number of people killed ... has risen to 11"
        if child.lemma_.lower() in ("number", "count", "figure"):
            kinds = {_casualty_kind(t) for t in child.subtree} - {None}
            if len(kinds) == 1:
                return kinds.pop()
    return None


def _casualty_kind(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    if lemma in KILLED_WORDS or token.lower_ in KILLED_WORDS:
        return "killed"
    if lemma in INJURED_WORDS or token.lower_ in INJURED_WORDS:
        return "injured"
    return None


def _is_person(noun: Token) -> bool:
    return (noun.lemma_.lower() in PERSON_NOUNS or noun.lower_ in PERSON_NOUNS or noun.like_num
            or noun.ent_type_ in _NATIONALITY_LABELS)


_SUBORDINATE = frozenset({"advcl", "ccomp", "conj", "relcl", "parataxis", "acl"})


def _is_cumulative(anchor: Token) -> bool:
    text = " " + _main_clause_text(_clause_of(anchor))
    if any(marker in text for marker in _CUMULATIVE_MARKERS) or _SINCE_START.search(text):
        return True
    token = anchor
    while token.head.i != token.i:
        subjects = (c for c in token.children if c.dep_ in ("nsubj", "poss"))
        if any(c.lemma_.lower() in _WAR_NOUNS for c in subjects):
            return True
        token = token.head
        if token.lemma_.lower() in _WAR_NOUNS:
            return True
    return False


def _main_clause_text(verb: Token) -> str:
    """The clause the count is stated in, without its subordinate clauses ("completing the
    largest exchange of the war" says nothing about whether 303 is a running total)."""
    skipped: set[int] = set()
    for child in verb.children:
        if child.dep_ in _SUBORDINATE:
            skipped.update(t.i for t in child.subtree)
    return " ".join(t.lower_ for t in verb.subtree if t.i not in skipped)


def _clause_of(token: Token) -> Token:
    """The nearest verb at or above ``token``: the clause the count is stated in."""
    node = token
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node
        node = node.head
    return node


def attach_counts(drafts: list[Draft], counts: list[CountMention]) -> None:
    """Give each event the counts that hang from it; persons only to release/detain events."""
    for count in counts:
        if count.cumulative:
            continue
        draft = _owner(drafts, count)
        if draft is None:
            continue
        quantities = draft.quantities
        if count.kind == "killed":
            quantities.killed = (quantities.killed or 0) + count.value
        elif count.kind == "injured":
            quantities.injured = (quantities.injured or 0) + count.value
        elif quantities.persons is None:
            quantities.persons = count.value
            quantities.per_side = _per_side(count)
        if count.qualifier:
            quantities.qualifiers[count.kind] = count.qualifier


_INDEFINITE = frozenset({"a", "an", "one", "another"})
_VAGUE = frozenset({"several", "numerous", "many", "some", "dozens", "hundreds", "scores",
                    "multiple", "few", "various", "other"})


def add_singulars(drafts: list[Draft]) -> None:
    """"detained a Taliban leader and two associates": an indefinite person counts as one,
    added to the stated numbers; a vague quantity ("several") leaves the count unknown."""
    for draft in drafts:
        if draft.suppressed:
            continue
        for token in draft.tokens:
            field_name = _count_field(draft, token)
            if field_name is None:
                continue
            objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
            objects += [c for o in objects for c in o.conjuncts]
            if any(c.lower_ in _VAGUE for o in objects for c in o.children):
                continue
            singles = sum(1 for o in objects if _is_one_person(o, field_name))
            if singles:
                current = getattr(draft.quantities, field_name) or 0
                setattr(draft.quantities, field_name, current + singles)


def _count_field(draft: Draft, token: Token) -> str | None:
    kind = _casualty_kind(token)
    if kind in ("killed", "injured") and draft.type == "ASSAULT":
        return kind
    if draft.type in ("COERCE", "RETREAT") and draft.mode in ("arrest", "release"):
        return "persons"
    return None


def _is_one_person(noun: Token, field_name: str) -> bool:
    """One person: "a Taliban leader"; for deaths and injuries also "the insurgent", "him",
    a named person ("Muhammad Yah was killed") — one death however often it is retold."""
    if any(c.dep_ == "nummod" for c in noun.children):
        return False
    if field_name in ("killed", "injured"):
        if noun.lower_ in ("him", "her"):
            return True
        if noun.tag_ == "NNP" and noun.ent_type_ == "PERSON":
            return True
        if noun.tag_ == "NN" and _is_person_word(noun):
            return True
    if not _is_person_word(noun):
        return False
    return any(c.dep_ == "det" and c.lower_ in _INDEFINITE for c in noun.children)


def _is_person_word(noun: Token) -> bool:
    return noun.lemma_.lower() in PERSON_NOUNS or noun.lower_ in PERSON_NOUNS


def _owner(drafts: list[Draft], count: CountMention) -> Draft | None:
    wanted = ("ASSAULT",) if count.kind in ("killed", "injured") else tuple(PERSONS_TYPES)
    candidates = [d for d in drafts if d.type in wanted and not d.suppressed]
    if count.kind == "persons":
        candidates = [d for d in candidates if _governs(d, count.noun)]
        if not candidates:
            candidates = [d for d in drafts if d.type in PERSONS_TYPES and _governs(d, count.noun)]
    governing: list[tuple[int, int, Draft]] = []
    for order, draft in enumerate(candidates):
        steps = [h for h in (_hops(draft, count.anchor), _hops(draft, count.noun)) if h is not None]
        if steps:
            governing.append((min(steps), order, draft))
    if governing:  # the nearest event above the count: "seized arms and detained two men"
        return min(governing, key=lambda g: (g[0], g[1]))[2]
    return candidates[0] if candidates else None


def _hops(draft: Draft, token: Token) -> int | None:
    """How many steps up the parse from ``token`` to one of the draft's triggers, or None."""
    trigger_ids = {t.i for t in draft.tokens}
    node = token
    for step in range(8):
        if node.i in trigger_ids:
            return step
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _governs(draft: Draft, token: Token) -> bool:
    return _hops(draft, token) is not None


def _per_side(count: CountMention) -> bool:
    """"1,000 prisoners from each side", "390 each", "a 1,000-for-1,000 swap"."""
    doc = count.noun.doc
    after = doc[count.noun.i: min(len(doc), count.noun.i + 8)].text.lower()
    around = doc[max(0, count.noun.i - 6): count.noun.i + 1].text.lower()
    each_before = any(c.lower_ in ("each", "both") and c.dep_ in ("advmod", "npadvmod", "det",
                                                                  "appos", "nsubj")
                      for c in _clause_of(count.noun).children)
    return (any(marker in after for marker in _PER_SIDE) or bool(_FOR_PATTERN.search(around))
            or each_before)

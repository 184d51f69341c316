"""Which event each count belongs to: the nearest event above it in the parse, persons only
to release and detention events; people named one by one ("a Taliban leader and two
associates") add up; a vague amount ("several") leaves the number unknown but is kept."""

from __future__ import annotations

from spacy.tokens import Token

from detente.extract.draft import Draft
from detente.extract.language import vocab
from detente.extract.phrases import has_phrase, is_infinitive
from detente.extract.quantities import (
    FOR_PATTERN,
    CountMention,
    casualty_kind,
    clause_of,
    is_one_person,
    names_person,
    of_objects,
)
from detente.model import Quantities
from detente.types import PLOVER_TYPES, profile, types_where


def attach_counts(drafts: list[Draft], counts: list[CountMention]) -> None:
    """Give each event the counts that hang from it; persons only to release/detain events.
    Persons add up only over separate groups: coordinated ("two leaders and three
    associates") or taken by conjoined verbs ("arrested 12 and detained two")."""
    persons_nouns: dict[int, list[Token]] = {}
    for count in counts:
        if count.cumulative:
            continue
        draft = _owner(drafts, count)
        if draft is None:
            continue
        quantities = draft.quantities
        earlier = persons_nouns.setdefault(id(draft), [])
        if count.kind == "killed":
            quantities.killed = (quantities.killed or 0) + count.value
        elif count.kind == "injured":
            quantities.injured = (quantities.injured or 0) + count.value
        elif quantities.persons is None:
            quantities.persons = count.value
            quantities.per_side = _per_side(count)
            earlier.append(count.noun)
        elif any(_separate_groups(draft, count.noun, noun) for noun in earlier):
            quantities.persons += count.value
            earlier.append(count.noun)
        if count.qualifier:
            quantities.qualifiers[count.kind] = count.qualifier


def _separate_groups(draft: Draft, noun: Token, other: Token) -> bool:
    if noun.i in {c.i for c in other.conjuncts}:
        return True
    first, second = _nearest_trigger(draft, noun), _nearest_trigger(draft, other)
    if first is None or second is None or first == second:
        return False
    # "arrested 12 and detained two" adds up; "released 150, completing the exchange of 600"
    # does not: a merged trigger in another clause restates the whole
    return first in {c.i for c in noun.doc[second].conjuncts}


def _nearest_trigger(draft: Draft, noun: Token) -> int | None:
    """The first of the draft's (merged) triggers above the noun."""
    trigger_ids = {t.i for t in draft.tokens}
    return next((a.i for a in (noun, *noun.ancestors) if a.i in trigger_ids), None)




def add_singulars(drafts: list[Draft]) -> None:
    """"held a militia chief and two of his guards": an indefinite person counts as one,
    added to the stated numbers; a vague quantity ("several") leaves the count unknown, and
    its floor goes to ``minimums`` (a leader and several associates: at least 4)."""
    for draft in drafts:
        if draft.suppressed:
            continue
        for token in draft.tokens:
            field_name = _count_field(draft, token)
            if field_name is None or _is_purpose(token):
                continue
            objects = _affected(token, field_name)
            objects += [c for o in objects for c in o.conjuncts]
            objects = list({o.i: o for o in objects}.values())
            amounts = {o.i: _vague_word(o) for o in objects}
            vague = list({word.i: word for word in amounts.values() if word}.values())
            # "a few suspects" is not "a suspect"
            singles = sum(1 for o in objects
                          if amounts[o.i] is None and is_one_person(o, field_name))
            if vague:
                _keep_vague(draft.quantities, field_name, vague, singles)
            elif singles:
                current = getattr(draft.quantities, field_name) or 0
                setattr(draft.quantities, field_name, current + singles)


def _keep_vague(quantities: Quantities, field_name: str, vague: list[Token],
                singles: int) -> None:
    """The number is unknown, but "several killed" is still said: keep the words, and the
    least they allow when every vague part has a floor."""
    words = [_amount_text(v) for v in vague]
    if words[0] in vocab().not_amounts:
        return
    stated: int | None = getattr(quantities, field_name)
    if stated is None:
        quantities.qualifiers.setdefault(field_name, words[0])
    floors = [vocab().vague_minimum.get(word) for word in words]
    if all(f is not None for f in floors):
        # "killed two insurgents and several others": at least 2 + 3
        least = (stated or 0) + singles + sum(f for f in floors if f is not None)
        quantities.minimums[field_name] = max(least, quantities.minimums.get(field_name, 0))


def _amount_text(word: Token) -> str:
    """"a few" (a floor) is not "few" ("few were hurt": almost none); "a number of"."""
    if word.lower_ in ("few", "number") and word.i > 0 and word.nbor(-1).lower_ == "a":
        return f"a {word.lower_}" + (" of" if word.lower_ == "number" else "")
    return word.lower_


_AMOUNT_DEPS = frozenset({"amod", "det", "quantmod", "nummod", "advmod", "nmod"})


def _vague_word(noun: Token) -> Token | None:
    """"several" in "several of his associates", "other" in "other insurgents", "number" in
    "a number of suspects"; None for "one other insurgent" or a plain noun."""
    if noun.lower_ in vocab().vague or _amount_text(noun) == "a number of":
        return noun
    if any(c.dep_ == "nummod" for c in noun.children):
        return None
    if not (names_person(noun) or noun.ent_type_ in ("NORP", "PERSON")):
        return None  # "secured multiple weapons": things, not people taken
    return next((c for c in noun.children if c.lower_ in vocab().vague and c.dep_ in _AMOUNT_DEPS),
                None)


def _is_purpose(verb: Token) -> bool:
    """"an operation to arrest a Taliban leader": the aim, not someone taken (unlike
    "managed to arrest")."""
    return verb.dep_ in ("advcl", "acl", "relcl") and is_infinitive(verb)




def _affected(trigger: Token, field_name: str) -> list[Token]:
    """Who the trigger happened to: its object, "the arrest of X", "a commander was
    confirmed killed", and in headlines the subject of an objectless "killed"."""
    objects = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    if field_name == "persons" and trigger.pos_ == "NOUN":
        objects += of_objects(trigger)
    if field_name == "persons":
        objects += _taken_along(trigger)
    if field_name == "persons" or objects:
        return objects
    if trigger.dep_ in ("xcomp", "oprd"):
        objects += [c for c in trigger.head.children if c.dep_ == "nsubjpass"]
    if trigger.pos_ == "VERB" and not any(c.dep_ == "agent" for c in trigger.children) and (
            trigger.lemma_.lower() in vocab().victim_subject_verbs or not _has_object(trigger)):
        objects += [c for c in trigger.children if c.dep_ == "nsubj"]
    return objects


def _taken_along(trigger: Token) -> list[Token]:
    """"detained along with several associates", "together with two aides"."""
    along = [c for c in trigger.children if c.lower_ in ("along", "together")]
    preps = [c for c in trigger.children if c.lower_ == "with" and c.dep_ == "prep" and (
        along or any(g.lower_ in ("along", "together") for g in c.children))]
    preps += [w for c in along for w in c.children if w.lower_ == "with"]
    # "Police, along with soldiers, detained ...": before the verb they are the captors
    return [o for p in preps if p.i > trigger.i for o in p.children if o.dep_ == "pobj"]


def _has_object(verb: Token) -> bool:
    """"Insurgents killed and wounded two guards": a conjoined verb's object is shared."""
    verbs = [verb, *verb.conjuncts]
    return any(c.dep_ in ("dobj", "ccomp", "xcomp") for v in verbs for c in v.children)


def _count_field(draft: Draft, token: Token) -> str | None:
    kind = casualty_kind(token) or next(  # "shot dead a gunman"
        (casualty_kind(c) for c in token.children
         if c.dep_ in ("oprd", "acomp", "advmod") and casualty_kind(c)), None)
    if kind in ("killed", "injured") and draft.type in types_where("attack"):
        return kind
    return "persons" if _takes_persons(draft) else None


def _takes_persons(draft: Draft) -> bool:
    """Events whose ``persons`` are the people taken or freed: arrests, releases, abductions."""
    return draft.type in PLOVER_TYPES and draft.mode in profile(draft.type).persons_modes


def _owner(drafts: list[Draft], count: CountMention) -> Draft | None:
    wanted = types_where("attack" if count.kind in ("killed", "injured") else "counts_persons")
    candidates = [d for d in drafts if not d.suppressed and (
        d.type in wanted or (count.kind == "persons" and _takes_persons(d)))]
    if count.kind == "persons":
        candidates = [d for d in candidates if _governs(d, count.noun)]
        if not candidates:
            candidates = [d for d in drafts
                          if d.type in types_where("counts_persons") and _governs(d, count.noun)]
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
    """The draft is above the counted noun, or describes it ("two men being detained")."""
    return _hops(draft, token) is not None or any(
        t.head.i == token.i and t.dep_ in ("acl", "relcl") for t in draft.tokens)


def _per_side(count: CountMention) -> bool:
    """"1,000 prisoners from each side", "390 each", "a 1,000-for-1,000 swap"."""
    doc = count.noun.doc
    after = [t.lower_ for t in doc[count.noun.i: min(len(doc), count.noun.i + 8)]]
    around = doc[max(0, count.noun.i - 6): count.noun.i + 1].text.lower()
    each_before = any(c.lower_ in ("each", "both") and c.dep_ in ("advmod", "npadvmod", "det",
                                                                  "appos", "nsubj")
                      for c in clause_of(count.noun).children)
    return (has_phrase(after, vocab().per_side_words)
            or bool(FOR_PATTERN.search(around)) or each_before)

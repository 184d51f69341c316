"""When an event happened: the date expression nearest its trigger."""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Span, Token

from detente.extract.draft import Draft
from detente.extract.language import vocab
from detente.extract.modality import ancestors
from detente.resolve import resolve_date


def find_date(draft: Draft, published: date | None) -> None:
    """The date expression nearest the trigger in its sentence, resolved against publication."""
    ents = [e for e in _date_mentions(draft.sentence) if _is_event_date(e)]
    if not ents:
        return
    resolved = {e.start: resolve_date(e.text, published) for e in ents}
    # "the Aug. 7 attack" dates that attack, not this event
    ents = [e for e in ents if not _dates_other_noun(e, draft)] or ents
    if len(ents) > 1 and published is not None:
        # a header date equal to the publication date ("Operational Update March 24, 2011")
        # says when the report was filed; another date in the sentence says when it happened
        filed = published.isoformat()
        other = [e for e in ents if not (resolved[e.start].value == filed
                                         and any(ch.isdigit() for ch in e.text))]
        ents = other or ents
    # an expression that resolves to nothing ("2011-01-S-131") does not hide one that does
    ents = [e for e in ents if resolved[e.start].value] or ents
    # "forces confirmed today the arrest of ... Sunday": the day on the reporting verb says
    # when the report was made; another date in the sentence says when the arrest happened
    ents = [e for e in ents if not _dates_report_of(e, draft)] or ents
    # a date inside the event's own clause beats one on the verb that reports it
    # ("Today, forces confirmed a leader was arrested ... Sunday")
    own = [e for e in ents if _within(e.root, draft.tokens)]
    nearest = min(own or ents, key=lambda e: _tree_distance(draft.token, e.root))
    draft.date = resolved[nearest.start]




def _date_mentions(sentence: Span) -> list[Span]:
    """The sentence's DATE and TIME entities, and the day words the tagger left out
    ("killing two insurgents overnight")."""
    ents = [e for e in sentence.ents if e.label_ in ("DATE", "TIME")]
    covered = {t.i for e in sentence.ents for t in e}
    doc = sentence.doc
    ents += [Span(doc, t.i, t.i + 1, label="DATE") for t in sentence
             if t.lower_ in vocab().day_words and t.i not in covered]
    return sorted(ents, key=lambda e: e.start)


def _dates_other_noun(ent: Span, draft: Draft) -> bool:
    """"a suspect in the March 2 bombing": the date belongs to the bombing; but "killed in
    Tuesday's attack", "agreed at last week's talks" name the event's own setting. A noun
    merged into the draft ("a strike on a commander linked to the July 2 attack") keeps its
    own date unless it is that setting: the trigger itself is what the draft dates."""
    root = ent.root
    own = {t.i for t in draft.tokens}
    head = root.head
    setting = (head.dep_ == "pobj" and head.head.head.i in own) or (
        head.i in own and head.head.i in own)  # "Tuesday's strike killed five"
    return (root.dep_ in ("compound", "nmod", "amod", "poss") and head.pos_ in ("NOUN", "PROPN")
            and head.i != draft.token.i and head.ent_type_ not in ("DATE", "TIME")
            and not setting)




def _dates_report_of(ent: Span, draft: Draft) -> bool:
    """The date hangs on a reporting verb whose content (object, clause, subject) holds the
    trigger: "forces today confirmed the death of ...", "confirmed on Monday was the arrest
    of ...". The trigger being that verb, or a date inside the trigger's own clause, is not."""
    verb = ent.root.head
    if ent.root.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head  # "confirmed on Monday"
    if verb.lemma_.lower() not in vocab().date_reporting_verbs or verb.pos_ not in ("VERB", "AUX"):
        return False
    own = {t.i for t in draft.tokens}
    if verb.i in own:
        return False
    # "confirmed today was the capture": the reporting clause is the subject of the copula
    governors = {verb.i, verb.head.i} if verb.dep_ in ("csubj", "csubjpass") else {verb.i}
    return any(a.i in governors for a in draft.token.ancestors)


def _within(token: Token, heads: list[Token]) -> bool:
    ids = {t.i for t in heads}
    return any(a.i in ids for a in (token, *token.ancestors))


_CODE_LIKE = re.compile(r"^\d{4}-\d{2}$")


def _is_event_date(ent: Span) -> bool:
    if ent.text.isdigit() and len(ent.text) > 8:
        return False  # a long number, not a date
    following = ent.doc[ent.end].text if ent.end < len(ent.doc) else ""
    preceding = ent.doc[ent.start - 1].text if ent.start > 0 else ""
    if preceding == "(" and following == ")":
        return False  # "KABUL, Afghanistan (Jan. 22, 2013)": the dateline, not the event
    if _CODE_LIKE.match(ent.text) and following.startswith("-"):
        return False  # a document number such as "2010-11-S-260", not a date
    if ent.start > 0 and ent.doc[ent.start - 1].lower_ in vocab().not_date_preps:
        return False  # "since early 2022" is a span, not when this event happened
    if any(a.lower_ in vocab().not_date_preps for a in list(ent.root.ancestors)[:4]):
        return False
    text = ent.text.lower()
    if any(word in text for word in vocab().not_event_dates):
        return ent.label_ == "DATE" and text.startswith(("last ", "this ", "next "))
    return ent.label_ == "DATE" or any(w in text for w in ("night", "morning", "evening"))


def _tree_distance(a: Token, b: Token) -> int:
    path_a = [a, *[g for _, g in ancestors(a)]]
    path_b = [b, *[g for _, g in ancestors(b)]]
    ids_b = {t.i: depth for depth, t in enumerate(path_b)}
    for depth, token in enumerate(path_a):
        if token.i in ids_b:
            return depth + ids_b[token.i]
    return len(path_a) + len(path_b)

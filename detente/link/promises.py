"""Which mentions make a commitment, what they promise, and what kind of promise it is.

``is_promise`` is the one place that decides whether an extracted event makes a commitment: a
trained detector can take its place without touching how commitments are followed. The rule
here: an asserted agreement or concession, or a cooperative step said to be coming ("will
exchange proposals"), that says *what* is promised. Forecasts of force, warnings and threats
are not promises, and neither is a deal described by how it was made ("the accord reached in
Geneva last month") or a signing with no clause ("signed separate documents with the UN").
"""

from __future__ import annotations

import re

from detente.link.mentions import Mention

PROMISE_TYPES = frozenset({"AGREE", "CONCEDE"})
# what can be promised for later; "will launch an offensive" is a forecast, not a promise
FUTURE_TYPES = frozenset({"AGREE", "CONCEDE", "RETREAT", "AID", "CONSULT", "COOPERATE"})
KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in (
        ("bodies", r"\b(bod(?:y|ies)|mortal remains|remains of)\b"),
        ("swap", r"\b(prisoner|pows?\b|captive|swap|detainee|release|free\b|freeing|hostage)"),
        ("shipping", r"\b(grain|cargo|ships?\b|shipping|shipments?|vessels?|ports?\b|exports?|"
                     r"corridor|sea lanes?)"),
        ("proposals", r"\b(proposal|memorand|draft|document|roadmap|peace plan|terms)"),
        ("aid", r"\b(aid\b|deliver|supply|supplies|weapons|missiles|air defen[cs]e|funding|"
                r"loan|tanks?\b|vehicles?)"),
        ("talks", r"\b(talks|meet|meeting|negotiat|summit)"),
        ("ceasefire", r"\b(ceasefire|truce|halt|pause|moratorium|stop (?:strik|attack|fir))"),
    )
)
KIND_NAMES: tuple[str, ...] = (*(kind for kind, _ in KINDS), "other")
# what a counted commitment counts, when the sentence names no unit of its own
DEFAULT_UNITS = {"bodies": "bodies", "swap": "prisoners", "shipping": "tonnes"}
ONE_OFF_KINDS = frozenset({"talks", "proposals"})  # done once it happens, number or not

_PLAIN_WORD = re.compile(r"\b[a-z]{3,}\b")
MIN_WHAT_WORDS = 2
MAX_GAP_WORDS = 10  # words between a trigger and the infinitive that says what it promises
# a clause that only says how a deal was made, not what it binds anyone to
_HOW_MADE = re.compile(r"^(?:was |were |been )?(?:reached|struck|signed|agreed|brokered|sealed|"
                       r"concluded|made|negotiated)\b", re.IGNORECASE)
_ACTION = re.compile(
    r"^to\b|\b(exchange|swap|release|return|handover|hand over|ceasefire|truce|halt|pause|"
    r"moratorium|deliver|supply|shipment|corridor|withdraw|talks|meeting|transfer|reopen|"
    r"evacuat|repatriat|aid\b|payment|pay\b|stop|end\b|open)", re.IGNORECASE)
_INFINITIVE = re.compile(r"\bto ([a-z]+\b.*)")  # "to let ships ...", not "to Ukraine"
# where the promise's clause ends: an attribution ("..., Turkish officials said")
_ATTRIBUTION = re.compile(
    r",\s+(?:(?:the |a |an )?[\w'’.-]+\s+){0,6}?(?:said|says|told|announced|added|reported)\b.*$",
    re.IGNORECASE)
_EXTENSION = re.compile(r"^to (?:extend|renew|prolong|roll over)\b", re.IGNORECASE)


def is_promise(m: Mention) -> bool:
    """An asserted agreement or concession, or a cooperative step said to be coming, that
    says what is promised (see the module's docstring)."""
    if not ((m.type in PROMISE_TYPES and m.modality == "asserted")
            or (m.modality == "future" and m.type in FUTURE_TYPES)):
        return False
    what = what_of(m)
    return what is not None and not _EXTENSION.match(what)


def what_of(m: Mention) -> str | None:
    """The promised clause: the event's content when it states one, else the infinitive
    after the trigger ("signed an agreement ... to let cargo ships carry grain ...")."""
    content = (m.content or "").strip(" ,.;")
    if _is_what(content):
        return content
    found = _INFINITIVE.search(_after_trigger(m))
    if found and _close_to_trigger(_after_trigger(m)[: found.start()]) and \
            _verb_like(found.group(1).split()[0]):
        clause = _ATTRIBUTION.sub("", "to " + found.group(1)).strip(" ,.;")
        if _is_what(clause):
            return clause
    return None


def is_extension(m: Mention) -> bool:
    """"agreed to extend the Black Sea grain deal by 60 days": a step in a known deal's life."""
    what = what_of(m) if m.type in PROMISE_TYPES else None
    return what is not None and bool(_EXTENSION.match(what))


def _is_what(text: str) -> bool:
    return (len(_PLAIN_WORD.findall(text)) >= MIN_WHAT_WORDS and not _HOW_MADE.match(text)
            and bool(_ACTION.search(text)))


_NOT_VERBS = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "our", "their", "its", "his", "her",
    "my", "your", "all", "some", "any", "each", "every", "both", "no", "one", "two", "three",
    "what", "which", "whom", "date", "be", "have", "do", "power", "war", "peace"})


def _verb_like(word: str) -> bool:
    """"to let ..." can be what is promised; "to illegally occupied Crimea", "to our Terms"
    and "to the talks" cannot."""
    return word not in _NOT_VERBS and not word.endswith(("ly", "ed", "ing", "'s"))


def _close_to_trigger(between: str) -> bool:
    """"signed an agreement in Geneva on Monday to let ships ..." binds the infinitive to the
    trigger; "agreement on Monday, the ministry said, accusing Kyiv of using it to attack"
    does not."""
    return "," not in between and len(between.split()) <= MAX_GAP_WORDS


def _after_trigger(m: Mention) -> str:
    at = m.evidence.casefold().find(m.trigger.casefold()) if m.trigger else -1
    return m.evidence[at:] if at >= 0 else m.evidence


def commitment_kind(what: str, m: Mention | None = None) -> str:
    """What a promise is about: bodies, swap, shipping, proposals, aid, talks, ceasefire,
    other. An AID event is aid whatever it names."""
    if m is not None and m.type == "AID":
        return "aid"
    return text_kind(what) or "other"


def text_kind(text: str) -> str | None:
    """The first kind ``text`` names, or None."""
    for kind, pattern in KINDS:
        if pattern.search(text):
            return kind
    return None

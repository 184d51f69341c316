"""Which mentions make a commitment, what they promise, and what kind of promise it is.

``is_promise`` is the one place that decides whether an extracted event makes a commitment.
It asks the trained detector (``promise_model``, built by ``detente train --commitments``) when
the package holds one, else the hand-written rule ``rule_promise``: an asserted agreement or
concession, or a cooperative step said to be coming ("will exchange proposals"), that says
*what* is promised. Forecasts of force, warnings and threats are not promises, and neither is
a deal described by how it was made ("the accord reached in Geneva last month") or a signing
with no clause ("signed separate documents with the UN"). An extension of a known deal is a
step in its life, never a new promise, whoever decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from detente.link.mentions import Mention
from detente.types import PLOVER_TYPES, profile, types_where

if TYPE_CHECKING:
    from detente.link.promise_model import PromiseModel

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
# what opens the promised clause: a modal, or a verb or adjective of promising and its "to"
_OPENER = re.compile(
    r"\b(?:will|would|shall|is to|are to)\s+(?:also\s+|soon\s+|now\s+|still\s+|not only\s+)?"
    r"(?=[a-z])|'ll\s+|\b(?:promis|pledg|vow|commit|agree|offer|ready|prepared|willing|"
    r"determin|intend|intention|plan|readiness|desire|decided|invit)\w*\s+(?:to|that|of|on)\s+|"
    r"\b(?:promised|pledged|pledging|vowed|offered|offering|guaranteed)\s+",
    re.IGNORECASE)
_CLAUSE_END = re.compile(r"\s*(?:;|,\s*[\"”]|\s[—–-]\s|"
                         r", (?:but|while|which|as|after|before|although)\b|"
                         r"[\"“”]\s*(?:[,.]|$))")
MAX_CHAIN_WORDS = 6  # "promised that France would give": the clause starts after "would"
MAX_CLAUSE_WORDS = 25
_EXTENSION = re.compile(r"^to (?:extend|renew|prolong|roll over)\b", re.IGNORECASE)


@dataclass(frozen=True)
class PromiseJudge:
    """Decides which events make a commitment. With a trained ``model``: an event the rule
    accepts (when ``keep_rule``), or one the detector gives at least its threshold (or
    ``threshold`` instead) unless its sentence reports a deal ending ("suspended its
    participation in the agreement"). Without a model: the rule alone."""

    model: PromiseModel | None = None
    threshold: float | None = None
    keep_rule: bool = True

    def strength(self, m: Mention) -> float:
        """How surely ``m`` makes a commitment: above 1 when the rule accepts it, else the
        detector's probability (0 for extensions and endings)."""
        if is_extension(m):
            return 0.0
        rule = rule_promise(m)
        if self.model is None:
            return 1.0 if rule else 0.0
        probability = self.model.probability(m)
        if rule and self.keep_rule:
            return 1.0 + probability
        from detente.link.wording import end_reason  # wording reads this module's kinds

        return 0.0 if end_reason(m.evidence) else probability

    @property
    def cut(self) -> float:
        if self.threshold is not None:
            return self.threshold
        return self.model.threshold if self.model is not None else 0.5

    def __call__(self, m: Mention) -> bool:
        return self.strength(m) >= self.cut


@cache
def default_judge() -> PromiseJudge:
    """The detector shipped in the package, or the rule when there is none."""
    from detente.link.promise_model import default_model

    return PromiseJudge(default_model())


RULE = PromiseJudge()


def is_promise(m: Mention) -> bool:
    """Whether this event makes a commitment (see the module's docstring)."""
    return default_judge()(m)


def rule_promise(m: Mention) -> bool:
    """The hand-written rule: an asserted agreement or concession, or a cooperative step said
    to be coming, that says what is promised."""
    # what can be promised for later (future_promise); "will launch an offensive" is a
    # forecast, not a promise
    if not ((m.type in types_where("promise") and m.modality == "asserted")
            or (m.modality == "future" and m.type in types_where("future_promise"))):
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


def promise_clause(m: Mention) -> str:
    """What a detected promise binds its parties to, as a readable clause: ``what_of`` when
    the event says it, else the words after the promise's opener ("pledged to", "would",
    "is ready to") nearest its trigger, else the event's content or its sentence."""
    return stated_what(m) or (m.content or m.evidence).strip()


def stated_what(m: Mention) -> str | None:
    """``what_of`` when it reads as a clause, else the clause after the promise's opener
    ("would allocate $713m of aid to Ukraine", not the aid's "to Ukraine"), else None."""
    what = what_of(m)
    if what is not None and _reads_as_clause(what):
        negated = re.search(r"\bnot\s+" + re.escape(what), m.evidence, re.IGNORECASE)
        return f"not {what}" if negated else what  # "promised not to invade the island"
    return clause_of(m.evidence, m.trigger) or what


def _reads_as_clause(what: str) -> bool:
    first, _, rest = what.partition(" ")
    if first.casefold() != "to":
        return True
    word = rest.split()[0] if rest.split() else ""
    return word.islower() and _verb_like(word)


def clause_of(text: str, trigger: str = "") -> str | None:
    """"Macron promised that France would give Ukraine six Caesar systems, he said" ->
    "give Ukraine six Caesar systems": the clause after the opener at or after the trigger
    (following a chain "promised that ... would"), without its attribution."""
    at = text.casefold().find(trigger.casefold()) if trigger else 0
    openers = list(_OPENER.finditer(text))
    after = [o for o in openers if o.end() > max(at, 0)] or openers[-1:]
    if not after:
        return None
    chosen = after[0]
    for later in after[1:]:
        if len(text[chosen.end(): later.start()].split()) > MAX_CHAIN_WORDS:
            break
        chosen = later
    clause = _ATTRIBUTION.sub("", text[chosen.end():])
    clause = _CLAUSE_END.split(clause, maxsplit=1)[0]
    words = clause.strip(" ,.;:\"'“”‘’").split()[:MAX_CLAUSE_WORDS]
    return " ".join(words) if len(words) >= MIN_WHAT_WORDS else None


def is_extension(m: Mention) -> bool:
    """"agreed to extend the Black Sea grain deal by 60 days": a step in a known deal's life."""
    what = what_of(m) if m.type in types_where("promise") else None
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
    other. An AID event is aid whatever it names (the type profile's commitment_kind)."""
    if m is not None and m.type in PLOVER_TYPES and profile(m.type).commitment_kind:
        return profile(m.type).commitment_kind or "other"
    return text_kind(what) or "other"


def text_kind(text: str) -> str | None:
    """The first kind ``text`` names, or None."""
    for kind, pattern in KINDS:
        if pattern.search(text):
            return kind
    return None

"""What a report's sentence says about a deal: which deal it names, and which step in the
deal's life it reports (carried out, completed, a running total, extended, suspended, ended).

Read from the sentence's words, whatever event types the extractor gave it: "Russia withdrew
from the Black Sea grain deal" ends a deal whether the event is a RETREAT or a SANCTION.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from detente.link.promises import text_kind

_DEAL_NOUNS = (r"deal|agreement|accord|arrangement|framework|initiative|pact|treaty|"
               r"memorandum|truce|ceasefire|swap|exchange|corridor|understanding")
_SETTLED = r"reached|struck|signed|agreed|brokered|sealed|concluded|made|negotiated"
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_NOT_MODIFIER = r"(?!(?:the|a|an|of|under|in|at|on|to|from|with|by|for|and|or|after|since)\b)"
REFERENCE = re.compile(
    rf"\b(?:the|this|that|its|their)\s+(?P<mods>(?:{_NOT_MODIFIER}[\w'’-]+\s+){{0,4}})"
    rf"(?P<noun>{_DEAL_NOUNS})\b(?P<how>\s+(?:{_SETTLED})\b(?:\s+(?:in|at|with|by|under)"
    rf"\s+(?:(?-i:[A-Z])[\w'’-]+\s?)+)?)?", re.IGNORECASE)
_STOP = frozenset({"the", "a", "an", "of", "in", "at", "on", "with", "by", "under", "and",
                   "its", "their", "this", "that", "first", "new", "same", "whole"})
_TIME = re.compile(r"\b(last|this|earlier this|previous) (week|month|year)\b|"
                   rf"\b(?:in|on) ({'|'.join(_MONTHS)})\b", re.IGNORECASE)


@dataclass(frozen=True)
class Reference:
    """A definite naming of a deal: "the grain corridor deal", "the swap agreed in Istanbul
    last week", "the Geneva framework"."""

    text: str
    words: frozenset[str]  # its distinctive words, lower case ("grain", "corridor", "geneva")
    kind: str | None  # the kind its words name, if any
    time: str | None  # "last month", "this week", "may" when it says when the deal was made


def find_references(text: str) -> list[Reference]:
    found = []
    for match in REFERENCE.finditer(text):
        phrase = match.group(0)
        tail = text[match.end(): match.end() + 40]
        words = frozenset(w for w in re.findall(r"[a-z][a-z'’-]+", (
            match.group("mods") + " " + (match.group("how") or "")).casefold())
            if w not in _STOP and not re.fullmatch(_SETTLED, w))
        timing = _TIME.search(phrase + tail[:25])
        found.append(Reference(phrase, words, text_kind(phrase),
                               timing.group(0).casefold() if timing else None))
    return found


# steps in a deal's life, read from the sentence; a hedge before the word undoes it
_HEDGE = re.compile(r"\b(would|could|might|may|threat\w*|warn\w*|if|unless|plan\w*|consider\w*|"
                    r"will|deni\w*|deny|accus\w*|refus\w*|not|never|no longer|ready to|"
                    r"vow\w*|call\w* for|urg\w*|demand\w*)\b[^.;]{0,40}$", re.IGNORECASE)
_ENDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE)) for reason, pattern in (
        ("suspended", r"\bsuspend(?:ed|s|ing)?\b|\bput (?:its|their) participation on hold\b|"
                      r"\bhalted (?:its|their) participation\b"),
        ("withdrew", r"\bwithdr[ae]w[ns]?\b|\bwithdrawing\b|\bpull(?:ed|s|ing)? out\b|"
                     r"\bquit(?:s|ting)?\b|\bwalk(?:ed|s)? (?:out|away)\b|\bexit(?:ed|s)?\b|"
                     r"\bleft the (?:deal|agreement|accord|initiative)\b"),
        ("terminated", r"\bterminat(?:ed|es|ing)\b|\bscrap(?:ped|s)\b|\btore up\b|"
                       r"\babandon(?:ed|s)\b|\brenounc(?:ed|es)\b|\bcancel+ed\b"),
        ("violated", r"\bviolat(?:ed|es|ing)\b|\bbreach(?:ed|es)\b|\bbroke\b"),
        ("expired", r"\bexpired\b|\blapsed\b|\bcollapsed\b|\bran out\b"),
    ))
_RESUME = re.compile(r"\bresum(?:ed|es|ing)\b|\brejoin(?:ed|s)?\b|\breturned to the "
                     rf"(?:{_DEAL_NOUNS})\b|\brevived\b", re.IGNORECASE)
_EXTEND = re.compile(r"\bextend(?:ed|s|ing)?\b|\bextension\b|\brenew(?:ed|s|al)?\b|"
                     r"\bprolong(?:ed|s)?\b|\brolled over\b", re.IGNORECASE)
_COMPLETE = re.compile(
    r"\bcomplet(?:ed|ing|es|ion of)\b|\bfinal (?:round|stage|batch|group|phase)\b|"
    r"\blast (?:round|stage|batch|group|phase)\b|\bfully (?:carried out|implemented)\b|"
    r"\ball (?:of )?(?:the )?(?:\w+ ){0,3}(?:have|had) (?:now )?been (?:returned|freed|released|"
    r"exchanged|delivered|handed over)\b", re.IGNORECASE)
_UNFINISHED = re.compile(r"\b(?:not|yet to be|before) (?:been )?complet|\bcontinue\b|"
                         r"\bfurther (?:rounds|stages)\b|\bnext (?:round|stage)\b",
                         re.IGNORECASE)


def end_reason(text: str) -> tuple[str, str] | None:
    """("suspended", "suspended") when the sentence reports a deal ended, unhedged."""
    for reason, pattern in _ENDS:
        for match in pattern.finditer(text):
            if not _HEDGE.search(text[: match.start()]):
                return reason, match.group(0)
    return None


def resumes(text: str) -> bool:
    return any(not _HEDGE.search(text[: m.start()]) for m in _RESUME.finditer(text))


def extends(text: str) -> bool:
    return any(not _HEDGE.search(text[: m.start()]) for m in _EXTEND.finditer(text))


def completes(text: str) -> bool:
    """The step completes the deal ("completing the exchange", "the final round"); "the
    exchange will continue in stages" never does."""
    return bool(_COMPLETE.search(text)) and not _UNFINISHED.search(text) and not any(
        _HEDGE.search(text[: m.start()]) for m in _COMPLETE.finditer(text))


# amounts with their units: "95,000 tonnes", "three ships", "the bodies of 1,212 soldiers"
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
                 "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}
_SCALE = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_NUMBER = (rf"(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{'|'.join(_WORD_NUMBERS)})"
           rf"(?:\s+(?P<scale>{'|'.join(_SCALE)}))?")
UNITS = {"tonne": "tonnes", "ton": "tonnes", "t": "tonnes", "ship": "ships", "vessel": "ships",
         "cargo": "ships", "body": "bodies", "prisoner": "prisoners", "pow": "prisoners",
         "captive": "prisoners", "soldier": "soldiers", "serviceman": "soldiers",
         "servicemen": "soldiers", "vehicle": "vehicles", "tank": "tanks",
         "missile": "missiles", "shell": "shells", "dollar": "dollars", "euro": "euros"}
_UNIT_WORD = r"(?P<unit>" + "|".join(sorted(
    (w + "es?" if w.endswith("o") else w + "s?" if not w.endswith("men") else w)
    for w in UNITS)) + r")\b"
_AMOUNT = re.compile(rf"\b{_NUMBER}\s+(?:(?:metric|more|of|fallen|additional|other|[A-Z]\w+)"
                     rf"\s+){{0,2}}{_UNIT_WORD}", re.IGNORECASE)
_BODIES_OF = re.compile(rf"\b(?:bodies|remains) of (?:the )?{_NUMBER}\b", re.IGNORECASE)


@dataclass(frozen=True)
class Amount:
    value: int
    unit: str
    start: int


def amounts(text: str) -> list[Amount]:
    """Every counted amount in ``text`` with its unit (plural, normalised)."""
    found = [Amount(value, UNITS[_singular(m.group("unit"))], m.start())
             for m in _AMOUNT.finditer(text) if (value := _value(m)) is not None]
    found += [Amount(value, "bodies", m.start()) for m in _BODIES_OF.finditer(text)
              if (value := _value(m)) is not None]
    return sorted(found, key=lambda a: a.start)


def _singular(word: str) -> str:
    word = word.casefold()
    if word in UNITS:
        return word
    return word[:-2] if word.endswith("es") and word[:-2] in UNITS else word[:-1] if \
        word[:-1] in UNITS else word.replace("ies", "y")


def _value(match: re.Match[str]) -> int | None:
    raw = match.group("n").casefold().replace(",", "")
    number = float(raw) if raw[0].isdigit() else float(_WORD_NUMBERS[raw])
    scale = match.group("scale")
    return int(number * _SCALE[scale.casefold()]) if scale else int(number)


# a running total, not one round: "have now each freed 450 of the 600", "bringing the total
# to 1,000", "640 so far", "exports had passed one million tonnes since May"
_CUMULATIVE = re.compile(
    r"\b(in total|so far|to date|altogether|total of|bringing the total|have now|has now|"
    r"in all|passed|exceeded|topped|surpassed)\b|"
    r"\b[\d,]+\s+of the\s+[\d,]+", re.IGNORECASE)
_ANY_NUMBER = re.sub(r"\?P<\w+>", "?:", _NUMBER)
_TOTAL_FIGURES = re.compile(
    rf"\btotal (?:of|to)\s+(?P<a>{_ANY_NUMBER})|"
    rf"\bbringing (?:the (?:total|number) )?to\s+(?P<b>{_ANY_NUMBER})|"
    rf"\b(?:have|has) now (?:\w+ ){{0,2}}(?P<c>{_ANY_NUMBER})|"
    rf"\b(?P<d>{_ANY_NUMBER})\s+(?:\w+\s+){{0,3}}(?:in total|so far|to date|altogether|in all)\b|"
    rf"\b(?:passed|exceeded|topped|surpassed)\s+(?P<e>{_ANY_NUMBER})|"
    rf"\b(?P<f>{_ANY_NUMBER})\s+of the\s+[\d,]+", re.IGNORECASE)
_ONE_NUMBER = re.compile(_NUMBER, re.IGNORECASE)


def running_totals(text: str) -> set[int] | None:
    """The running totals a sentence states, an empty set when it is cumulative without a
    readable figure, or None when it is no running total at all."""
    if not _CUMULATIVE.search(text):
        return None
    totals = set()
    for match in _TOTAL_FIGURES.finditer(text):
        figure = next(group for group in match.groups() if group)
        number = _ONE_NUMBER.match(figure)
        if number and (value := _value(number)) is not None:
            totals.add(value)
    return totals


def is_running_total(text: str, value: int | None) -> bool:
    """``value`` is a running total in ``text``: "have now freed 800 in total" is; "freed
    307, bringing the total to 1,000" is not (307 is the round)."""
    totals = running_totals(text)
    return totals is not None and (not totals or value in totals)

"""What the commitment detector sees of one extracted event: its type, modality and trigger,
what the hand-written rule says of it, and the words of its sentence, above all the cues that
mark a promise ("pledged to", "is ready to", "will provide") or rule one out (a threat, a
condition, a deal described as past).

Everything is read from a stored event (``Mention``), so the detector runs in the link stage
without the language model, on exactly what it was trained on.
"""

from __future__ import annotations

import re

from detente.link.mentions import Mention
from detente.link.promises import rule_promise, what_of

_WORD = re.compile(r"[a-z]+")
NEAR_CHARS = 60  # a cue this close to the event's trigger speaks of that event
LENGTH_BUCKET_WORDS = 15
# Words that, somewhere in the sentence or next to the trigger, say a promise is being made
# or that something else is (my own lists, read off the annotation guide's definition).
CUES: dict[str, re.Pattern[str]] = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in {
    "promise": r"\b(?:promis|pledg|vow|commit|guarantee|assur|undert(?:ook|ake)|swore|sworn)\w*",
    "agree-to": r"\bagree[sd]?\s+(?:\w+\s+){0,3}?(?:to|on)\b|"
                r"\b(?:agreement|deal|accord|contract|memorandum|treaty)\b.{0,80}?\bto\s+[a-z]+",
    "ready": r"\b(?:ready|prepared|willing|open|readiness|determin\w*|intend\w*|intention|"
             r"plans?|planned|desire|aim\w*)\s+(?:\w+\s+)?(?:to|for|of)\b",
    "offer": r"\b(?:offer\w*|invit\w*)\b",
    "will-give": r"\b(?:will|would|shall|'ll|is to|are to|going to)\s+(?:\w+\s+){0,2}?"
                 r"(?:provide|give|send|supply|deliver|allocate|support|continue|help|assist|"
                 r"stand|commit|contribute|fund|finance|train|host|open|return|release|"
                 r"exchange|increase|deepen|bolster|strengthen|work|cooperate|defend|back|"
                 r"pursue|invest|establish|create|build|buy)\b",
    "will": r"\b(?:will|would|shall|'ll)\b",
    "announce": r"\b(?:announc\w*|unveil\w*|approv\w*|signed|sign)\b",
    "money": r"(?:[$£€]|\b(?:bn|billion|million|package|aid|assistance|funding|grant|loan)\b)",
    "threat": r"\b(?:threat\w*|warn\w*|retaliat\w*|ultimatum|destroy|retake|strike)\b",
    "if": r"\b(?:if|unless|provided that)\b",
    "past": r"\b(?:last (?:month|year|week)|ago|in (?:19|20)\d\d|since|"
            r"had (?:agreed|signed|promised|pledged))\b",
    "negation": r"\b(?:not|never|no|refus\w*|reject\w*)\b|n't\b",
    "first-person": r"\b(?:we|i)\s+(?:will|would|are|am|shall|promise|pledge|remain)\b|"
                    r"\b(?:we|i)'ll\b",
    "continue": r"\bcontinu\w*\s+(?:to|its|their|our|his|her)\b",
    "accuse": r"\b(?:accus\w*|claim\w*|alleg\w*|condemn\w*)\b",
    "say": r"\b(?:said|says|told|stated|according to)\b",
}.items()}


def promise_features(m: Mention) -> set[str]:
    """Binary features of one event for the commitment decision."""
    text = m.evidence.casefold()
    trigger = m.trigger.casefold()
    features = {f"t:{m.type}", f"tm:{m.type}:{m.modality}", f"mod:{m.modality}",
                f"trig:{trigger}", f"src:{min(len(m.sources), 2)}",
                f"len:{min(len(_WORD.findall(text)) // LENGTH_BUCKET_WORDS, 4)}"}
    if m.mode:
        features.add(f"mode:{m.mode}")
    if rule_promise(m):
        features.add("rule")
    if what_of(m):
        features.add("what")
    if m.content:
        features.add("content")
    if m.evidence.rstrip().endswith("?"):
        features.add("question")
    at = text.find(trigger) if trigger else -1
    near = text[max(0, at - NEAR_CHARS): at + len(trigger) + NEAR_CHARS] if at >= 0 else text
    for name, pattern in CUES.items():
        if pattern.search(text):
            features.add(f"cue:{name}")
            if pattern.search(near):
                features.update({f"near:{name}", f"near:{name}:{m.type}"})
    features.update(f"w:{word}" for word in _WORD.findall(text))
    if at >= 0:
        features.update(f"pre:{w}" for w in _WORD.findall(text[:at])[-2:])
        features.update(f"post:{w}" for w in _WORD.findall(text[at + len(trigger):])[:2])
    return features

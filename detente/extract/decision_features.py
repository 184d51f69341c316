"""What the trained decision layer sees of a parsed sentence: its words, its grammar, and every
candidate the rules proposed in it (live or suppressed), as binary features.

The same function serves training (``detente.train``) and extraction, so the model is always
scored on exactly what it was fitted on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from detente.extract.draft import Draft
from detente.extract.language import vocab

_SKIPPED_POS = frozenset({"PUNCT", "SPACE"})
_QUOTES = frozenset({'"', "“", "”", "«", "»"})
POSITION_BUCKETS = 5
LENGTH_BUCKET_WORDS = 10


@dataclass
class SentenceContext:
    """Where a sentence stands: its article's place in the batch, its index among the
    article's sentences,
    whether it is a subheading, whether the trigger pre-filter found an event word in it, and
    the types the rules proposed in the sentence before it."""

    article_index: int = 0
    index: int = 0
    subheading: bool = False
    has_trigger_word: bool = True
    previous_types: frozenset[str] = field(default_factory=frozenset)


def sentence_features(sentence: Span, drafts: Iterable[Draft], context: SentenceContext,
                      counts: int = 0, cumulative: int = 0) -> set[str]:
    """Binary features of one sentence for the type decision."""
    features = _word_features(sentence)
    features.add(f"pos:{min(context.index, POSITION_BUCKETS)}")
    features.add(f"len:{min(len(sentence) // LENGTH_BUCKET_WORDS, 5)}")
    if context.subheading:
        features.add("subheading")
    if context.has_trigger_word:
        features.add("trigger-word")
    if counts:
        features.add("counts")
    if cumulative:
        features.add("cumulative")
    features.update(f"prev:{kind}" for kind in context.previous_types)
    for draft in drafts:
        features.update(draft_features(draft))
    return features


def _word_features(sentence: Span) -> set[str]:
    features: set[str] = set()
    lemmas = [t.lemma_.lower() for t in sentence if t.pos_ not in _SKIPPED_POS]
    features.update(f"w:{lemma}" for lemma in lemmas)
    features.update(f"b:{a}_{b}" for a, b in zip(lemmas, lemmas[1:], strict=False))
    for token in sentence:
        if token.dep_ == "ROOT":
            features.add(f"root:{token.lemma_.lower()}")
        if token.ent_type_:
            features.add(f"ent:{token.ent_type_}")
        if token.tag_ == "MD":
            features.add(f"md:{token.lower_}")
        if token.dep_ == "neg":
            features.add("negation")
        if token.text in _QUOTES:
            features.add("quote")
    if sentence.text.rstrip().endswith("?"):
        features.add("question")
    return features


def draft_features(draft: Draft) -> set[str]:
    """What the rules said about one candidate, each feature prefixed by its proposed type."""
    kind = f"d:{draft.type}"
    token = draft.token
    features = {kind, f"{kind}:{'sup' if draft.suppressed else 'live'}", f"{kind}:{draft.modality}",
                f"{kind}:l:{token.lemma_.lower()}", f"dl:{token.lemma_.lower()}",
                f"{kind}:{token.pos_}", f"{kind}:dep:{token.dep_}",
                f"{kind}:h:{token.head.lemma_.lower()}"}
    if draft.embedded_in is not None:
        features.update({f"{kind}:emb", f"{kind}:emb:{draft.embedded_in.lemma_.lower()}"})
    if any(not a.implied for a in draft.source):
        features.add(f"{kind}:src")
    if any(not a.implied for a in draft.target):
        features.add(f"{kind}:tgt")
    if not draft.quantities.is_empty():
        features.add(f"{kind}:q")
    if draft.mode:
        features.add(f"{kind}:m:{draft.mode}")
    if draft.deontic:
        features.add(f"{kind}:deontic")
    features.update(f"{kind}:{f}" for f in _grammar_of(token))
    return features


def _grammar_of(token: Token) -> set[str]:
    """Where the trigger stands in its clause: tense, auxiliaries, negation, its subject's
    kind, whether it heads the sentence or hangs under a verb of saying."""
    features = {f"tag:{token.tag_}"}
    if token.dep_ == "ROOT" or token.head.dep_ == "ROOT":
        features.add("near-root")
    for child in token.children:
        if child.dep_ in ("aux", "auxpass") and child.tag_ == "MD":
            features.add(f"aux:{child.lower_}")
        elif child.dep_ == "neg":
            features.add("neg")
        elif child.dep_ in ("nsubj", "nsubjpass"):
            features.add(f"subj:{child.ent_type_ or child.pos_}")
    if token.head.lemma_.lower() in vocab().saying:
        features.add("under-saying")
    return features

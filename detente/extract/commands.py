"""Commands in reported speech: "'Free the hostages,' the mediator told the rebels", "told
the rebels: free them", "told the rebels to free them" are demands (REQUEST) whose content
is the command."""

from __future__ import annotations

from spacy.tokens import Token

from detente.extract.language import vocab
from detente.extract.phrases import is_infinitive

_QUOTE_MARKS = frozenset({'"', "“", "‘", "'"})


def command_of(speech: Token) -> Token | None:
    """The verb a speech verb commands, or None."""
    if speech.lemma_.lower() not in vocab().directive_speech:
        return None
    # the parser may hang the speaker under the command: "told the rebels: 'Free them'"
    clauses = [*speech.children, *([speech.head] if speech.dep_ == "ccomp" else [])]
    command = next((c for c in clauses if _is_quoted_command(c, speech)), None)
    if command is not None:
        return command
    addressed = any(c.dep_ in ("dobj", "dative") for c in speech.children)
    if speech.lemma_.lower() != "tell" or not addressed:
        return None
    return next((c for c in speech.children
                 if c.dep_ == "xcomp" and _is_order(c) and is_infinitive(c)), None)


def command_text(command: Token, speech: Token) -> str:
    """The words of the command, without the speaker's part or the quotation marks."""
    said = {t.i for t in speech.subtree} if speech.head.i == command.i else set()
    kept = [t for t in command.subtree if t.i not in said]
    text = command.doc[kept[0].i: kept[-1].i + 1].text
    return text.strip(" \"“”‘’',:.")


def _is_order(verb: Token) -> bool:
    return verb.lemma_.lower() not in vocab().not_orders


def _is_quoted_command(clause: Token, speech: Token) -> bool:
    """A bare verb with no subject, auxiliary or "that" that opens the words said."""
    if clause.tag_ != "VB" or not (clause.dep_ in ("ccomp", "parataxis", "xcomp", "advcl")
                                   or clause.i == speech.head.i):
        return False
    if not _is_order(clause) or any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "mark", "expl")
            for c in clause.children):
        return False
    return _opens_what_is_said(clause, speech)


def _opens_what_is_said(verb: Token, speech: Token) -> bool:
    """Quoted before its speaker ("'Release them,' she said"), or after a colon ("told
    Moscow: release them")."""
    before = verb.i - 1
    while before >= verb.sent.start and (verb.doc[before].is_space
                                         or verb.doc[before].text in _QUOTE_MARKS):
        before -= 1
    if verb.i < speech.i:
        return before < verb.sent.start
    return before >= verb.sent.start and verb.doc[before].text == ":"

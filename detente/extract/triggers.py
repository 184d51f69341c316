"""Finding event triggers in a parsed sentence: verbs, event nouns and predicates."""

from __future__ import annotations

from spacy.tokens import Span, Token

from detente.extract.commands import command_of
from detente.extract.draft import Draft
from detente.extract.language import vocab
from detente.extract.lexicon import Sense, TriggerLexicon
from detente.extract.modality import has_to
from detente.extract.place_names import PLACE_LABELS
from detente.extract.senses import KEEP, NONE, OF_OBJECT, modifiers_of
from detente.resolve import Gazetteer


def find_triggers(sentence: Span, lexicon: TriggerLexicon, places: Gazetteer) -> list[Draft]:
    """Every token of the sentence that names a new event, with its PLOVER sense (``places``
    tells a town the tagger missed: "captured Soledar")."""
    drafts = []
    for token in sentence:
        if _is_reported_obligation(token, lexicon):
            demand = lexicon.construction("reported_obligation")
            drafts.append(Draft(sentence, token, demand.type, demand.mode, deontic=True))
            continue
        sense = trigger_sense(token, lexicon, places)
        if sense and sense.type and not _is_imperative(token):
            mode = sense.mode or _mode_from_verb(token, sense.type, lexicon)
            # a back-reference is no new event, but it still holds its content: "swapped
            # prisoners, as agreed at talks in Istanbul" reports no new talks
            drafts.append(Draft(sentence, token, sense.type, mode,
                                suppressed=_is_back_reference(token, lexicon)))
    return drafts




def _is_reported_obligation(token: Token, lexicon: TriggerLexicon) -> bool:
    """"X said Y must do Z" states a demand of X on Y."""
    if token.dep_ != "ccomp" or token.pos_ not in ("VERB", "AUX"):
        return False
    if token.head.lemma_.lower() not in lexicon.embedding.get("speech", frozenset()):
        return False
    has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
    return has_subject and (any(c.dep_ == "aux" and c.lower_ in vocab().obligation_aux
                                for c in token.children)
                        or any(has_to(token, c) for c in token.children))


def _is_imperative(token: Token) -> bool:
    """"Sign up to our newsletter", "Read more": a bare verb opening a sentence with no
    subject addresses the reader; it reports nothing."""
    if token.tag_ != "VB" or token.dep_ != "ROOT":
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "expl") for c in token.children):
        return False
    first = next((t for t in token.sent if not t.is_punct and not t.is_space), None)
    return first is not None and first.i == token.i


def _is_back_reference(token: Token, lexicon: TriggerLexicon) -> bool:
    """"these demands", "during the talks", "despite the swap deal": an event already
    reported, mentioned again as background, not a new event; likewise a participle that
    describes a noun's state ("the occupied town", "the temporarily occupied Crimea")."""
    if token.tag_ == "VBN" and token.dep_ == "amod":
        return True
    if token.pos_ == "VERB" and _describes_known_thing(token, lexicon):
        return True
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    modifiers = {c.lower_ for c in token.children if c.dep_ in ("det", "amod", "poss", "predet")}
    if modifiers & vocab().anaphoric:
        return True
    if token.dep_ in ("dobj", "oprd") and token.head.lemma_.lower() in vocab().naming_verbs:
        return True
    if token.dep_ == "attr" and token.head.lemma_.lower() == "be" and not modifiers & {"the"}:
        # "support for Kyiv is a threat" describes; "confirmed today was the capture of ..."
        # names the event
        return True
    head = token.head
    return (token.dep_ == "pobj" and head.lower_ in vocab().background_preps
            and bool(modifiers & vocab().definite) and head.head.pos_ in ("VERB", "AUX"))


def _describes_known_thing(verb: Token, lexicon: TriggerLexicon) -> bool:
    """"the swap agreed in Doha", "those killed", "as agreed at the summit": a participle
    that tells which known thing is meant, not a new event (unlike a headline's "Two soldiers
    killed in shelling")."""
    head = _described_noun(verb)
    if head is not None:
        determiners = {c.lower_ for c in head.children if c.dep_ == "det"}
        # "the swap agreed in Doha" names a known deal by how it was made; "the meeting,
        # hosted by Turkey" and "the document signed in Minsk on Friday" tell something new
        return head.lower_ in vocab().anaphoric or bool(determiners & vocab().anaphoric) or (
            "the" in determiners and _lemma(verb) in vocab().settled_verbs
            and _lemma(head) in lexicon.nouns)
    return verb.dep_ == "advcl" and verb.tag_ in ("VBN", "VBD") and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in verb.children) and not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children)


def _described_noun(verb: Token) -> Token | None:
    """The noun a participle describes: its head for "acl", and the noun just before it when
    the parser read "the swap agreed in Doha" as a verb of its own with no subject."""
    if verb.tag_ == "VBN" and verb.dep_ == "acl":
        return verb.head
    if verb.dep_ == "conj" and verb.head.tag_ == "VBN" and verb.head.dep_ in ("acl", "csubj"):
        return _described_noun(verb.head)  # "those killed and wounded"
    if verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        # the parser may make "those" the participle's subject: "those killed were ..."
        those = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")
                      and c.lower_ == "those"), None)
        if those is not None:
            return those
    if verb.tag_ not in ("VBN", "VBD") or verb.dep_ not in ("advcl", "conj") or verb.i == 0:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "cc", "mark")
           for c in verb.children):
        return None
    before = verb.doc[verb.i - 1]
    return before if before.pos_ in ("NOUN", "PROPN") and before.dep_ == "pobj" else None


def _mode_from_verb(token: Token, kind: str, lexicon: TriggerLexicon) -> str | None:
    """"facilitated the talks" -> CONSULT:third-party: the verb gives the noun its mode."""
    if token.dep_ in ("dobj", "attr") and token.head.pos_ == "VERB":
        verb_sense = lexicon.verbs.get(token.head.lemma_.lower())
        if verb_sense is not None and verb_sense.type == kind:
            return verb_sense.mode
    return None


def trigger_sense(token: Token, lexicon: TriggerLexicon, places: Gazetteer) -> Sense | None:
    if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.lemma_ in lexicon.verbs):
        return _verb_sense(token, lexicon, places)
    if token.pos_ in ("NOUN", "PROPN") or (token.pos_ == "VERB" and token.tag_ == "VBG"):
        return _noun_sense(token, lexicon, places)
    if token.pos_ == "ADJ" and token.dep_ in ("acomp", "conj", "amod", "oprd"):
        return _adjective_sense(token, lexicon)
    return None


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


_COMPLEMENTS = frozenset({"dobj", "xcomp", "ccomp", "nsubjpass"})


def _verb_sense(token: Token, lexicon: TriggerLexicon, places: Gazetteer) -> Sense | None:
    lemma = _lemma(token)
    if lemma in lexicon.needs_complement and not any(
            c.dep_ in _COMPLEMENTS for c in token.children):
        return None  # "exports declined" is a fall, not a refusal
    for child in token.children:
        if child.dep_ in ("prt", "prep"):
            sense = lexicon.phrasal.get((lemma, child.lower_))
            if sense is not None:
                return sense
        if child.dep_ == "dobj":
            sense = lexicon.phrasal.get((lemma, _lemma(child)))
            if sense is not None:
                return sense
    objects = lexicon.object_senses.get(lemma)
    if objects:
        for obj in _objects(token):
            if obj.dep_ == "pobj" and obj.head.lower_ in vocab().object_setting_preps:
                continue  # "captured a leader in Sabari district": where, not what
            # "violated the ceasefire agreement": the modifier says what kind of thing it is
            words = [_lemma(c) for c in obj.children if c.dep_ == "compound"] + [_lemma(obj)]
            direct = obj.dep_ in ("dobj", "nsubjpass") and PLACE_MARK in objects
            marks = _place_mark(obj, places) if direct else []
            for word in [*words, *marks]:
                sense = objects.get(word)
                if sense is not None:
                    return sense
    if command_of(token) is not None:  # "'Free them,' she told the rebels": a demand
        return lexicon.construction("command")
    sense = lexicon.verbs.get(lemma)
    senses = lexicon.senses
    if sense is not None and _takes_event_noun(token, sense, lexicon, places):
        return None  # "signed an agreement", "struck a deal": the noun is the event
    preps = senses.verbs_needing_preposition.get(lemma)
    if sense is not None and preps is not None and not _has_prep(token, *preps):
        return None  # "called him", not "called for talks"
    if sense is not None and sense.type in senses.non_committal_types and any(
            c.dep_ == "xcomp" and _lemma(c) in senses.non_committal for c in token.children):
        return None
    if token.lower_ in senses.conditional_participles.get(lemma, ()) and not any(
            c.dep_ in ("dobj", "dative") for c in token.children):
        return None  # "provided Russia does the same" states a condition
    return sense


def _objects(token: Token) -> list[Token]:
    found = []
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass", "attr", "acomp"):
            found.append(child)
            found.extend(c for c in child.children if c.dep_ == "conj")
        elif child.dep_ == "prep":
            found.extend(c for c in child.children if c.dep_ == "pobj")
    if token.dep_ == "acl" or token.dep_ == "relcl":
        found.append(token.head)
    if token.dep_ == "conj" and not any(c.dep_ in ("dobj", "nsubjpass", "nsubj")
                                        for c in token.children):
        # "would be discussed rather than released": the conjunct shares its head's object
        found.extend(c for c in token.head.children if c.dep_ in ("dobj", "nsubjpass"))
    return found


def _takes_event_noun(token: Token, verb_sense: Sense, lexicon: TriggerLexicon,
                      places: Gazetteer) -> bool:
    """A light verb ("held talks") or a verb of the noun's own type ("signed a treaty")
    yields to its event noun; "demanded a truce" keeps the demand, the truce is its content."""
    light = token.lemma_.lower() in lexicon.light_verbs
    for obj in (c for c in token.children if c.dep_ in ("dobj", "attr")):
        sense = _noun_sense(obj, lexicon, places)
        if sense and sense.type and (light or sense.type == verb_sense.type):
            return True
    return False


def _has_prep(token: Token, *preps: str) -> bool:
    return any(c.dep_ in ("prep", "prt") and c.lower_ in preps for c in token.children)


PLACE_MARK = "@place"  # an object-sense key: the object is a named place ("captured Melitopol")


def _place_mark(obj: Token, places: Gazetteer) -> list[str]:
    """[PLACE_MARK] when the object names a place. The tagger often takes a Ukrainian town
    for a person or an organisation ("captured Soledar"), so a single proper noun is also
    looked up in the gazetteer; a full personal name ("Mullah Rahim") never is."""
    if obj.ent_type_ in PLACE_LABELS:
        return [PLACE_MARK]
    # a name opening the sentence is often tagged a common noun ("Soledar was captured")
    opening_name = obj.is_sent_start and obj.text[:1].isupper() and not any(
        c.dep_ == "det" for c in obj.children)
    if obj.pos_ != "PROPN" and not opening_name:
        return []
    entity = next((e for e in obj.doc.ents if e.start <= obj.i < e.end), None)
    if entity is not None and len(entity) > 1:
        return []
    return [PLACE_MARK] if places.is_place(obj.text) else []


def _of_object_sense(noun: Token, senses: dict[str, Sense], places: Gazetteer) -> Sense | None:
    """The sense an event noun takes from what its "of" phrase names ("exchange of
    prisoners", "the capture of Bakhmut")."""
    for obj in (g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children if g.dep_ == "pobj"):
        marks = _place_mark(obj, places) if PLACE_MARK in senses else []
        for word in (_lemma(obj), *marks):
            if word in senses:
                return senses[word]
    return None


def _noun_sense(token: Token, lexicon: TriggerLexicon, places: Gazetteer) -> Sense | None:
    lemma = _lemma(token)
    sense = lexicon.nouns.get(lemma) or lexicon.nouns.get(token.lower_)
    senses = lexicon.senses
    if sense is None or lemma in senses.not_events:
        return None
    objects = lexicon.object_senses.get(lemma)
    if objects and lemma not in senses.weak_nouns:  # "the capture of Bakhmut" is no arrest
        of_sense = _of_object_sense(token, objects, places)
        if of_sense is not None:
            return of_sense
    if any(c.lower_ in vocab().document_modifiers for c in token.children):
        return None
    modifies_noun = token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN")
    if modifies_noun and _lemma(token.head) not in vocab().event_containers:
        return None  # "ceasefire talks", "truce proposal": the head noun says what it is
    if lemma in senses.nouns:
        return _sense_in_context(token, lemma, sense, lexicon, places)
    return sense


def _sense_in_context(token: Token, lemma: str, sense: Sense, lexicon: TriggerLexicon,
                      places: Gazetteer) -> Sense | None:
    """The sense of a noun whose sense depends on the words around it (senses.yaml)."""
    entry = lexicon.senses.nouns[lemma]
    modifiers = modifiers_of(token)
    if entry.weak:  # "aid package", "prisoner exchange": the modifier names the event
        for modifier in modifiers:
            modifier_sense = lexicon.nouns.get(modifier)
            if modifier_sense is not None and modifier not in lexicon.senses.weak_nouns:
                return modifier_sense
    for rule in entry.rules:
        if not rule.holds(token, modifiers):
            continue
        if rule.then == OF_OBJECT:
            of_sense = _of_object_sense(token, lexicon.object_senses.get(lemma, {}), places)
            if of_sense is None:
                continue
            return of_sense
        if rule.then == KEEP:
            return sense
        return None if rule.then == NONE else Sense.parse(rule.then)
    return sense


def _adjective_sense(token: Token, lexicon: TriggerLexicon) -> Sense | None:
    sense = lexicon.adjectives.get(_lemma(token))
    if sense is None:
        return None
    if sense.type in lexicon.senses.adjectives_needing_clause and not any(
            c.dep_ == "xcomp" for c in token.children):
        return None  # "ready" alone is a state; "ready to talk" is an offer
    return sense

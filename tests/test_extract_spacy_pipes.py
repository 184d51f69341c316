"""The spaCy pipeline Detente runs: the pipes it reads, and quick pipes identical to spaCy's."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from detente.extract.pipeline import SPACY_MODEL
from detente.extract.spacy_pipes import (
    EXCLUDED_PIPES,
    READ_PIPES,
    QuickAttributeRuler,
    QuickLemmatizer,
    load_pipeline,
    use_quick_pipes,
)

pytestmark = pytest.mark.slow

# Our own sentences, written to reach every kind of attribute-ruler pattern: tags, words,
# dependency labels, spaces, and the multi-token ones ("gonna", "ain't", "let's", "there
# are", "y'all").
TEXTS = [
    "Russia and Ukraine agreed on Friday to exchange 1,000 prisoners each, officials said.",
    "The talks in Istanbul ended without a ceasefire, but both sides said they would meet again.",
    "\"I won't sign it,\" he said. \"You gonna tell them? It ain't over,\" she replied.",
    "Let's be clear: there are no talks, and there is nothin' to discuss, y'all.",
    "Kyiv  said  that drones\n\nstruck Kharkiv overnight, killing three people and injuring 12.",
    "He gets what he wants; she got what she did not want. Does it matter? It does.",
    "Officials who had been detained were freed, whereas others remain held in Donetsk.",
    "What did they do?  Whatever it was, they have done it and they'll do it again.",
    "Gotta go, c'mon, it's late and we're tired, aren't we?",
    "Zelenskyy met Erdoğan in Ankara; the two discussed grain exports and a prisoner swap.",
]
COLUMNS = ["ORTH", "TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE"]


@pytest.fixture(scope="module")
def original() -> Language:
    return spacy.load(SPACY_MODEL)


@pytest.fixture(scope="module")
def quick() -> Language:
    return load_pipeline(SPACY_MODEL)


def _annotations(doc: Doc) -> list[tuple[object, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_,
             t.ent_type_) for t in doc]


def test_spacy_pipes_load_only_what_the_rules_read(quick: Language):
    assert tuple(quick.pipe_names) == READ_PIPES
    assert not set(EXCLUDED_PIPES) & set(quick.component_names)
    assert isinstance(quick.get_pipe("attribute_ruler"), QuickAttributeRuler)
    assert isinstance(quick.get_pipe("lemmatizer"), QuickLemmatizer)


def test_spacy_pipes_annotate_exactly_like_spacy(original: Language, quick: Language):
    # twice through the quick pipes: the second pass answers from the lemmatizer's memo
    for _ in range(2):
        for ours, theirs in zip(quick.pipe(TEXTS), original.pipe(TEXTS), strict=True):
            assert _annotations(ours) == _annotations(theirs)
            assert (ours.to_array(COLUMNS) == theirs.to_array(COLUMNS)).all()


def test_spacy_pipes_ruler_finds_the_matches_spacy_finds(original: Language, quick: Language):
    theirs, ours = original.get_pipe("attribute_ruler"), quick.get_pipe("attribute_ruler")
    # match on the docs as they reach the ruler: tagged and parsed, nothing else
    upstream = [name for name in READ_PIPES if name not in ("tok2vec", "tagger", "parser")]
    matched: set[int] = set()
    for doc in original.pipe(TEXTS, disable=upstream):
        assert set(ours.match(doc)) == set(theirs.match(doc))
        matched |= {attr_id for attr_id, *_ in theirs.match(doc)}
    # the texts reach patterns of several tokens and patterns on dependency labels
    several = {i for i, group in enumerate(theirs.patterns)
               if any(len(pattern) > 1 for pattern in group["patterns"])}
    on_deps = {i for i, group in enumerate(theirs.patterns)
               if any("DEP" in token for pattern in group["patterns"] for token in pattern)}
    assert matched & several and matched & on_deps


def test_spacy_pipes_ruler_sets_multi_token_exceptions(quick: Language):
    doc = quick("You gonna tell them? Let's go, y'all.")
    lemmas = {t.text: t.lemma_ for t in doc}
    # set by the ruler's patterns of two tokens, kept by the lemmatizer (overwrite off)
    assert (lemmas["gon"], lemmas["na"]) == ("go", "to")
    assert lemmas["'s"] == "us"
    assert lemmas["y'"] == "you"


def test_spacy_pipes_missing_pipe_is_named(tmp_path: Path):
    nlp = spacy.load(SPACY_MODEL, exclude=["ner"])
    nlp.to_disk(tmp_path / "pipeline")
    with pytest.raises(RuntimeError, match="lacks the pipes ner"):
        load_pipeline(str(tmp_path / "pipeline"))


def test_spacy_pipes_quick_pipes_go_in_once(quick: Language):
    before = [type(pipe) for _, pipe in quick.pipeline]
    use_quick_pipes(quick)
    assert [type(pipe) for _, pipe in quick.pipeline] == before

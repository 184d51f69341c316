"""Readers: files, directories and stdin to a stream of Articles, one InputError per bad input."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import BinaryIO, TextIO

import trafilatura

from detente.errors import InputError
from detente.ingest.dates import date_from_filename
from detente.ingest.decode import to_text
from detente.ingest.markdown import markdown_to_text, split_front_matter
from detente.ingest.records import article_from_record, json_type
from detente.model import Article

MAX_FILE_BYTES = 50 * 1024 * 1024
STDIN_NAME = "<stdin>"

Result = Article | InputError
Reader = Callable[[str, str, date | None], Iterator[Result]]


def iter_articles(
    paths: Sequence[str],
    default_date: date | None = None,
    stdin: TextIO | BinaryIO | None = None,
    *,
    max_bytes: int = MAX_FILE_BYTES,
) -> Iterator[Result]:
    """Yield one Article per document and one InputError per bad input, in order.

    ``paths`` are files, directories (walked recursively, sorted, hidden files skipped)
    or "-" for stdin. A bad file or record never stops the stream.
    """
    for given in [paths] if isinstance(paths, str) else paths:
        if given == "-":
            yield from _read_stdin(stdin, default_date, max_bytes)
        elif Path(given).is_dir():
            yield from _read_directory(Path(given), default_date, max_bytes)
        else:
            yield from _read_file(Path(given), default_date, max_bytes)


def reader_for(suffix: str) -> Reader | None:
    """The reader for a file extension such as ".md"; None if the format is unsupported."""
    match suffix.lower():
        case ".txt" | ".text":
            return read_plain
        case ".md" | ".markdown":
            return read_markdown
        case ".html" | ".htm":
            return read_html
        case ".jsonl" | ".ndjson" | ".json-lines":
            return read_jsonl
        case ".csv":
            return read_csv
    return None


def read_plain(name: str, text: str, fallback_date: date | None) -> Iterator[Result]:
    if not text.strip():
        yield InputError(name, "empty file")
        return
    yield article_from_record({"text": text}, name, fallback_date)


def read_markdown(name: str, text: str, fallback_date: date | None) -> Iterator[Result]:
    front_matter, body = split_front_matter(text)
    title, plain = markdown_to_text(body)
    if not plain.strip():
        yield InputError(name, "no text left after removing the Markdown markup")
        return
    record = front_matter | {"text": plain, "title": front_matter.get("title") or title}
    yield article_from_record(record, name, fallback_date)


def read_html(name: str, text: str, fallback_date: date | None) -> Iterator[Result]:
    document = trafilatura.bare_extraction(
        text,
        with_metadata=True,
        # Only the page's own metadata: guessing from dates in the body finds event dates.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body = (getattr(document, "text", None) or "").strip()
    if not body:
        yield InputError(name, "no article text found in the HTML")
        return
    title = getattr(document, "title", None)
    record: dict[str, object] = {
        "text": _drop_leading_title(body, title),
        "title": title,
        "date": getattr(document, "date", None),
        "source": getattr(document, "sitename", None),
        "url": getattr(document, "url", None),
    }
    if author := getattr(document, "author", None):
        record["author"] = author
    yield article_from_record(record, name, fallback_date)


def read_jsonl(name: str, text: str, fallback_date: date | None) -> Iterator[Result]:
    records = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            records += 1
            yield _jsonl_record(line, f"{name}:{number}", fallback_date)
    if not records:  # only blank lines (Unicode spaces such as U+0085 or U+2003)
        yield InputError(name, "empty file")


def read_csv(name: str, text: str, fallback_date: date | None) -> Iterator[Result]:
    # Article bodies can exceed the csv module's 128 KB default field limit.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
    rows = csv.reader(io.StringIO(text, newline=""))
    header = [column.strip() for column in next(rows, [])]
    if "text" not in header:
        yield InputError(name, f"no 'text' column in the CSV header ({', '.join(header)})")
        return
    line = rows.line_num + 1
    records = 0
    while True:
        where = f"{name}:{line}"
        try:
            row = next(rows)
        except StopIteration:
            if not records:
                yield InputError(name, "no rows after the CSV header")
            return
        except csv.Error as exc:
            yield InputError(where, f"bad CSV ({exc}); rest of the file skipped")
            return
        line = rows.line_num + 1
        if row:
            records += 1
            yield _csv_record(header, row, where, fallback_date)


def _jsonl_record(line: str, where: str, fallback_date: date | None) -> Result:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(where, f"bad JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return InputError(where, "bad JSON (nested too deeply)")
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        return InputError(where, f"bad JSON ({str(exc).split(':')[0].lower()})")
    if not isinstance(record, dict):
        return InputError(where, f"record is a JSON {json_type(record)}, not an object")
    return article_from_record(record, where, fallback_date)


def _csv_record(header: list[str], row: list[str], where: str, fallback: date | None) -> Result:
    if len(row) != len(header):
        return InputError(where, f"row has {len(row)} fields, the header has {len(header)}")
    return article_from_record(dict(zip(header, row, strict=True)), where, fallback)


def _drop_leading_title(body: str, title: str | None) -> str:
    """trafilatura repeats the headline as the first line of the text; keep it only once."""
    first, _, rest = body.partition("\n")
    if title and first.strip() == title.strip() and rest.strip():
        return rest.strip()
    return body


def _read_directory(directory: Path, default_date: date | None, max_bytes: int) -> Iterator[Result]:
    for item in _walk(directory):
        if isinstance(item, InputError):
            yield item
        else:
            yield from _read_file(item, default_date, max_bytes)


def _walk(directory: Path) -> Iterator[Path | InputError]:
    """Files under ``directory`` in sorted order, skipping hidden names and symlinked folders."""
    try:
        children = sorted(directory.iterdir())
    except OSError as exc:
        yield _os_error(str(directory), exc)
        return
    for child in children:
        if child.name.startswith("."):
            continue
        if not child.is_dir():
            yield child
        elif not child.is_symlink():
            yield from _walk(child)


def _read_file(path: Path, default_date: date | None, max_bytes: int) -> Iterator[Result]:
    name = str(path)
    try:
        _check_size(path, max_bytes)
        reader = reader_for(path.suffix)
        if reader is None:
            raise InputError(name, _unsupported(path.suffix))
        text = to_text(name, path.read_bytes())
    except InputError as error:
        yield error
        return
    except OSError as exc:
        yield _os_error(name, exc)
        return
    yield from _guarded(name, reader(name, text, date_from_filename(path.name) or default_date))


def _guarded(name: str, results: Iterator[Result]) -> Iterator[Result]:
    """The reader's results; a failure inside a parser (trafilatura, lxml, csv, yaml) ends the
    file with one InputError that names it instead of stopping the whole stream."""
    try:
        yield from results
    except Exception as exc:  # noqa: BLE001 (the stream must go on; the error is reported)
        yield InputError(name, f"could not be read ({type(exc).__name__}: {_first_line(exc)})")


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().split("\n", 1)[0]
    return text[:200] or "no details"


def _check_size(path: Path, max_bytes: int) -> None:
    size = path.stat().st_size
    if size > max_bytes:
        limit = _megabytes(max_bytes)
        raise InputError(str(path), f"file too large ({_megabytes(size)}; limit {limit})")


def _os_error(name: str, exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return InputError(name, "no such file")
    return InputError(name, (exc.strerror or str(exc)).lower())


def _read_stdin(
    stdin: TextIO | BinaryIO | None, default_date: date | None, max_bytes: int
) -> Iterator[Result]:
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", sys.stdin)
    raw = stream.read(max_bytes + 1)
    try:
        if len(raw) > max_bytes:
            raise InputError(STDIN_NAME, f"input too large (limit {_megabytes(max_bytes)})")
        text = to_text(STDIN_NAME, raw)
    except InputError as error:
        yield error
        return
    reader = read_jsonl if text.lstrip().startswith("{") else read_plain
    yield from _guarded(STDIN_NAME, reader(STDIN_NAME, text, default_date))


def _unsupported(suffix: str) -> str:
    if not suffix:
        return "unsupported format (no file extension)"
    return f"unsupported format '{suffix}'"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"

"""Ingest: read news reports (text, Markdown, HTML, JSONL, CSV, stdin) into Articles."""

from detente.ingest.dates import date_from_filename, parse_date
from detente.ingest.readers import MAX_FILE_BYTES, iter_articles, reader_for

__all__ = ["MAX_FILE_BYTES", "date_from_filename", "iter_articles", "parse_date", "reader_for"]

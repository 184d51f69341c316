"""Argument helpers every command module shares. Imports nothing heavy: `detente --version`,
`--help` and the listing commands must start in a fraction of a second."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date

DEFAULT_DB = "detente.db"
FORMATS: tuple[str, ...] = ("table", "jsonl", "csv")


class UsageError(Exception):
    """A bad value the parser could not see (an unknown code, a sort column): exit status 2."""


def db_default() -> str:
    return os.environ.get("DETENTE_DB", DEFAULT_DB)


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (want YYYY-MM-DD): {text!r}") from None


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=db_default(),
                        help="store path (default: $DETENTE_DB or ./detente.db)")


def add_format(parser: argparse.ArgumentParser, choices: Sequence[str] = FORMATS) -> None:
    parser.add_argument("--format", choices=choices, default=None,
                        help="output format (default: table on a terminal, else jsonl)")


def output_format(args: argparse.Namespace) -> str:
    return args.format or ("table" if sys.stdout.isatty() else "jsonl")

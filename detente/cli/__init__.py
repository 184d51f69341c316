"""Command line: thin shells over library functions.

Exit status: 0 when everything went in, 1 when some inputs were rejected (each named on
stderr), 2 for usage errors.

Each command lives in a command module that has ``add_commands(subparsers)`` and sets
``handler`` on its parsers. ``COMMANDS`` names every command with its module and one-line
help: ``main`` imports only the module of the command it runs, so `detente --version`,
`--help` and the listing commands never import spaCy, pandas, FastAPI or the evaluation
code. Command modules import their heavy dependencies inside their handlers. To add a
command, add its row here and its parser in the module.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any

from detente import __version__
from detente.cli.common import (
    DEFAULT_DB,
    UsageError,
    add_db,
    add_format,
    db_default,
    iso_date,
    output_format,
    positive_int,
)
from detente.errors import DetenteError

__all__ = [
    "COMMANDS", "DEFAULT_DB", "add_db", "add_format", "build_parser", "db_default", "iso_date",
    "main", "output_format", "positive_int",
]

# command -> (module that adds its parser, one-line help shown by `detente --help`)
COMMANDS: dict[str, tuple[str, str]] = {
    "ingest": ("detente.cli.ingest", "read, extract and store articles"),
    "extract": ("detente.cli.ingest", "extract events without a database"),
    "events": ("detente.cli.listing", "list stored events"),
    "stories": ("detente.cli.stories", "list stories: linked events, one row per real event"),
    "statistics": ("detente.cli.listing", "list cumulative statistics (not events)"),
    "summary": ("detente.cli.listing", "counts by type and modality"),
    "export": ("detente.cli.listing",
               "export events as CSV, JSONL, Parquet, GeoJSON, ACLED-style CSV or PLOVER JSON"),
    "eval": ("detente.eval.cli", "score extraction on labelled JSONL files"),
    "train": ("detente.train.cli", "rebuild the trained decision layer's model"),
    "link": ("detente.link.cli", "link events across reports; track commitments"),
    "commitments": ("detente.link.commitment_cli", "list commitments and their status"),
    "commitment": ("detente.link.commitment_cli", "one commitment's life, report by report"),
    "event": ("detente.link.cli", "one linked event (story): mentions and history"),
    "split": ("detente.link.cli", "take a mention out of a story for good"),
    "process": ("detente.cli.process", "the peace process between two parties, as a timeline"),
    "serve": ("detente.serve.cli", "serve the JSON API and web dashboard"),
    "watch": ("detente.ingest.watch_cli",
              "follow RSS/Atom feeds and directories: fetch, extract and store new items"),
}


class _OnlyCommand:
    """Sub-parsers that keep the parser of one command and drop the others a module adds."""

    def __init__(self, subparsers: Any, name: str) -> None:
        self.subparsers = subparsers
        self.name = name

    def add_parser(self, name: str, **options: Any) -> argparse.ArgumentParser:
        if name == self.name:
            return self.subparsers.add_parser(name, **options)
        return argparse.ArgumentParser(prog=f"detente {name}", add_help=False)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser. Given ``command``, only that command's module is imported and
    the others are listed by name and help; without it, every command is built."""
    parser = argparse.ArgumentParser(prog="detente", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"detente {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    if command is None:
        for module in dict.fromkeys(module for module, _ in COMMANDS.values()):
            importlib.import_module(module).add_commands(commands)
        return parser
    for name, (module, help_text) in COMMANDS.items():
        if name == command:
            importlib.import_module(module).add_commands(_OnlyCommand(commands, name))
        else:
            commands.add_parser(name, help=help_text)
    return parser


def chosen_command(argv: Sequence[str]) -> str | None:
    """The command named on the command line (the first word not an option), if known."""
    for word in argv:
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def descending_sorts(words: list[str]) -> list[str]:
    """`--sort -date` as `--sort=-date`: argparse would read "-date" as an unknown flag."""
    joined: list[str] = []
    for word in words:
        if joined and joined[-1] == "--sort" and word[:1] == "-" and word[:2] != "--":
            joined[-1] = f"--sort={word}"
        else:
            joined.append(word)
    return joined


def main(argv: Sequence[str] | None = None) -> int:
    words = descending_sorts(list(sys.argv[1:] if argv is None else argv))
    args = build_parser(chosen_command(words) or "").parse_args(words)
    try:
        return int(args.handler(args))
    except UsageError as exc:
        print(f"detente {args.command}: {exc}", file=sys.stderr)
        return 2
    except DetenteError as exc:
        print(f"detente: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("detente: interrupted", file=sys.stderr)
        return 130

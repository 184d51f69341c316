"""Commands ingest and extract: read articles, extract events, store them (or print them).

spaCy and the readers are imported inside the handlers, and the language model is built
only when an article not yet stored arrives."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from detente.cli.common import (
    UsageError,
    add_db,
    add_format,
    iso_date,
    output_format,
    positive_int,
)


def add_commands(commands: Any) -> None:
    ingest = commands.add_parser("ingest", help="read, extract and store articles")
    ingest.add_argument("paths", nargs="+", help="files, directories, or - for stdin")
    ingest.add_argument("--date", type=iso_date, help="publication date for undated articles")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    ingest.add_argument("--workers", type=positive_int, default=1, metavar="N",
                        help="extract in N processes (local engine; default 1)")
    ingest.add_argument("--engine", choices=["local", "spark"], default="local",
                        help="extract here (default) or on Spark (needs the 'spark' extra)")
    ingest.add_argument("--spark-master", default=None, metavar="URL",
                        help="Spark master for --engine spark (default: spark-submit's, "
                             "else local[2])")
    ingest.add_argument("--spark-work-dir", metavar="DIR",
                        help="--engine spark: keep staged articles and Parquet results here "
                             "(on a cluster: a folder the driver and executors share)")
    add_decision(ingest)
    add_db(ingest)
    ingest.set_defaults(handler=cmd_ingest)

    extract = commands.add_parser("extract", help="extract events without a database")
    extract.add_argument("paths", nargs="+", help="files, directories, or - for stdin")
    extract.add_argument("--date", type=iso_date, help="publication date for undated articles")
    add_format(extract, ("jsonl", "table", "csv"))
    extract.add_argument("--statistics", action="store_true",
                         help="also print cumulative statistics (as records with kind)")
    add_decision(extract)
    extract.set_defaults(handler=cmd_extract)


def add_decision(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--min-confidence", type=probability, default=None, metavar="P",
                        help="keep events the trained decision layer gives at least this "
                             "probability (default: the threshold chosen when it was trained)")
    parser.add_argument("--rules-only", action="store_true",
                        help="skip the trained decision layer: every candidate the rules "
                             "propose (more events, many of them wrong)")
    parser.add_argument("--model", metavar="FILE",
                        help="a decision model of your own (detente train -o FILE) instead "
                             "of the one shipped in the package")


def probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, not {value}")
    return value


def options_of(args: argparse.Namespace) -> Any:
    from detente.extract.options import ExtractOptions

    if args.model and not Path(args.model).is_file():
        raise UsageError(f"--model {args.model}: no such file")
    return ExtractOptions(min_confidence=args.min_confidence, rules_only=args.rules_only,
                          model=args.model)


def cmd_ingest(args: argparse.Namespace) -> int:
    from detente.pipeline import ingest_paths

    bar = _progress_bar(args.quiet)
    # tqdm defines __len__/__bool__ from its total, so test for None, never for truth
    progress = bar.update if bar is not None else None
    try:
        if args.engine == "spark":
            from detente.scale.spark import ingest_spark

            report = ingest_spark(args.paths, args.db, default_date=args.date,
                                  stdin=sys.stdin.buffer, master=args.spark_master,
                                  progress=progress, work_dir=args.spark_work_dir,
                                  options=options_of(args))
        else:
            report = ingest_paths(args.paths, args.db, default_date=args.date,
                                  stdin=sys.stdin.buffer, progress=progress,
                                  workers=args.workers, options=options_of(args))
    finally:
        if bar is not None:
            bar.close()
    for error in report.rejected:
        print(f"detente: rejected {error}", file=sys.stderr)
    if not args.quiet:
        from detente.output import counted

        print(f"{counted(report.added, 'articles')} added, {report.skipped} already stored, "
              f"{len(report.rejected)} rejected; {counted(report.events, 'events')}, "
              f"{counted(report.statistics, 'statistics')} -> {args.db}", file=sys.stderr)
    return report.exit_code


def _progress_bar(quiet: bool) -> Any:
    if quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(unit=" articles", file=sys.stderr, mininterval=0.5)


def cmd_extract(args: argparse.Namespace) -> int:
    from detente.errors import InputError
    from detente.output import write_records
    from detente.pipeline import extract_paths

    rejected = 0
    fmt = output_format(args)
    statistics: list[dict[str, Any]] = []

    def records() -> Iterable[dict[str, Any]]:
        nonlocal rejected
        for item in extract_paths(args.paths, default_date=args.date, stdin=sys.stdin.buffer,
                                  options=options_of(args)):
            if isinstance(item, InputError):
                rejected += 1
                print(f"detente: rejected {item}", file=sys.stderr)
                continue
            for event in item.events:
                yield event.to_dict()
            if args.statistics and fmt == "table":
                statistics.extend(s.to_dict() for s in item.statistics)
            elif args.statistics:
                yield from ({"record": "statistic", **s.to_dict()} for s in item.statistics)

    write_records(records(), fmt, sys.stdout, kind="events")
    if statistics:
        sys.stdout.write("\n")
        write_records(statistics, fmt, sys.stdout, kind="statistics")
    return 1 if rejected else 0

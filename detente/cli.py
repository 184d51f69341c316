"""Command line: thin shells over library functions.

Exit status: 0 when everything went in, 1 when some inputs were rejected (each
named on stderr), 2 for usage errors.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from detente import __version__
from detente.errors import DetenteError, InputError
from detente.output import write_records

DEFAULT_DB = "detente.db"
# Modules that add their own sub-commands: each has ``add_commands(subparsers)`` and sets
# ``handler`` on its parsers (see ``build_parser``).
COMMAND_MODULES: tuple[str, ...] = (
    "detente.eval.cli",
    "detente.link.cli",
    "detente.serve.cli",
    "detente.ingest.watch_cli",
)


def db_default() -> str:
    return os.environ.get("DETENTE_DB", DEFAULT_DB)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (want YYYY-MM-DD): {text!r}") from None


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=db_default(),
                        help="store path (default: $DETENTE_DB or ./detente.db)")


def add_format(parser: argparse.ArgumentParser, choices: Sequence[str] = ("table", "jsonl", "csv"),
                ) -> None:
    parser.add_argument("--format", choices=choices, default=None,
                        help="output format (default: table on a terminal, else jsonl)")


def _add_event_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--type", help="PLOVER event type, e.g. AGREE")
    parser.add_argument("--mode", help="PLOVER mode, e.g. release")
    parser.add_argument("--modality",
                        choices=["asserted", "negated", "hypothetical", "conditional", "future"])
    parser.add_argument("--actor", help="actor code (UKR, IGO:UN) or name")
    parser.add_argument("--country", help="actor or location country code")
    parser.add_argument("--place", help="place name or admin1")
    parser.add_argument("--since", type=_iso_date, help="from this date (YYYY-MM-DD)")
    parser.add_argument("--until", type=_iso_date, help="up to this date (YYYY-MM-DD)")
    parser.add_argument("--text", help="full-text search in the article")
    parser.add_argument("--article", help="only events of this article id")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--offset", type=int, default=0)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="detente", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"detente {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="read, extract and store articles")
    ingest.add_argument("paths", nargs="+", help="files, directories, or - for stdin")
    ingest.add_argument("--date", type=_iso_date, help="publication date for undated articles")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    ingest.add_argument("--workers", type=_positive_int, default=1, metavar="N",
                        help="extract in N processes (local engine; default 1)")
    ingest.add_argument("--engine", choices=["local", "spark"], default="local",
                        help="extract here (default) or on Spark (needs the 'spark' extra)")
    ingest.add_argument("--spark-master", default=None, metavar="URL",
                        help="Spark master for --engine spark (default: spark-submit's, "
                             "else local[2])")
    ingest.add_argument("--spark-work-dir", metavar="DIR",
                        help="--engine spark: keep staged articles and Parquet results here "
                             "(on a cluster: a folder the driver and executors share)")
    add_db(ingest)
    ingest.set_defaults(handler=cmd_ingest)

    extract = commands.add_parser("extract", help="extract events without a database")
    extract.add_argument("paths", nargs="+", help="files, directories, or - for stdin")
    extract.add_argument("--date", type=_iso_date, help="publication date for undated articles")
    add_format(extract, ("jsonl", "table", "csv"))
    extract.add_argument("--statistics", action="store_true",
                         help="also print cumulative statistics (as records with kind)")
    extract.set_defaults(handler=cmd_extract)

    events = commands.add_parser("events", help="list stored events")
    add_db(events)
    add_format(events)
    _add_event_filters(events)
    events.set_defaults(handler=cmd_events)

    stats = commands.add_parser("statistics", help="list cumulative statistics (not events)")
    add_db(stats)
    add_format(stats)
    stats.set_defaults(handler=cmd_statistics)

    summary = commands.add_parser("summary", help="counts by type and modality")
    add_db(summary)
    summary.set_defaults(handler=cmd_summary)

    export = commands.add_parser(
        "export", help="export events as CSV, JSONL, Parquet, GeoJSON, ACLED-style CSV or "
                       "PLOVER JSON")
    add_db(export)
    export.add_argument("--format", default="jsonl",
                        choices=["csv", "jsonl", "parquet", "geojson", "acled", "plover"],
                        help="csv, jsonl and parquet share one set of flat columns; geojson: "
                             "located events and their stories as points; acled: ACLED's "
                             "columns and event types; plover: PLOVER JSON records")
    export.add_argument("-o", "--output",
                        help="output file (default: stdout; required for parquet)")
    _add_event_filters(export)
    export.set_defaults(handler=cmd_export)
    for module in COMMAND_MODULES:
        importlib.import_module(module).add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except DetenteError as exc:
        print(f"detente: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("detente: interrupted", file=sys.stderr)
        return 130


def output_format(args: argparse.Namespace) -> str:
    return args.format or ("table" if sys.stdout.isatty() else "jsonl")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


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
                                  progress=progress, work_dir=args.spark_work_dir)
        else:
            report = ingest_paths(args.paths, args.db, default_date=args.date,
                                  stdin=sys.stdin.buffer, progress=progress,
                                  workers=args.workers)
    finally:
        if bar is not None:
            bar.close()
    for error in report.rejected:
        print(f"detente: rejected {error}", file=sys.stderr)
    if not args.quiet:
        print(f"{report.added} articles added, {report.skipped} already stored, "
              f"{len(report.rejected)} rejected; {report.events} events, "
              f"{report.statistics} statistics -> {args.db}", file=sys.stderr)
    return report.exit_code


def _progress_bar(quiet: bool) -> Any:
    if quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(unit=" articles", file=sys.stderr, mininterval=0.5)


def cmd_extract(args: argparse.Namespace) -> int:
    from detente.pipeline import extract_paths

    rejected = 0
    fmt = output_format(args)
    statistics: list[dict[str, Any]] = []

    def records() -> Iterable[dict[str, Any]]:
        nonlocal rejected
        for item in extract_paths(args.paths, default_date=args.date, stdin=sys.stdin.buffer):
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


def cmd_events(args: argparse.Namespace) -> int:
    from detente.store import Store
    from detente.store.queries import query_events

    with Store.open(args.db, readonly=True) as store:
        rows = (e.to_dict() for e in query_events(store, _event_filter(args)))
        write_records(rows, output_format(args), sys.stdout, kind="events")
    return 0


def cmd_statistics(args: argparse.Namespace) -> int:
    from detente.store import Store
    from detente.store.queries import query_statistics

    with Store.open(args.db, readonly=True) as store:
        rows = (s.to_dict() for s in query_statistics(store))
        write_records(rows, output_format(args), sys.stdout, kind="statistics")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from detente.store import Store
    from detente.store.queries import summary

    with Store.open(args.db, readonly=True) as store:
        data = summary(store)
    print(f"{data['articles']} articles, {data['events']} events, "
          f"{data['statistics']} statistics")
    for title, key in (("by type", "events_by_type"), ("by modality", "events_by_modality")):
        counts = data.get(key) or {}
        print(f"{title}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from detente.store import Store
    from detente.store.export import export_events

    if args.format == "parquet" and not args.output:
        print("detente: export --format parquet needs -o FILE", file=sys.stderr)
        return 2
    with Store.open(args.db, readonly=True) as store:
        report = export_events(store, _event_filter(args), args.output, args.format)
    if args.output:
        stories = f" and {report.stories} stories" if report.stories else ""
        left_out = {"geojson": "without coordinates",
                    "acled": "not asserted or with no ACLED equivalent"}.get(args.format, "")
        skipped = f" ({report.skipped} {left_out} left out)" if report.skipped else ""
        print(f"{report.written} events{stories} -> {args.output}{skipped}", file=sys.stderr)
    return 0


def _event_filter(args: argparse.Namespace) -> Any:
    from detente.store.queries import EventFilter

    return EventFilter(
        type=args.type and args.type.upper(), mode=args.mode, modality=args.modality,
        actor=args.actor, country=args.country, place=args.place, date_from=args.since,
        date_to=args.until, article_id=args.article, text=args.text, limit=args.limit,
        offset=args.offset,
    )


if __name__ == "__main__":
    sys.exit(main())

"""Commands events, statistics, summary and export: read the store, print or write records.

Codes are checked as the API checks them: an unknown --type, --actor code or --sort column
is a usage error (exit 2) that lists the valid values, never an empty answer."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from detente.cli.common import UsageError, add_db, add_format, iso_date, output_format
from detente.model import MODALITIES
from detente.output import counted

ACTOR_HELP = ("a code or a name. A code (upper case: RUS, UKR, IGO:UN; IGO or NGO for all of a "
              "kind) matches every actor resolved to it: a country's government, forces, "
              "people and leaders (Putin is RUS). Anything else is a name: it matches actors "
              "whose resolved name contains it in any case ('Vladimir Putin' or 'Putin': his "
              "events only; 'Russia': actors named Russia, not Putin), and unresolved actors "
              "by their words")
SORT_HELP = ("sort by COLUMN, or -COLUMN for descending (--sort -date); default -date, "
             "newest first. Columns: date, article_date, id, type, mode, modality, actors, "
             "place, country, killed, injured, persons, content, evidence, confidence, "
             "claimed_by, outlet, title, evidence_start")


def add_commands(commands: Any) -> None:
    events = commands.add_parser("events", help="list stored events")
    add_db(events)
    add_format(events)
    add_event_filters(events)
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
    export.add_argument("--stories", action="store_true",
                        help="export stories (linked events, one row per real event) instead "
                             "of events: csv, jsonl or parquet")
    add_event_filters(export, listing=False)
    export.set_defaults(handler=cmd_export)


def add_event_filters(parser: argparse.ArgumentParser, listing: bool = True,
                      sort_help: str = SORT_HELP) -> None:
    """The filters of `events`, `stories` and `export`; ``listing`` adds sorting and
    background."""
    parser.add_argument("--type", help="PLOVER event type, e.g. AGREE (any case)")
    parser.add_argument("--mode", help="PLOVER mode, e.g. release")
    parser.add_argument("--modality", choices=MODALITIES)
    parser.add_argument("--actor", help=ACTOR_HELP)
    parser.add_argument("--country", help="actor or location country (code or name)")
    parser.add_argument("--place", help="place name or admin1")
    parser.add_argument("--since", type=iso_date, help="from this date (YYYY-MM-DD)")
    parser.add_argument("--until", type=iso_date, help="up to this date (YYYY-MM-DD)")
    parser.add_argument("--text", help="words that must all appear (full-text search)")
    parser.add_argument("--in", dest="scope", choices=["events", "article"], default="events",
                        help="--text searches the events' evidence and content (default) or "
                             "their whole articles")
    parser.add_argument("--article", help="only events of this article id")
    if listing:
        parser.add_argument("--background", action="store_true",
                            help="also list background events: those dated more than a year "
                                 "before their article (hidden by default)")
        parser.add_argument("--sort", metavar="COLUMN", help=sort_help)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--offset", type=int, default=0)


def cmd_events(args: argparse.Namespace) -> int:
    from detente.output import write_records
    from detente.store import Store
    from detente.store.listing import listed_events

    flt = event_filter(args)
    with Store.open(args.db, readonly=True) as store:
        rows = (listed.to_dict() for listed in listed_events(store, flt))
        write_records(rows, output_format(args), sys.stdout, kind="listed")
    return 0


def cmd_statistics(args: argparse.Namespace) -> int:
    from detente.output import write_records
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
    print(f"{counted(data['articles'], 'articles')}, {counted(data['events'], 'events')}, "
          f"{counted(data['statistics'], 'statistics')}")
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
    flt = event_filter(args)
    if args.stories:
        return _export_stories(args, flt)
    with Store.open(args.db, readonly=True) as store:
        report = export_events(store, flt, args.output, args.format)
    if args.output:
        stories = f" and {counted(report.stories, 'stories')}" if report.stories else ""
        left_out = {"geojson": "without coordinates",
                    "acled": "not asserted or with no ACLED equivalent"}.get(args.format, "")
        skipped = f" ({report.skipped} {left_out} left out)" if report.skipped else ""
        print(f"{counted(report.written, 'events')}{stories} -> {args.output}{skipped}",
              file=sys.stderr)
    return 0


def _export_stories(args: argparse.Namespace, flt: Any) -> int:
    from detente.store import Store
    from detente.store.stories import STORY_EXPORT_FORMATS, export_stories

    if args.format not in STORY_EXPORT_FORMATS:
        raise UsageError(f"--stories exports as {', '.join(STORY_EXPORT_FORMATS)}, "
                         f"not {args.format}")
    with Store.open(args.db, readonly=True) as store:
        written = export_stories(store, flt, args.output, args.format)
    if args.output:
        print(f"{counted(written, 'stories')} -> {args.output}", file=sys.stderr)
    return 0


def event_filter(args: argparse.Namespace, check_sort: bool = True) -> Any:
    """The EventFilter the flags ask for; an unknown code or sort column (of events, unless
    ``check_sort`` is off) is a UsageError."""
    from detente.store.queries import EVENT_SORTS, EventFilter, SortError, is_code, order_by
    from detente.types import PLOVER_TYPES
    from detente.vocabulary import check_actor_code

    kind = args.type.strip().upper() if args.type else None
    if kind and kind not in PLOVER_TYPES:
        raise UsageError(f"unknown --type {args.type!r}; expected one of "
                         f"{', '.join(PLOVER_TYPES)}")
    if args.actor and is_code(args.actor):
        try:
            check_actor_code(args.actor.strip())
        except ValueError as exc:
            raise UsageError(f"--actor: {exc}") from None
    sort = getattr(args, "sort", None) or (None if hasattr(args, "background") else "date")
    try:
        if check_sort:
            order_by(sort, EVENT_SORTS, "-date", "e.id")
    except SortError as exc:
        raise UsageError(f"--sort: {exc}") from None
    return EventFilter(
        type=kind, mode=args.mode, modality=args.modality, actor=args.actor,
        country=args.country, place=args.place, date_from=args.since, date_to=args.until,
        article_id=args.article, text=args.text, scope=args.scope,
        hide_background=not getattr(args, "background", True), sort=sort, limit=args.limit,
        offset=args.offset,
    )

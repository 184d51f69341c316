"""Command stories: the deduplicated list, one row per real event (after `detente link`)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from detente.cli.common import UsageError, add_db, add_format, output_format
from detente.cli.listing import add_event_filters, event_filter

SORT_HELP = ("sort by COLUMN, or -COLUMN for descending; default -date, newest first. "
             "Columns: date, last_date, first_report, last_report, id, type, mode, modality, "
             "place, country, killed, injured, persons, mentions, articles")


def add_commands(commands: Any) -> None:
    stories = commands.add_parser(
        "stories", help="list stories: linked events, one row per real event",
        description="List stories (run `detente link` first). --type, --mode and --modality "
                    "select the story's own; the other filters keep a story when one of its "
                    "mentions passes them.")
    add_db(stories)
    add_format(stories)
    add_event_filters(stories, sort_help=SORT_HELP)
    stories.set_defaults(handler=cmd_stories)


def cmd_stories(args: argparse.Namespace) -> int:
    from detente.output import write_records
    from detente.store import Store
    from detente.store.queries import SortError
    from detente.store.stories import check_story_sort, iter_stories, linked, write_flat

    try:
        check_story_sort(args.sort)
    except SortError as exc:
        raise UsageError(f"--sort: {exc}") from None
    flt = event_filter(args, check_sort=False)
    fmt = output_format(args)
    with Store.open(args.db, readonly=True) as store:
        if not linked(store):
            print("detente stories: no stories in this store yet; run `detente link` first",
                  file=sys.stderr)
        stories = iter_stories(store, flt)
        if fmt == "csv":
            write_flat((s.flat() for s in stories), "csv", sys.stdout)
        else:
            write_records((s.to_dict() for s in stories), fmt, sys.stdout, kind="stories")
    return 0

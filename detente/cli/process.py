"""Command process: the peace process between two parties, as one timeline."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from typing import Any

from detente.cli.common import UsageError, add_db, add_format, iso_date, output_format

_COLUMNS: tuple[tuple[str, int, int], ...] = (
    ("date", 10, 10), ("kind", 9, 10), ("side", 4, 6), ("details", 16, 48), ("story", 17, 17),
    ("what", 24, 0),
)


def add_commands(commands: Any) -> None:
    process = commands.add_parser(
        "process", help="the peace process between two parties, as a timeline",
        description="One timeline of the peace process between two parties (after `detente "
                    "link`): rounds of talks, each side's proposals, demands, rejections and "
                    "threats, agreements with their commitments' status and fulfilled "
                    "quantities, handovers, and the violence between them with each "
                    "claimant's toll; every item names its story and evidence.")
    process.add_argument("a", help="one party's code, e.g. RUS")
    process.add_argument("b", help="the other party's code, e.g. UKR")
    add_db(process)
    add_format(process, choices=("table", "jsonl"))
    process.add_argument("--since", type=iso_date, help="from this date (YYYY-MM-DD)")
    process.add_argument("--until", type=iso_date, help="up to this date (YYYY-MM-DD)")
    process.add_argument("--as-of", type=iso_date, dest="as_of",
                         help="judge commitments as of this date (default: newest article)")
    process.add_argument("--kind", action="append", dest="kinds", metavar="KIND",
                         help="only these kinds (repeatable): talks, agreement, promise, "
                              "handover, demand, proposal, rejection, threat, violence")
    process.set_defaults(handler=cmd_process)


def cmd_process(args: argparse.Namespace) -> int:
    from detente.link.process import ProcessError, peace_process
    from detente.link.process_rules import ITEM_KINDS
    from detente.store import Store
    from detente.store.stories import linked

    kinds = tuple(args.kinds or ITEM_KINDS)
    unknown = sorted(set(kinds) - set(ITEM_KINDS))
    if unknown:
        raise UsageError(f"unknown --kind {', '.join(unknown)}; expected one of "
                         f"{', '.join(ITEM_KINDS)}")
    with Store.open(args.db, readonly=True) as store:
        if not linked(store):
            print("detente process: no stories in this store yet; run `detente link` first",
                  file=sys.stderr)
        try:
            found = peace_process(store, args.a, args.b, args.since, args.until, args.as_of,
                                  kinds)
        except ProcessError as exc:
            raise UsageError(str(exc)) from None
    if output_format(args) == "jsonl":
        for item in found.items:
            sys.stdout.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
    else:
        _table(found)
    return 0


def _table(found: Any) -> None:
    from detente.output import fit_columns, wrapped_row

    columns = fit_columns(_COLUMNS, shutil.get_terminal_size((160, 24)).columns, share=0.35)
    names, widths = [n for n, _ in columns], [w for _, w in columns]
    print(f"{found.names[found.a]} ({found.a}) and {found.names[found.b]} ({found.b}); "
          f"commitments as of {found.as_of or '-'}")
    print(" ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip())
    for item in found.items:
        cells = {"date": item.date.isoformat() if item.date else "", "kind": item.kind,
                 "side": item.side or "", "details": details(item), "story": item.story_id,
                 "what": item.summary}
        for line in wrapped_row([cells[n] for n in names], widths):
            print(line)
    counts = ", ".join(f"{n} {kind}" for kind, n in found.counts.items() if n)
    print(f"({len(found.items)} items: {counts or 'none'})")


def details(item: Any) -> str:
    """The column beside the words: status and fulfilment, tolls by claimant, third
    parties at talks, figures handed over, or what was demanded."""
    if item.commitment:
        return f"{item.commitment['status']}; {item.commitment['fulfilment']}"
    if item.kind == "talks":
        return "; ".join(part for part in (", ".join(item.mediators), ", ".join(item.people))
                         if part)
    if item.kind == "violence":
        return "; ".join(f"{who}: " + ", ".join(f"{name} {'/'.join(map(str, values))}"
                                                  for name, values in said.items())
                         for who, said in item.claims.items())
    if item.kind == "handover" and "persons" in item.figures:
        return f"{item.figures['persons']['best']:,} people or bodies"
    return item.content or ""

"""Commands commitments and commitment: the list with statuses on a day, and one commitment's
life. Thin shells over ``detente.link.commitment_api``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import Any

from detente.cli.common import add_db, add_format, iso_date, output_format
from detente.link.commitment_api import get_commitment, list_commitments
from detente.link.status import STATUSES, TrackedCommitment
from detente.output import write_records
from detente.store import Store

_TABLE = (("id", 18), ("status", 11), ("parties", 10), ("quantity", 14), ("done", 14),
          ("deadline", 12), ("what", 0))


def add_commands(commands: Any) -> None:
    """Register the commitment commands on the main parser's sub-parsers."""
    listing = commands.add_parser("commitments", help="list commitments and their status")
    add_db(listing)
    add_format(listing)
    listing.add_argument("--as-of", type=iso_date, dest="as_of",
                         help="judge as of this date (default: newest article date)")
    listing.add_argument("--status", choices=STATUSES)
    listing.set_defaults(handler=cmd_commitments)

    one = commands.add_parser("commitment", help="one commitment's life, report by report")
    one.add_argument("id", help="a commitment id (from `detente commitments`)")
    add_db(one)
    one.add_argument("--as-of", type=iso_date, dest="as_of",
                     help="judge as of this date (default: newest article date)")
    one.add_argument("--format", choices=["text", "json"], default="text")
    one.set_defaults(handler=cmd_commitment)


def cmd_commitments(args: argparse.Namespace) -> int:
    with Store.open(args.db, readonly=True) as store:
        found = list_commitments(store, as_of=args.as_of, status=args.status)
    fmt = output_format(args)
    if fmt == "table":
        _write_table(found)
    elif fmt == "csv":
        write_records((_flat(c) for c in found), "csv", sys.stdout, kind="commitments")
    else:
        write_records((c.to_dict() for c in found), "jsonl", sys.stdout)
    return 0


def cmd_commitment(args: argparse.Namespace) -> int:
    with Store.open(args.db, readonly=True) as store:
        view = get_commitment(store, args.id, args.as_of)
    if view is None:
        print(f"detente: no commitment {args.id!r} (run `detente link` first?)", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(view.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print("\n".join(describe(view.commitment)))
    print("timeline:")
    for entry in view.timeline:
        print("\n".join(timeline_lines(entry, view.commitment.unit)))
    return 0


def describe(c: TrackedCommitment) -> list[str]:
    """The commitment's header: who, what, when made, deadline, status and fulfilment."""
    bound = f" (bound: {', '.join(c.bound)})" if c.bound and c.bound != c.parties else ""
    lines = [f"commitment {c.id} [{c.kind}] {', '.join(c.parties) or 'parties unknown'}{bound}",
             f"  what: {c.what}",
             f"  made {c.made_on or 'undated'}{' in ' + c.place if c.place else ''}"
             f"{'; promised ' + _amount(c.quantity, c.unit, c.per_side) if c.quantity else ''}"]
    deadline = c.current_deadline or c.deadline
    if deadline:
        moved = f" (first {c.deadline.end})" if c.deadline and c.deadline.end != deadline.end \
            else ""
        verb = "due by" if deadline.kind == "due" else "runs until"
        lines.append(f"  {verb} {deadline.end} ({deadline.text}){moved}")
    status = f"  status as of {c.as_of}: {c.status}"
    if c.ended is not None:
        status += f" — {c.ended.note or 'ended'}" \
                  f"{' by ' + ', '.join(c.ended.by) if c.ended.by else ''} on {c.ended.date}"
    lines.append(status)
    if c.fulfilled_quantity is not None or c.rounds:
        done = _amount(c.fulfilled_quantity, c.unit, c.per_side) if \
            c.fulfilled_quantity is not None else "no figure"
        lines.append(f"  carried out: {done}"
                     f"{' of ' + format(c.quantity, ',') if c.quantity else ''}"
                     f" in {c.rounds} round{'s' if c.rounds != 1 else ''}")
    return lines


def timeline_lines(entry: dict[str, Any], unit: str | None) -> list[str]:
    what = entry["label"]
    if entry.get("quantity") is not None:
        what += f" {_amount(entry['quantity'], entry.get('unit') or unit)}"
    if entry.get("by"):
        what += f" by {', '.join(entry['by'])}"
    if entry.get("note") and entry["kind"] not in ("end", "deadline passed", "term ended"):
        what += f" ({entry['note']})"
    if entry["kind"] == "extend" and entry.get("deadline"):
        what += f" -> {entry['deadline']}"
    done = entry.get("fulfilled_quantity")
    status = entry["status"] + (f", {done:,} done" if done is not None else "")
    article = entry.get("article") or {}
    where = " · ".join(x for x in (article.get("source"), article.get("title")) if x)
    lines = [f"  {entry.get('date') or '?':10} {what:42} -> {status}"]
    if where:
        lines.append(f"             {where}")
    if entry.get("evidence_text"):
        lines.append(f"             \"{' '.join(entry['evidence_text'].split())}\"")
    return lines


def _amount(value: int | None, unit: str | None, per_side: bool = False) -> str:
    text = f"{value:,}" if value is not None else "?"
    return f"{text}{' ' + unit if unit else ''}{' each side' if per_side else ''}"


def _flat(c: TrackedCommitment) -> dict[str, Any]:
    record = c.to_dict()
    record["parties"] = ";".join(c.parties)
    record["bound"] = ";".join(c.bound)
    record["ended_by"] = ";".join(record["ended_by"])
    record["evidence"] = ";".join(str(e.get("event_id") or e.get("kind")) for e in c.decided_by)
    record["evidence_articles"] = ";".join(str(e.get("article_id") or "") for e in c.decided_by)
    return record


def _write_table(commitments: Iterable[TrackedCommitment]) -> None:
    widths = [w or 60 for _, w in _TABLE]
    print(_cells([name for name, _ in _TABLE], widths))
    count = 0
    for c in commitments:
        quantity = _amount(c.quantity, c.unit, c.per_side) if c.quantity else ""
        deadline = c.current_deadline or c.deadline
        done = "" if c.fulfilled_quantity is None else f"{c.fulfilled_quantity:,}"
        print(_cells([c.id, c.status, ",".join(c.parties), quantity, done,
                      deadline.end.isoformat() if deadline else "", c.what], widths))
        count += 1
    print(f"({count} commitments)")


def _cells(values: list[str], widths: list[int]) -> str:
    parts = []
    for value, width in zip(values, widths, strict=True):
        text = " ".join(str(value).split())
        parts.append(text[: width - 1] + "…" if len(text) > width else text.ljust(width))
    return " ".join(parts).rstrip()

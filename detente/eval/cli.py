"""`detente eval`: score the extractor on labelled JSONL files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from detente.eval.scoring import SetScore, evaluate, load_records, sorted_metrics

SHARED_DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev"
OWN_GOLD = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "gold" / "articles.jsonl"


def add_commands(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("eval", help="score extraction on labelled JSONL files")
    parser.add_argument("paths", nargs="*",
                        help="labelled JSONL files (default: ../shared/eval/dev/*.jsonl and "
                             "the project's article-level gold)")
    parser.add_argument("--format", choices=["table", "json"], default="table")
    parser.add_argument("--limit", type=int, default=None, help="score only N records per file")
    parser.set_defaults(handler=cmd_eval)


def default_paths() -> list[Path]:
    paths = sorted(SHARED_DEV.glob("*.jsonl")) if SHARED_DEV.is_dir() else []
    return paths + ([OWN_GOLD] if OWN_GOLD.is_file() else [])


def cmd_eval(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths] or default_paths()
    present = [p for p in paths if p.is_file()]
    for missing in (p for p in paths if not p.is_file()):
        print(f"detente: skipped {missing}: no such file", file=sys.stderr)
    if not present:
        print("detente eval: no labelled files found; nothing to score")
        return 0
    records = [r for p in present for r in list(load_records(p))[: args.limit]]
    scores = evaluate(records)
    if args.format == "json":
        print(json.dumps([s.to_dict() for s in scores], indent=2))
    else:
        for score in scores:
            print(render_table(score))
    return 0


def render_table(score: SetScore) -> str:
    lines = [f"== {score.name} ({score.texts} texts)", f"{'metric':36s} {'value':>7s}  count"]
    for name, row in sorted_metrics(score):
        value = row["value"]
        shown = "   n/a" if value is None else f"{value:7.3f}"
        lines.append(f"{name:36s} {shown}  {row['correct']}/{row['total']}")
    return "\n".join(lines) + "\n"

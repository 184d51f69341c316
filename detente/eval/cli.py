"""`detente eval`: score the extractor on labelled JSONL files."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from detente.cli.common import iso_date
from detente.cli.ingest import add_decision, options_of
from detente.eval.links import GoldError, evaluate_links, load_gold
from detente.eval.links import render as render_links
from detente.eval.scoring import SetScore, evaluate, load_records, sorted_metrics
from detente.extract.pipeline import Extractor

SHARED_DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev"
SHARED_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "articles"
TRAIN_ARTICLES = SHARED_DEV.parent / "train" / "articles.jsonl"
OWN_GOLD = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "gold" / "articles.jsonl"


def add_commands(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("eval", help="score extraction on labelled JSONL files")
    parser.add_argument("paths", nargs="*",
                        help="labelled JSONL files (default: ../shared/eval/dev/*.jsonl and "
                             "the project's article-level gold)")
    parser.add_argument("--format", choices=["table", "json"], default="table")
    parser.add_argument("--limit", type=int, default=None, help="score only N records per file")
    parser.add_argument("--errors", action="store_true",
                        help="also list, per metric, each record it got wrong (gold vs extracted)")
    parser.add_argument("--metric", action="append", default=None,
                        help="with --errors: only this metric (repeatable)")
    parser.add_argument("--articles", metavar="FILE", nargs="?", const=str(TRAIN_ARTICLES),
                        help="score whole annotated articles (the annotation guide's records; "
                             "default ../shared/eval/train/articles.jsonl) with the decision "
                             "layer's precision/recall curve")
    parser.add_argument("--split", choices=["dev", "train", "all"], default="dev",
                        help="with --articles: which part of the fixed split (default dev, "
                             "which training never reads)")
    parser.add_argument("--commitment-score", action="store_true", dest="commitment_score",
                        help="with --articles: score the commitments found (extract, link, "
                             "detect) against the annotated ones, by the trained detector and "
                             "by the hand-written rule")
    parser.add_argument("--keep-promises", action="store_true", dest="keep_promises",
                        help="with --commitment-score: also keep the rules' candidates the "
                             "detector takes for promises where the decision layer chose none "
                             "(detente.extract.promise_candidates)")
    parser.add_argument("--links", metavar="FILE",
                        help="score cross-report linking on a links gold file (real events "
                             "and near misses in ../shared/corpus, ids and offsets only)")
    parser.add_argument("--corpus", default=str(SHARED_CORPUS),
                        help="with --links: the corpus articles directory")
    parser.add_argument("--db", help="with --links: link a copy of this store instead of "
                                     "ingesting the gold articles into a temporary one")
    add_decision(parser)
    parser.add_argument("--commitments", metavar="DIR", nargs="?", const="",
                        help="print the life of every commitment found in a folder of reports "
                             "(default: the project's own tests/fixtures/commitments)")
    parser.add_argument("--as-of", type=iso_date, dest="as_of",
                        help="with --commitments: judge as of this date (default: newest "
                             "article)")
    parser.set_defaults(handler=cmd_eval)


def default_paths() -> list[Path]:
    paths = sorted(SHARED_DEV.glob("*.jsonl")) if SHARED_DEV.is_dir() else []
    return paths + ([OWN_GOLD] if OWN_GOLD.is_file() else [])


def cmd_eval(args: argparse.Namespace) -> int:
    if args.links:
        return cmd_eval_links(args)
    if args.articles:
        return cmd_eval_articles(args)
    if args.commitments is not None:
        return cmd_eval_commitments(args)
    paths = [Path(p) for p in args.paths] or default_paths()
    present = [p for p in paths if p.is_file()]
    for missing in (p for p in paths if not p.is_file()):
        print(f"detente: skipped {missing}: no such file", file=sys.stderr)
    if not present:
        print("detente eval: no labelled files found; nothing to score")
        return 0
    records = [r for p in present for r in list(load_records(p))[: args.limit]]
    scores = evaluate(records, Extractor.from_options(options_of(args)))
    texts = {r.id: r.text for r in records}
    if args.format == "json":
        print(json.dumps([s.to_dict(misses=args.errors) for s in scores], indent=2))
        return 0
    for score in scores:
        print(render_table(score))
        if args.errors:
            print(render_misses(score, texts, args.metric))
    return 0


def cmd_eval_articles(args: argparse.Namespace) -> int:
    from detente.eval.articles import load_gold
    from detente.eval.curve import article_curve, render_curve, render_score, select

    path = Path(args.articles)
    if not path.is_file():
        print(f"detente: skipped {path}: no such file", file=sys.stderr)
        return 0
    records = select(load_gold(path), args.split)[: args.limit]
    if args.commitment_score:
        return cmd_eval_commitment_score(args, path, records)
    threshold, curve = article_curve(records, Extractor.from_options(options_of(args)))
    at_default = min(curve, key=lambda point: abs(point[0] - threshold))[1]
    if args.format == "json":
        print(json.dumps({"threshold": threshold, "score": at_default.to_dict(),
                          "curve": [{"threshold": t, **s.to_dict()} for t, s in curve]},
                         indent=2))
        return 0
    print(render_score(f"{path.name}, {args.split} split, threshold {threshold}", at_default))
    print("\nprecision/recall by threshold (--min-confidence):")
    print(render_curve(threshold, curve))
    return 0


def cmd_eval_commitment_score(args: argparse.Namespace, path: Path,
                              records: Sequence[Mapping[str, Any]]) -> int:
    from detente.eval.commitment_run import link_articles, score_judge
    from detente.eval.commitment_score import render_pairs
    from detente.link.promises import RULE, default_judge
    from detente.train.promise_run import table

    if args.keep_promises and not args.rules_only:
        from detente.extract.promise_candidates import PromiseKeepingExtractor

        extractor: Extractor = PromiseKeepingExtractor(min_confidence=args.min_confidence)
    else:
        extractor = Extractor.from_options(options_of(args))
    events = link_articles(records, extractor)
    judges = {"detector" if default_judge().model else "rule (no detector trained)":
              default_judge(), "rule": RULE}
    scores = {name: score_judge(records, events, judge) for name, judge in judges.items()}
    if args.format == "json":
        print(json.dumps({name: s.to_dict() for name, s in scores.items()}, indent=2))
        return 0
    made_by = "rules only" if args.rules_only else "decision layer" + (
        " and kept promises" if args.keep_promises else "")
    print(f"commitments in {path.name}, {args.split} split ({len(records)} articles, "
          f"{made_by} events):")
    print("\n".join(table(list(scores.items()))))
    if args.errors:
        print("\n".join(render_pairs(next(iter(scores.values())))))
    return 0


def render_table(score: SetScore) -> str:
    lines = [f"== {score.name} ({score.texts} texts)", f"{'metric':36s} {'value':>7s}  count"]
    for name, row in sorted_metrics(score):
        value = row["value"]
        shown = "   n/a" if value is None else f"{value:7.3f}"
        lines.append(f"{name:36s} {shown}  {row['correct']}/{row['total']}")
    return "\n".join(lines) + "\n"


def render_misses(score: SetScore, texts: dict[str, str], metrics: list[str] | None) -> str:
    """Each miss on one line: metric, record id, expected, got, and the text's start."""
    lines = []
    for metric in score.metrics.values():
        if metrics and metric.name not in metrics:
            continue
        for miss in metric.misses:
            text = " ".join(texts.get(miss.record, "").split())[:110]
            lines.append(f"{metric.name} | {miss.record} | expected {miss.expected!r} | "
                         f"got {miss.got!r} | {text}")
    return "\n".join(lines) + "\n"


def cmd_eval_links(args: argparse.Namespace) -> int:
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"detente eval --links: skipped: corpus not found at {corpus}")
        return 0
    if args.db and not Path(args.db).is_file():
        print(f"detente: {args.db}: no such store", file=sys.stderr)
        return 2
    try:
        gold = load_gold(Path(args.links))
    except GoldError as exc:
        print(f"detente: {exc}", file=sys.stderr)
        return 2
    missing = [name for name in gold.articles if not (corpus / name).is_file()]
    if missing:
        print(f"detente: {args.links}: {len(missing)} articles not in {corpus} "
              f"(first: {missing[0]})", file=sys.stderr)
        return 2
    score = evaluate_links(gold, corpus, Path(args.db) if args.db else None, options_of(args))
    if args.format == "json":
        print(json.dumps(score.to_dict(misses=args.errors), indent=2))
    else:
        print("\n".join(render_links(score, gold, errors=args.errors)))
    return 0


def cmd_eval_commitments(args: argparse.Namespace) -> int:
    from detente.eval.commitments import OWN_FIXTURES, commitment_lives
    from detente.eval.commitments import render as render_lives

    folder = Path(args.commitments) if args.commitments else OWN_FIXTURES
    if not folder.is_dir():
        print(f"detente: {folder}: not a directory of reports", file=sys.stderr)
        return 2
    found = commitment_lives(folder, args.as_of, options_of(args))
    if args.format == "json":
        print(json.dumps(found.to_dict(), indent=2, ensure_ascii=False))
    else:
        print("\n".join(render_lives(found)))
    return 0

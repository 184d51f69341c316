"""`detente train`: rebuild the decision layer's model file from the annotated articles.

Reproducible: the split, the folds and the solver are deterministic, so the same data gives
the same file. Prints the cross-validated curve on the train split (where the threshold is
chosen) and, for reporting only, the figures on the dev split, which training never reads.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "extract" / "models" / "decision.npz"
PROMISE_OUTPUT = Path(__file__).resolve().parents[1] / "link" / "models" / "promises.npz"
GATE_OUTPUT = DEFAULT_OUTPUT.with_name("gate.npz")
PROMISE_REGULARISATION = 0.3  # chosen by cross-validation on the train split
PROMISE_BETA = 1.0  # precision and recall weigh the same for commitments
REGULARISATION = 0.3  # inverse L2 strength, chosen by cross-validation on the train split
BETA = 0.5  # the threshold maximises F0.5: precision counts twice as much as recall


def add_commands(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("train", help="rebuild the trained decision layer's model")
    parser.add_argument("--data", type=Path, default=None,
                        help="annotated articles (default: ../shared/eval/train/articles.jsonl)")
    parser.add_argument("-o", "--output", type=Path, default=None,
                        help="model file to write (default: the one shipped in the package)")
    parser.add_argument("--commitments", action="store_true",
                        help="rebuild the commitment detector (detente/link/models/"
                             "promises.npz) instead of the event decision layer")
    parser.add_argument("--gate", action="store_true",
                        help="rebuild the sentence gate (detente/extract/models/gate.npz) from "
                             "what the shipped decision layer reports; run after the layer")
    parser.add_argument("--regularisation", type=float, default=None, metavar="C",
                        help=f"inverse L2 strength of the logistic regressions ({REGULARISATION}"
                             f"; {PROMISE_REGULARISATION} with --commitments)")
    parser.add_argument("--beta", type=float, default=None,
                        help=f"the threshold maximises F-beta on cross-validation ({BETA}; "
                             f"{PROMISE_BETA} with --commitments)")
    parser.add_argument("--no-sentence-sets", dest="sentence_sets", action="store_false",
                        help="fit on the annotated articles only, not also on ../shared/eval/dev "
                             "(plover_gsr and ucdp_headlines sentences, isaf press releases)")
    parser.add_argument("--limit", type=int, default=None,
                        help="train on the first N train-split articles only (for a quick check)")
    parser.set_defaults(handler=cmd_train)


def cmd_train(args: argparse.Namespace) -> int:
    from detente.train.run import TrainingError, train

    if args.commitments:
        return cmd_train_commitments(args)
    if args.gate:
        return cmd_train_gate(args)
    regularisation = REGULARISATION if args.regularisation is None else args.regularisation
    beta = BETA if args.beta is None else args.beta
    try:
        report = train(args.data, args.output or DEFAULT_OUTPUT, regularisation, beta,
                       args.limit, args.sentence_sets,
                       log=lambda line: print(line, file=sys.stderr))
    except TrainingError as exc:
        print(f"detente train: {exc}", file=sys.stderr)
        return 2
    print(report)
    return 0


def cmd_train_commitments(args: argparse.Namespace) -> int:
    from detente.train.promise_run import train_commitments
    from detente.train.run import TrainingError

    regularisation = (PROMISE_REGULARISATION if args.regularisation is None
                      else args.regularisation)
    try:
        report = train_commitments(
            args.data, args.output or PROMISE_OUTPUT, regularisation,
            PROMISE_BETA if args.beta is None else args.beta, args.limit,
            log=lambda line: print(line, file=sys.stderr))
    except TrainingError as exc:
        print(f"detente train --commitments: {exc}", file=sys.stderr)
        return 2
    print(report)
    return 0


def cmd_train_gate(args: argparse.Namespace) -> int:
    from detente.eval.articles import load_gold
    from detente.train.data import TRAIN_FILE, split
    from detente.train.gate import train_gate

    path = args.data or TRAIN_FILE
    if not path.is_file():
        print(f"detente train --gate: {path}: no annotated articles", file=sys.stderr)
        return 2
    train_records, dev_records = split(load_gold(path))
    print(train_gate(train_records[: args.limit] if args.limit else train_records, dev_records,
                     args.output or GATE_OUTPUT, log=lambda line: print(line, file=sys.stderr)))
    return 0

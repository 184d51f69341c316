"""``detente serve``: run the API and dashboard with uvicorn (a thin shell over create_app)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from detente.cli import add_db
from detente.serve.access import DEFAULT_QUEUE_TIMEOUT_S, DEFAULT_TIME_LIMIT_MS


def add_commands(subparsers: Any) -> None:
    serve = subparsers.add_parser("serve", help="serve the JSON API and web dashboard")
    add_db(serve)
    serve.add_argument("--host", default="127.0.0.1", help="interface (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--token", default=os.environ.get("DETENTE_TOKEN"),
                       help="enable POST /api/articles for this bearer token "
                            "(default: $DETENTE_TOKEN; unset keeps the server read-only)")
    serve.add_argument("--tiles", help="online tile URL template, e.g. "
                                       "https://tile.openstreetmap.org/{z}/{x}/{y}.png "
                                       "(default: the offline country outlines)")
    serve.add_argument("--tiles-attribution", default="",
                       help="attribution text shown for --tiles")
    serve.add_argument("--time-limit-ms", type=positive_int, default=DEFAULT_TIME_LIMIT_MS,
                       help="stop a query (503) once it has used this much CPU time; waiting "
                            f"in line does not count (default: {DEFAULT_TIME_LIMIT_MS})")
    serve.add_argument("--workers", type=positive_int, default=1,
                       help="server processes sharing the port (default: 1); SQLite lets "
                            "them all read while an ingest writes")
    serve.add_argument("--slots", type=positive_int, default=None,
                       help="requests each process works on at once, the others wait in "
                            "line (default: the number of cores)")
    serve.add_argument("--queue-timeout", type=positive_float, default=DEFAULT_QUEUE_TIMEOUT_S,
                       metavar="SECONDS",
                       help="a request that waited this long for a slot gets 503 with "
                            f"Retry-After (default: {DEFAULT_QUEUE_TIMEOUT_S:g})")
    serve.set_defaults(handler=cmd_serve)


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def positive_float(text: str) -> float:
    value = float(text)
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {text}")
    return value


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from detente.serve.app import OPTIONS_VARIABLE, create_app
    from detente.serve.tcp import NoDelayHTTPProtocol
    from detente.store import Store

    if not Path(args.db).exists():
        if not args.token:
            print(f"detente: {args.db}: no such store; create it with `detente ingest FILES "
                  f"--db {args.db}` or start with --token to ingest over HTTP", file=sys.stderr)
            return 2
        Store.open(args.db).close()
    Store.open(args.db, readonly=True).close()  # a StoreError here says how to fix the store
    options = {"db_path": str(args.db), "token": args.token, "tiles": args.tiles,
               "tiles_attribution": args.tiles_attribution,
               "time_limit_ms": args.time_limit_ms, "slots": args.slots,
               "queue_timeout_s": args.queue_timeout}
    print(f"detente: serving {args.db} on http://{args.host}:{args.port}/"
          + (f" with {args.workers} workers" if args.workers > 1 else ""), file=sys.stderr)
    if args.workers == 1:
        uvicorn.run(create_app(**options), host=args.host, port=args.port, log_level="warning",
                    http=NoDelayHTTPProtocol)
        return 0
    # worker processes import the app by name and build it from the environment
    os.environ[OPTIONS_VARIABLE] = json.dumps(options)
    uvicorn.run("detente.serve.app:app_from_environment", factory=True, workers=args.workers,
                host=args.host, port=args.port, log_level="warning", http=NoDelayHTTPProtocol)
    return 0

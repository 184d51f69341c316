"""``detente serve``: run the API and dashboard with uvicorn (a thin shell over create_app)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from detente.cli import add_db
from detente.serve.access import DEFAULT_TIME_LIMIT_MS


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
    serve.add_argument("--time-limit-ms", type=int, default=DEFAULT_TIME_LIMIT_MS,
                       help=f"stop any query after this long (default: {DEFAULT_TIME_LIMIT_MS})")
    serve.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from detente.serve.app import create_app
    from detente.store import Store

    if not Path(args.db).exists():
        if not args.token:
            print(f"detente: {args.db}: no such store; create it with `detente ingest FILES "
                  f"--db {args.db}` or start with --token to ingest over HTTP", file=sys.stderr)
            return 2
        Store.open(args.db).close()
    Store.open(args.db, readonly=True).close()  # a StoreError here says how to fix the store
    app = create_app(args.db, token=args.token, tiles=args.tiles,
                     tiles_attribution=args.tiles_attribution, time_limit_ms=args.time_limit_ms)
    print(f"detente: serving {args.db} on http://{args.host}:{args.port}/", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0

"""Command watch: a thin shell over detente.ingest.watch (imported only when it runs)."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from detente.cli import add_db

DEFAULT_INTERVAL = 900.0


def add_commands(commands: Any) -> None:
    watch = commands.add_parser(
        "watch", help="follow RSS/Atom feeds and directories: fetch, extract and store new items",
        description="Poll feeds (conditional requests) and directories; fetch each new item's "
                    "page, extract its text and ingest it. Already stored articles are skipped.")
    watch.add_argument("sources", nargs="*", metavar="SOURCE",
                       help="feed URLs (http:// or https://) and directories")
    watch.add_argument("--sources", dest="sources_file", metavar="FILE",
                       help="a TOML sources file ([[feeds]] url/source, [[directories]] path, "
                            "interval, host_delay, timeout, retries, user_agent)")
    watch.add_argument("--once", action="store_true",
                       help="poll once and exit (for cron); exit 1 if a source failed")
    watch.add_argument("--interval", type=float, metavar="SECONDS",
                       help=f"seconds between polls (default {DEFAULT_INTERVAL:g})")
    watch.add_argument("--link", action="store_true",
                       help="run `detente link` after each poll that added articles")
    watch.add_argument("--host-delay", type=float, metavar="SECONDS",
                       help="least seconds between two requests to one site (default 1)")
    watch.add_argument("--timeout", type=float, metavar="SECONDS",
                       help="per-request connect/read timeout (default 20)")
    watch.add_argument("--retries", type=int, metavar="N",
                       help="further attempts after a timeout, 429 or 5xx (default 2)")
    watch.add_argument("--user-agent", help="User-Agent to send (say who you are)")
    watch.add_argument("--quiet", action="store_true", help="log failures only")
    add_db(watch)
    watch.set_defaults(handler=cmd_watch)


def cmd_watch(args: argparse.Namespace) -> int:
    from detente.ingest.fetch import Fetcher
    from detente.ingest.sources import SourcesError
    from detente.ingest.watch import poll_once, summary_line, watch

    try:
        sources, settings = _sources(args)
    except SourcesError as exc:
        print(f"detente watch: {exc}", file=sys.stderr)
        return 2
    _log_to_stderr(args.quiet)
    interval = _setting(args.interval, sources.settings, "interval", DEFAULT_INTERVAL)
    with Fetcher(settings) as fetcher:
        if args.once:
            report = poll_once(sources, args.db, fetcher, link=args.link)
            if not args.quiet:
                print(f"detente watch: {summary_line(report)} -> {args.db}", file=sys.stderr)
            return report.exit_code
        watch(sources, args.db, fetcher, interval, link=args.link)
    return 0


def _sources(args: argparse.Namespace) -> tuple[Any, Any]:
    from detente.ingest.fetch import FetchSettings
    from detente.ingest.sources import SourcesError, from_arguments, load_sources

    sources = from_arguments(args.sources)
    if args.sources_file:
        sources.add(load_sources(args.sources_file))
    if not sources:
        raise SourcesError("nothing to watch: give feed URLs, directories or --sources FILE")
    given = sources.settings
    defaults = FetchSettings()
    settings = FetchSettings(
        user_agent=args.user_agent or given.get("user_agent") or defaults.user_agent,
        timeout=_setting(args.timeout, given, "timeout", defaults.timeout),
        retries=int(_setting(args.retries, given, "retries", defaults.retries)),
        host_delay=_setting(args.host_delay, given, "host_delay", defaults.host_delay),
    )
    if settings.timeout <= 0 or settings.retries < 0 or settings.host_delay < 0:
        raise SourcesError("--timeout must be positive; --retries and --host-delay not negative")
    return sources, settings


def _setting(flag: Any, given: dict[str, Any], key: str, default: Any) -> Any:
    """The command-line value, else the sources file's, else the default."""
    return flag if flag is not None else given.get(key, default)


def _log_to_stderr(quiet: bool) -> None:
    logger = logging.getLogger("detente.watch")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("detente watch: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    logger.propagate = False

"""Commands link, event and split: thin shells over detente.link (commitments are in
``commitment_cli``)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from detente.cli.common import add_db
from detente.link.api import LinkError, get_story, link_store, split
from detente.store import Store


def add_commands(commands: Any) -> None:
    """Register the link commands on the main parser's sub-parsers."""
    link = commands.add_parser("link", help="link events across reports; track commitments")
    add_db(link)
    link.set_defaults(handler=cmd_link)

    event = commands.add_parser("event", help="one linked event (story): mentions and history")
    event.add_argument("id", help="a story id, or the id of any event in it")
    add_db(event)
    event.add_argument("--format", choices=["text", "json"], default="text")
    event.set_defaults(handler=cmd_event)

    parted = commands.add_parser("split", help="take a mention out of a story for good")
    parted.add_argument("story", help="story id (or an event id in the story)")
    parted.add_argument("mention", help="event id of the mention to take out")
    parted.add_argument("--reason", help="why the merge was wrong (kept in the history)")
    add_db(parted)
    parted.set_defaults(handler=cmd_split)


def cmd_link(args: argparse.Namespace) -> int:
    with Store.open(args.db) as store:
        report = link_store(store)
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(report.statuses.items())) or "none"
    print(f"{report.mentions} mentions -> {report.stories} stories "
          f"({report.linked_stories} with more than one mention); "
          f"{report.pairs_compared} pairs compared; {report.history_added} history entries; "
          f"{report.commitments} commitments as of {report.as_of} ({statuses}); "
          f"{report.seconds:.2f}s")
    return 0


def cmd_event(args: argparse.Namespace) -> int:
    with Store.open(args.db, readonly=True) as store:
        view = get_story(store, args.id)
    if view is None:
        print(f"detente: no story or linked event {args.id!r} (run `detente link` first?)",
              file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(view.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        _print_story(view.to_dict())
    return 0


def cmd_split(args: argparse.Namespace) -> int:
    with Store.open(args.db) as store:
        try:
            new_id = split(store, args.story, args.mention, args.reason)
        except LinkError as exc:
            print(f"detente: {exc}", file=sys.stderr)
            return 1
    print(f"{args.mention} is now story {new_id}")
    return 0


def _print_story(data: dict[str, Any]) -> None:
    story = data["story"]
    print(f"story {story['id']}: {story['type']}{':' + story['mode'] if story['mode'] else ''} "
          f"{story['first_date']}..{story['last_date']} {story['place_name'] or ''} "
          f"actors {','.join(json.loads(story['actor_codes']))}")
    print(f"  reported {story.get('first_report')}..{story.get('last_report')} in "
          f"{story['article_count']} articles")
    for name in ("killed", "injured", "persons"):
        if story[f"{name}_best"] is not None:
            print(f"  {name}: best {story[f'{name}_best']}, low {story[f'{name}_low']}, "
                  f"high {story[f'{name}_high']}")
    for claim in data.get("claims") or []:
        figures = "; ".join(f"{k} {'/'.join(map(str, v))}" for k, v in claim["figures"].items())
        print(f"  {claim['claimant']}: {figures or 'no figures'} "
              f"({len(claim['articles'])} articles)")
    print(f"mentions ({story['mention_count']} in {story['article_count']} articles):")
    for m in data["mentions"]:
        article = m.get("article") or {}
        numbers = {k: v for k, v in (m.get("quantities") or {}).items()
                   if k in ("killed", "injured", "persons") and v is not None}
        claimed = (m.get("claimed_by") or {}).get("text") or ""
        outlet = f" · {article['source']}" if article.get("source") else ""
        joined = m.get("joined") or {}
        why = (f"joined via {joined['via']}: {joined['reason']}" if joined.get("via")
               else "first report")
        print(f"  {m['id']} {m.get('type', '')} [{article.get('date')} "
              f"{article.get('title') or article.get('id')}{outlet}] {numbers or ''} {claimed}\n"
              f"    {(m.get('evidence') or {}).get('text', '')}\n    {why}")
    print("history:")
    for h in data["history"]:
        print(f"  {h['at']} {h['action']} {h['story_id']} {h['other_story_id'] or ''} "
              f"{','.join(h['event_ids'])} {h['score'] or ''} {h['reason'] or ''}")

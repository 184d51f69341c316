"""Export speed per format, side by side with the baseline of reading the same events.

    python bench/export_formats.py [--events 50000] [--db PATH]

Builds (once) a store of synthetic events from hand-made extractions (no spaCy: four
events per article, a quarter of them located, half linked into stories), then times in one
process: the baseline, `query_events` turning every row into an Event and printing the
`detente extract` JSON (what `detente events --format jsonl` does), and each export format
(which adds the article and story lookups, one query per 500 events). Prints events/s and
the ratio to the baseline, and the peak RSS of this process.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from detente.model import (
    Actor,
    Article,
    EventDate,
    Evidence,
    Extraction,
    Place,
    Quantities,
)
from detente.model import Event as EventModel
from detente.store import EventFilter, Store, export_events, query_events

DEFAULT_DB = Path(tempfile.gettempdir()) / "detente-export-bench.db"
KINDS = (("ASSAULT", "drone"), ("AGREE", None), ("RETREAT", "release"), ("CONSULT", "phone"))


def synthetic(article_number: int) -> Extraction:
    day = date(2024, 1, 1) + timedelta(days=article_number % 700)
    text = (f"Report {article_number}. Russian drones struck Kharkiv, killing {article_number % 9} "
            "people. Both sides agreed to swap prisoners. 150 prisoners were freed each. "
            "The envoys spoke by phone.")
    article = Article(text=text, title=f"Report {article_number}", date=day, source="Bench Wire",
                      url=f"https://example.org/{article_number}")
    events = []
    for index, (kind, mode) in enumerate(KINDS):
        start = text.index(".") + 2 if index else 0
        place = Place("Kharkiv", "Kharkiv", "UA", "Kharkiv Oblast", 49.98, 36.25, 706483)
        events.append(EventModel(
            article_id=article.id, type=kind, mode=mode, trigger=f"t{index}",
            evidence=Evidence(text[start:start + 20], start, start + 20),
            source=[Actor("Russia", "Russia", "RUS", "MIL"), Actor("Ukraine", "Ukraine", "UKR")],
            location=place if index == 0 else None,
            date=EventDate("on Monday", day.isoformat(), "day"),
            quantities=Quantities(killed=article_number % 9 if index == 0 else None),
            content="to swap prisoners" if kind == "AGREE" else None))
    return Extraction(article=article, events=events)


def build(path: Path, events: int) -> None:
    if path.exists():
        return
    with Store.open(path) as store:
        store.add_extractions(synthetic(n) for n in range(events // len(KINDS)))
        # link half the events into two-mention stories without the linker's cost
        ids = [row[0] for row in store.conn.execute("SELECT id FROM events ORDER BY id")]
        store.conn.execute("BEGIN")
        for pair in range(0, len(ids) // 2, 2):
            story = f"s{pair:08d}"
            store.conn.execute(
                "INSERT INTO stories (id, type, modality, actor_codes, mention_count, "
                "article_count, updated_at) VALUES (?, 'ASSAULT', 'asserted', '[]', 2, 2, '')",
                (story,))
            for event_id in ids[pair:pair + 2]:
                store.conn.execute("INSERT INTO story_mentions VALUES (?, ?, 'a')",
                                   (event_id, story))
        store.conn.execute("COMMIT")


def timed(label: str, run: object, baseline: float | None, events: int) -> float:
    started = time.perf_counter()
    run()  # type: ignore[operator]
    seconds = time.perf_counter() - started
    ratio = f"{(events / seconds) / baseline:5.2f}x" if baseline else "  1.00x"
    print(f"{label:<34} {seconds:7.2f} s {events / seconds:10,.0f} events/s  {ratio}")
    return events / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    args = parser.parse_args()
    build(args.db, args.events)
    out = Path(tempfile.mkdtemp(prefix="detente-export-bench-"))
    with Store.open(args.db, readonly=True) as store:
        total = store.count("events")
        print(f"{total:,} events in {args.db}")

        def baseline() -> None:
            sink = io.StringIO()
            for event in query_events(store, EventFilter()):
                sink.write(event.to_json() + "\n")

        base = timed("baseline: events as extract JSON", baseline, None, total)
        for fmt in ("jsonl", "csv", "parquet", "geojson", "acled", "plover"):
            timed(f"export --format {fmt}", lambda fmt=fmt: export_events(
                store, EventFilter(), out / f"events.{fmt}", fmt), base, total)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Shared helpers for the hardening tests: a batch of short articles written from our own
templates, the ``detente`` command, and reading a store's contents for comparison.

Other test_hardening_* modules import from here; this module holds no tests.
"""

from __future__ import annotations

import random
import sqlite3
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

DETENTE = Path(sys.executable).parent / "detente"

PLACES = ["Kharkiv", "Odesa", "Dnipro", "Zaporizhzhia", "Kherson", "Sumy", "Mykolaiv",
          "Chernihiv", "Poltava", "Kramatorsk"]
CITIES = ["Istanbul", "Geneva", "Riyadh", "Doha", "Ankara", "Vienna"]
TEMPLATES = [
    ("{place} hit overnight",
     "{upper} — Russian drones struck {place} overnight, killing {n} people and wounding "
     "{m} more, the regional governor said on {weekday}. Emergency crews worked through the "
     "night. Report {i} in this series."),
    ("Prisoner exchange agreed in {city}",
     "Ukrainian and Russian negotiators met in {city} on {weekday} and agreed to exchange "
     "{m} prisoners of war each, officials said. The next round of talks is due next week. "
     "Report {i} in this series."),
    ("Moscow rejects truce offer",
     "The Kremlin rejected a proposal for a 30-day ceasefire on {weekday}, a spokesman told "
     "reporters in Moscow. Kyiv accused Russian forces of shelling {place}, killing {n} "
     "civilians. Report {i} in this series."),
    ("Aid convoy reaches {place}",
     "A United Nations convoy delivered food and medicine to {place} on {weekday}, the UN "
     "said. Turkish mediators promised to host a new meeting in {city}. Report {i} in this "
     "series."),
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def write_articles(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """``count`` distinct short articles as dated .txt files (numbered, so each is new)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        title, body = TEMPLATES[i % len(TEMPLATES)]
        place = rng.choice(PLACES)
        values = {"place": place, "upper": place.upper(), "city": rng.choice(CITIES),
                  "weekday": rng.choice(WEEKDAYS), "n": rng.randint(2, 40),
                  "m": rng.randint(10, 500), "i": i}
        published = date(2025, 1, 1) + timedelta(days=i % 300)
        path = folder / f"{published.isoformat()}_report-{i:04d}.txt"
        path.write_text(title.format(**values) + "\n\n" + body.format(**values) + "\n",
                        encoding="utf-8")
        paths.append(path)
    return paths


@dataclass
class Contents:
    """What a store holds, by id, for comparing two stores."""

    articles: list[str]
    events: dict[str, list[str]]  # article id -> its event ids
    statistics: list[str]
    integrity: str


def contents(db: Path) -> Contents:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        articles = [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY id")]
        events: dict[str, list[str]] = {article: [] for article in articles}
        for article, event in conn.execute("SELECT article_id, id FROM events ORDER BY id"):
            events.setdefault(article, []).append(event)
        statistics = [row[0] for row in conn.execute("SELECT id FROM statistics ORDER BY id")]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    return Contents(articles, events, statistics, integrity)

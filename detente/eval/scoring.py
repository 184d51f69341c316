"""Scoring the extractor against labelled sets.

Sentence- and headline-level sets (``{id, set, text, date, gold}`` per line):
``plover_gsr``, ``ucdp_headlines``, ``isaf_press_releases``. Article-level gold
(``{file, events: [...]}`` per line, several events per text) is scored by type
and evidence overlap. Each metric keeps its counts, so a figure can be checked.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from detente.errors import DetenteError
from detente.extract.pipeline import Extractor
from detente.ingest import date_from_filename
from detente.model import Actor, Article, Event, Extraction
from detente.resolve.places import skeleton


@dataclass
class Miss:
    """One record a metric got wrong: what the gold says and what was extracted."""
    record: str
    expected: Any
    got: Any


@dataclass
class Metric:
    name: str
    correct: int = 0
    total: int = 0
    misses: list[Miss] = field(default_factory=list)

    def add(self, ok: bool, record: str = "", expected: Any = None, got: Any = None) -> None:
        self.correct += int(ok)
        self.total += 1
        if not ok and record:
            self.misses.append(Miss(record, expected, got))

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None


@dataclass
class SetScore:
    name: str
    metrics: dict[str, Metric] = field(default_factory=dict)
    texts: int = 0
    events: int = 0
    empty: int = 0

    def metric(self, name: str) -> Metric:
        return self.metrics.setdefault(name, Metric(name))

    def count(self, extraction: Extraction) -> None:
        self.texts += 1
        self.events += len(extraction.events)
        self.empty += int(not extraction.events)

    def to_dict(self, misses: bool = False) -> dict[str, Any]:
        rows: dict[str, dict[str, Any]] = {
            m.name: {"value": m.value, "correct": m.correct, "total": m.total}
            for m in self.metrics.values()}
        if misses:
            for m in self.metrics.values():
                rows[m.name]["misses"] = [vars(miss) for miss in m.misses]
        rows["events_per_text"] = {"value": self.events / self.texts if self.texts else None,
                                   "correct": self.events, "total": self.texts}
        rows["no_event_share"] = {"value": self.empty / self.texts if self.texts else None,
                                  "correct": self.empty, "total": self.texts}
        return {"set": self.name, "metrics": rows}


@dataclass
class Record:
    id: str
    set: str
    text: str
    date: date | None
    gold: dict[str, Any]


def load_records(path: Path) -> Iterator[Record]:
    """Records of a labelled JSONL file; article-level gold lines are turned into records."""
    # split on "\n" only: str.splitlines() also breaks at U+2028 inside JSON strings
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DetenteError(f"{path}:{number}: bad JSON ({exc.msg})") from None
        if "file" in data and "events" in data:
            text_path = _find_article(path, data["file"])
            yield Record(f"{path.name}:{number}", "articles", text_path.read_text(encoding="utf-8"),
                         date_from_filename(text_path.name), data)
        else:
            yield Record(str(data["id"]), data.get("set") or path.stem, data["text"],
                         parse_gold_date(data.get("date")), data["gold"])


def _find_article(gold_file: Path, relative: str) -> Path:
    for base in (Path.cwd(), *gold_file.resolve().parents):
        candidate = base / relative
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{gold_file}: article {relative} not found")


def parse_gold_date(value: str | None) -> date | None:
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def evaluate(records: Iterable[Record], extractor: Extractor | None = None) -> list[SetScore]:
    """Score every record; one SetScore per set, in order of first appearance."""
    extractor = extractor or Extractor()
    scores: dict[str, SetScore] = {}
    record_list = list(records)
    articles = [Article(text=r.text, id=r.id, date=r.date) for r in record_list]
    for record, extraction in zip(record_list, extractor.extract_many(articles), strict=True):
        score = scores.setdefault(record.set, SetScore(record.set))
        score.count(extraction)
        SCORERS.get(record.set, _score_nothing)(score, record, extraction)
    return list(scores.values())


def _score_nothing(score: SetScore, record: Record, extraction: Extraction) -> None:
    return None


# -- actor codes -------------------------------------------------------------
def actor_codes(actors: list[Actor]) -> set[str]:
    """Codes comparable with the gold: IGO:UN -> IGO, a sector-only actor -> its sector."""
    codes = set()
    for actor in actors:
        if actor.code:
            codes.add(actor.code.split(":")[0])
        elif actor.sector in ("REB", "NGO", "IGO", "MNC", "CVL", "COP", "MIL", "GOV"):
            codes.add(actor.sector)
    return codes


def _gold_codes(values: list[str] | None) -> set[str]:
    return {v.split(":")[0] for v in values or []}


# -- PLOVER gold sentences ----------------------------------------------------
def score_plover(score: SetScore, record: Record, extraction: Extraction) -> None:
    gold = record.gold
    best = _best_event(extraction.events, gold)
    top = max(extraction.events, key=lambda e: e.confidence, default=None)
    rid = record.id
    best_type = best.plover_type if best else None
    score.metric("type").add(best_type == gold["type"], rid, gold["type"], best_type)
    top_type = top.plover_type if top else None
    score.metric("type_top_event").add(top_type == gold["type"], rid, gold["type"], top_type)
    for role in ("source", "target"):
        got = sorted(actor_codes(getattr(best, role))) if best else None
        expected = sorted(_gold_codes(gold[role]))
        score.metric(role).add(got == expected, rid, expected, got)
    if gold.get("mode"):
        mode = best.mode if best else None
        score.metric("mode").add(mode == gold["mode"], rid, gold["mode"], mode)


def _best_event(events: list[Event], gold: dict[str, Any]) -> Event | None:
    """The extracted event that best matches the gold one: type first, then actors."""
    def agreement(event: Event) -> tuple[int, int, float]:
        actors = len(actor_codes(event.source) & _gold_codes(gold.get("source")))
        actors += len(actor_codes(event.target) & _gold_codes(gold.get("target")))
        return (int(event.plover_type == gold.get("type")), actors, event.confidence)
    return max(events, key=agreement, default=None)


# -- UCDP headlines -------------------------------------------------------------
def score_ucdp(score: SetScore, record: Record, extraction: Extraction) -> None:
    gold = record.gold
    assaults = [e for e in extraction.events if e.type == "ASSAULT"]
    rid = record.id
    score.metric("event_found").add(bool(assaults), rid, "ASSAULT",
                                    sorted({e.type for e in extraction.events}))
    killed = max((e.quantities.killed or 0 for e in assaults), default=None)
    score.metric("killed_exact").add(killed == gold["killed_total"], rid,
                                     gold["killed_total"], killed)
    admin1 = {normalise_admin1(e.location.admin1) for e in extraction.events
              if e.location and e.location.admin1}
    # UCDP places some events only in the country: naming no oblast is then the right answer
    right = normalise_admin1(gold["admin1"]) in admin1 if gold["admin1"] else not admin1
    score.metric("admin1").add(right, rid, gold["admin1"], sorted(admin1))


def normalise_admin1(name: str | None) -> str:
    """Comparable division names: no "oblast"/"province", spelling variants folded
    (Paktia/Paktya, Luhansk/Lugansk)."""
    text = (name or "").lower().replace("'", "")
    text = re.sub(r"\b(oblast|province|region|city|autonomous republic of|republic)\b", "", text)
    return skeleton(" ".join(text.split()))


# -- ISAF press releases --------------------------------------------------------
def score_isaf(score: SetScore, record: Record, extraction: Extraction) -> None:
    gold = record.gold
    events = extraction.events
    kills = [e for e in events if e.type == "ASSAULT"]
    arrests = [e for e in events if e.type == "COERCE" and e.mode == "arrest"]
    rid = record.id
    # the gold is the least number killed/detained: a vague "several" counts its floor
    for name, field_name, found in (("killed", "killed", kills), ("detained", "persons", arrests)):
        least = _release_total(found, field_name, floors=True)
        score.metric(f"{name}_exact").add(least == gold[name], rid, gold[name], least)
        stated = _release_total(found, field_name, floors=False)
        score.metric(f"{name}_exact (stated numbers only)").add(
            stated == gold[name], rid, gold[name], stated)
        if gold[name]:  # as a user's pivot table adds them: every event's figure, summed
            summed = sum(e.quantities.least(field_name) or 0 for e in found)
            score.metric(f"{name} (events summed, positives)").add(
                summed == gold[name], rid, gold[name], summed)
    provinces = {normalise_admin1(e.location.admin1) for e in events
                 if e.location and e.location.admin1}
    gold_provinces = {normalise_admin1(p) for p in gold.get("province") or []}
    score.metric("province").add(bool(provinces & gold_provinces), rid,
                                 sorted(gold_provinces), sorted(provinces))
    event_date = _event_date(extraction)
    score.metric("date").add(event_date == gold.get("event_date"), rid,
                             gold.get("event_date"), event_date)


def _release_total(events: list[Event], field_name: str, floors: bool) -> int:
    """A release restates its summary in its details: the same figure counts once. With
    ``floors``, a vague amount ("several") counts the least it allows."""
    figures = {(e.quantities.least(field_name) if floors else getattr(e.quantities, field_name))
               for e in events}
    return sum(figure or 0 for figure in figures)


def _event_date(extraction: Extraction) -> str | None:
    for event in extraction.events:
        if event.date and event.date.value and event.date.precision == "day":
            return event.date.value
    published = extraction.article.date
    return published.isoformat() if published else None


# -- article-level gold -----------------------------------------------------------
def score_articles(score: SetScore, record: Record, extraction: Extraction) -> None:
    """Per-type precision and recall: a gold event is found by an extracted event of the same
    type whose evidence overlaps the gold evidence; modality is scored on found pairs."""
    text = record.text
    unmatched = list(extraction.events)
    for gold in record.gold["events"]:
        start = text.find(gold["evidence"])
        end = start + len(gold["evidence"])
        match = next((e for e in unmatched if e.type == gold["type"]
                      and e.evidence.start < end and e.evidence.end > start), None)
        score.metric(f"recall {gold['type']}").add(match is not None)
        score.metric("recall (all types)").add(match is not None, record.id,
                                               f"{gold['type']}: {gold['evidence'][:80]}", None)
        if match is not None:
            unmatched.remove(match)
            score.metric("modality (found events)").add(
                match.modality == gold["modality"], record.id,
                f"{gold['type']} {gold['modality']}", match.modality)
    matched_ids = {e.id for e in extraction.events} - {e.id for e in unmatched}
    for event in extraction.events:
        score.metric(f"precision {event.type}").add(event.id in matched_ids)
        score.metric("precision (all types)").add(
            event.id in matched_ids, record.id, None,
            f"{event.type}: {event.evidence.text[:80]}")


SCORERS = {
    "plover_gsr": score_plover,
    "ucdp_headlines": score_ucdp,
    "isaf_press_releases": score_isaf,
    "articles": score_articles,
}


def sorted_metrics(score: SetScore) -> list[tuple[str, dict[str, Any]]]:
    rows = score.to_dict()["metrics"]
    grouped: dict[int, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for name, row in rows.items():
        grouped[1 if name.startswith(("precision ", "recall ")) else 0].append((name, row))
    return grouped[0] + sorted(grouped[1])

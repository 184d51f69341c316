"""Scoring cross-report linking against hand-made gold: real events reported by several articles.

The gold file (JSONL) holds two kinds of lines, and only ids and character offsets, never text:

``{"kind": "event", "label": ..., "type": ..., "date": ..., "mentions": [{"article": FILE,
"start": S, "end": E}, ...]}`` -- one real event and where each article reports it;

``{"kind": "near_miss", "a": LABEL, "b": LABEL, "why": ...}`` -- two events that look alike
(same type and place on different days, two calls the same day) and must stay apart.

A mention is *found* when a stored event of its article has evidence overlapping its span.
A gold event is *merged* when one story holds a found event for every one of its mentions;
an unfound mention therefore counts against recall (strict), and a second figure counts only
the found mentions (linking alone). A story that holds two or more gold mentions is *pure*
when some one gold event accounts for all of its labelled events; its unlabelled events are
not judged. A near-miss pair is kept apart when no story holds an event of one side and an
event of the other (events overlapping both sides, in a shared sentence, are not counted).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detente.errors import DetenteError
from detente.extract.options import ExtractOptions
from detente.ingest.decode import normalise_newlines
from detente.link import link_store
from detente.pipeline import ingest_paths
from detente.store import Store
from detente.store import links as links_sql


class GoldError(DetenteError):
    """A links gold file that cannot be read."""


@dataclass(frozen=True)
class GoldMention:
    article: str  # the corpus file name
    start: int
    end: int


@dataclass(frozen=True)
class GoldEvent:
    label: str
    type: str
    date: str
    mentions: tuple[GoldMention, ...]
    split: str = ""  # "dev" (looked at while tuning) or "test" (held back), when given


@dataclass(frozen=True)
class NearMiss:
    a: str
    b: str
    why: str = ""


@dataclass
class LinkGold:
    events: dict[str, GoldEvent]
    near_misses: list[NearMiss]

    @property
    def articles(self) -> list[str]:
        return sorted({m.article for e in self.events.values() for m in e.mentions})

    def subset(self, split: str) -> LinkGold:
        """The events of one split and the near misses between them."""
        events = {k: e for k, e in self.events.items() if e.split == split}
        return LinkGold(events, [p for p in self.near_misses
                                 if p.a in events and p.b in events])

    @property
    def splits(self) -> list[str]:
        return sorted({e.split for e in self.events.values() if e.split})

    @property
    def multi(self) -> list[GoldEvent]:
        """Events reported by at least two articles: the ones recall is measured on."""
        return [e for e in self.events.values() if len({m.article for m in e.mentions}) > 1]


@dataclass(frozen=True)
class StoredEvent:
    id: str
    type: str
    modality: str
    start: int
    end: int
    story: str | None


@dataclass
class LinkScore:
    """Counts behind each figure, and the cases that went wrong (for --errors)."""

    events: int = 0
    merged: int = 0
    mentions: int = 0
    found: int = 0
    typed: int = 0  # found with an event of the gold type
    all_found: int = 0  # events with every mention found: the most strict recall can reach
    found_events: int = 0  # events with found mentions in two or more articles
    found_merged: int = 0
    pairs: int = 0
    pairs_linked: int = 0
    stories: int = 0
    pure: int = 0
    near_misses: int = 0
    near_judged: int = 0
    near_apart: int = 0
    ingest_seconds: float = 0.0
    link_seconds: float = 0.0
    misses: list[str] = field(default_factory=list)
    splits: dict[str, LinkScore] = field(default_factory=dict)

    def figures(self) -> dict[str, tuple[float | None, int, int]]:
        return {
            "merge_recall": _ratio(self.merged, self.events),
            "events_with_every_mention_found": _ratio(self.all_found, self.events),
            "merge_recall_found_mentions": _ratio(self.found_merged, self.found_events),
            "pairwise_recall_found": _ratio(self.pairs_linked, self.pairs),
            "merge_precision": _ratio(self.pure, self.stories),
            "near_misses_apart": _ratio(self.near_apart, self.near_judged),
            "mentions_found": _ratio(self.found, self.mentions),
            "mentions_found_with_gold_type": _ratio(self.typed, self.mentions),
        }

    def to_dict(self, misses: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            name: {"value": value, "correct": correct, "total": total}
            for name, (value, correct, total) in self.figures().items()}
        data["near_misses_not_judged"] = self.near_misses - self.near_judged
        data["ingest_seconds"] = self.ingest_seconds
        data["link_seconds"] = self.link_seconds
        if misses:
            data["misses"] = self.misses
        if self.splits:
            data["splits"] = {name: {k: {"value": v, "correct": c, "total": t}
                                     for k, (v, c, t) in part.figures().items()}
                              for name, part in self.splits.items()}
        return data


def load_gold(path: Path) -> LinkGold:
    """Read a links gold file; unknown fields are ignored, anything malformed is a GoldError."""
    events: dict[str, GoldEvent] = {}
    near: list[NearMiss] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read ({exc.__class__.__name__})") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if record["kind"] == "event":
                event = _gold_event(record)
                events[event.label] = event
            elif record["kind"] == "near_miss":
                near.append(NearMiss(str(record["a"]), str(record["b"]),
                                     str(record.get("why", ""))))
        except (ValueError, KeyError, TypeError) as exc:
            raise GoldError(f"{path}:{number}: not a links gold record ({exc})") from exc
    for pair in near:
        for label in (pair.a, pair.b):
            if label not in events:
                raise GoldError(f"{path}: near-miss names unknown event {label!r}")
    return LinkGold(events, near)


def _gold_event(record: dict[str, Any]) -> GoldEvent:
    mentions = tuple(GoldMention(str(m["article"]), int(m["start"]), int(m["end"]))
                     for m in record["mentions"])
    if not mentions or any(m.end <= m.start for m in mentions):
        raise ValueError(f"event {record['label']!r} needs mentions with end > start")
    return GoldEvent(str(record["label"]), str(record.get("type", "")),
                     str(record.get("date", "")), mentions, str(record.get("split", "")))


def evaluate_links(gold: LinkGold, corpus: Path, db: Path | None = None,
                   options: ExtractOptions | None = None) -> LinkScore:
    """Ingest the gold articles (or copy the store at ``db``), link, and score the stories."""
    with tempfile.TemporaryDirectory(prefix="detente-links-") as work:
        path = Path(work) / "links.db"
        ingest_seconds = 0.0
        if db is None:
            started = time.perf_counter()
            ingest_paths([str(corpus / name) for name in gold.articles], path, options=options)
            ingest_seconds = time.perf_counter() - started
        else:
            shutil.copyfile(db, path)
        with Store.open(path) as store:
            report = link_store(store)
            by_article = _stored_events(store, gold, corpus)
    score = score_links(gold, by_article)
    score.splits = {name: score_links(gold.subset(name), by_article) for name in gold.splits}
    score.ingest_seconds = round(ingest_seconds, 2)
    score.link_seconds = report.seconds
    return score


def _stored_events(store: Store, gold: LinkGold, corpus: Path) -> dict[str, list[StoredEvent]]:
    """Each gold article's stored events, with offsets in the corpus file's own text."""
    conn = store.conn
    found: dict[str, list[StoredEvent]] = {}
    for name in gold.articles:
        text = normalise_newlines((corpus / name).read_text(encoding="utf-8"))
        row = links_sql.article_by_file(conn, name, text)
        if row is None:
            found[name] = []
            continue
        shift = max(text.find(row["text"][:200]), 0)
        found[name] = [
            StoredEvent(r["id"], r["type"], r["modality"], r["evidence_start"] + shift,
                        r["evidence_end"] + shift, r["story_id"])
            for r in links_sql.events_with_story(conn, row["id"])]
    return found


def score_links(gold: LinkGold, by_article: dict[str, list[StoredEvent]]) -> LinkScore:
    """The figures, from the gold and each article's stored events (with their stories)."""
    score = LinkScore()
    hits = {(e.label, m): _overlapping(by_article.get(m.article, []), m)
            for e in gold.events.values() for m in e.mentions}
    _score_recall(gold, hits, score)
    _score_precision(gold, hits, score)
    _score_near_misses(gold, hits, score)
    return score


def _overlapping(events: Iterable[StoredEvent], m: GoldMention) -> list[StoredEvent]:
    return [e for e in events if e.start < m.end and m.start < e.end]


Hits = dict[tuple[str, GoldMention], list[StoredEvent]]


def _score_recall(gold: LinkGold, hits: Hits, score: LinkScore) -> None:
    for event in gold.multi:
        stories = [{h.story for h in hits[(event.label, m)] if h.story} for m in event.mentions]
        score.events += 1
        score.mentions += len(event.mentions)
        score.found += sum(1 for s in stories if s)
        score.typed += sum(1 for m in event.mentions
                           if any(h.type == event.type for h in hits[(event.label, m)]))
        merged = bool(set.intersection(*stories))
        score.merged += merged
        score.all_found += all(stories)
        present = [(m, s) for m, s in zip(event.mentions, stories, strict=True) if s]
        if len({m.article for m, _ in present}) > 1:
            score.found_events += 1
            score.found_merged += bool(set.intersection(*(s for _, s in present)))
        for i, (first, one) in enumerate(present):
            for second, other in present[i + 1:]:
                if first.article != second.article:
                    score.pairs += 1
                    score.pairs_linked += bool(one & other)
        if not merged:
            score.misses.append(f"not merged: {event.label}: " + "; ".join(
                _describe(m, hits[(event.label, m)]) for m in event.mentions))


def _describe(m: GoldMention, found: list[StoredEvent]) -> str:
    shown = ", ".join(f"{h.type}/{h.modality}->{h.story}" for h in found) or "not extracted"
    return f"{m.article[:15]}..{m.article[-14:-4]}[{m.start}] {shown}"


def _score_precision(gold: LinkGold, hits: Hits, score: LinkScore) -> None:
    labels: dict[str, set[str]] = defaultdict(set)  # stored event id -> gold labels
    mentions: dict[str, set[tuple[str, GoldMention]]] = defaultdict(set)  # story -> mentions
    for (label, mention), found in hits.items():
        for h in found:
            labels[h.id].add(label)
            if h.story:
                mentions[h.story].add((label, mention))
    members: dict[str, list[str]] = defaultdict(list)
    for stored in _events_by_id(hits).values():
        if stored.story:
            members[stored.story].append(stored.id)
    for story, held in sorted(mentions.items()):
        if len({m for _, m in held}) < 2:
            continue
        score.stories += 1
        common = set.intersection(*(labels[e] for e in members[story]))
        score.pure += bool(common)
        if not common:
            names = sorted({label for label, _ in held})
            score.misses.append(f"impure story {story}: {', '.join(names)}")


def _events_by_id(hits: Hits) -> dict[str, StoredEvent]:
    return {h.id: h for found in hits.values() for h in found}


def _score_near_misses(gold: LinkGold, hits: Hits, score: LinkScore) -> None:
    for pair in gold.near_misses:
        score.near_misses += 1
        side_a = _side(gold, hits, pair.a, pair.b)
        side_b = _side(gold, hits, pair.b, pair.a)
        if not side_a or not side_b:
            continue
        score.near_judged += 1
        together = {e.story for e in side_a if e.story} & {e.story for e in side_b if e.story}
        score.near_apart += not together
        if together:
            score.misses.append(f"near miss merged: {pair.a} + {pair.b} ({pair.why}) in "
                                f"{', '.join(sorted(s for s in together if s))}")


def _side(gold: LinkGold, hits: Hits, label: str, other: str) -> list[StoredEvent]:
    """Stored events found for ``label``'s mentions that overlap none of ``other``'s."""
    theirs = {h.id for m in gold.events[other].mentions for h in hits[(other, m)]}
    return [h for m in gold.events[label].mentions for h in hits[(label, m)]
            if h.id not in theirs]


_SPLIT_METRICS = ("merge_recall", "merge_recall_found_mentions", "merge_precision",
                  "near_misses_apart")


def _ratio(correct: int, total: int) -> tuple[float | None, int, int]:
    return (round(correct / total, 3) if total else None, correct, total)


def render(score: LinkScore, gold: LinkGold, errors: bool = False) -> Iterator[str]:
    """The score as a table (and, with ``errors``, each event or story that went wrong)."""
    yield (f"== links ({len(gold.multi)} events reported by 2+ articles, "
           f"{len(gold.articles)} articles, {len(gold.near_misses)} near-miss pairs)")
    yield f"{'metric':36s} {'value':>7s}  count"
    for name, (value, correct, total) in score.figures().items():
        shown = "    n/a" if value is None else f"{value:7.3f}"
        yield f"{name:36s} {shown}  {correct}/{total}"
    unjudged = score.near_misses - score.near_judged
    if unjudged:
        yield f"near-miss pairs not judged (a side not extracted): {unjudged}"
    for name, part in score.splits.items():
        shown = ", ".join(f"{metric} {value:.3f} ({correct}/{total})"
                          for metric, (value, correct, total) in part.figures().items()
                          if metric in _SPLIT_METRICS and value is not None)
        yield f"split {name}: {shown}"
    yield f"ingest {score.ingest_seconds:.1f}s, link {score.link_seconds:.2f}s"
    if errors:
        yield from score.misses

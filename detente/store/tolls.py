"""Tolls compared per incident and claimant, never added up across unrelated incidents.

An incident is a story (the linked reports of one real event) once `detente link` has run,
else the event itself. For each incident, every claimant's figures stand side by side:
killed, injured, and people released, exchanged or detained in separate columns (a swap
is not a release, an arrest is not a casualty). Where one claimant gave several figures for
the same incident (several reports), the highest is shown and the number of reports said.
The only aggregate is labelled with what it sums.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from detente.store import Store
from detente.store.board import FROM_EVENTS, event_where, has_table, latest_figures
from detente.store.cache import cached
from detente.store.listing import display_title
from detente.store.queries import EVENT_DATE, EventFilter

FIGURES: tuple[str, ...] = ("killed", "injured", "released", "exchanged", "detained")
INCIDENTS_SHOWN = 50
# People a report counts, by what happened to them: the trigger tells a swap from a release.
PERSONS_KIND = """CASE
    WHEN e.type = 'RETREAT' AND e.mode = 'release' AND (casefold(e.trigger) LIKE 'swap%'
         OR casefold(e.trigger) LIKE 'exchang%' OR casefold(e.trigger) LIKE 'trad%')
         THEN 'exchanged'
    WHEN e.type = 'RETREAT' AND e.mode = 'release' THEN 'released'
    WHEN e.type IN ('COERCE', 'ASSAULT')
         AND e.mode IN ('arrest', 'seize', 'abduct', 'detain', 'capture') THEN 'detained'
    END"""
_CLAIMANT = "COALESCE(e.claimed_by_code, casefold(e.claimed_by_text), 'unattributed')"
_CLAIMS = """
SELECT {incident} AS incident, {claimant} AS claimant, max(e.claimed_by_text) AS claimed_as,
    count(*) AS reports, max(e.killed) AS killed, max(e.injured) AS injured,
    max(CASE WHEN {kind} = 'released' THEN e.persons END) AS released,
    max(CASE WHEN {kind} = 'exchanged' THEN e.persons END) AS exchanged,
    max(CASE WHEN {kind} = 'detained' THEN e.persons END) AS detained,
    max(e.per_side) AS per_side, min({date}) AS date, max(e.location_name) AS place,
    max(e.type) AS type, min(e.id) AS event_id, max(a.title) AS title,
    max(substr(a.text, 1, 400)) AS head
{from_} {joins} {where}
GROUP BY incident, claimant
"""


@cached
def tolls(store: Store, flt: EventFilter, limit: int = INCIDENTS_SHOWN) -> dict[str, Any]:
    """The tolls page's data: each claimant's newest cumulative figures, and the newest
    incidents with each claimant's figures side by side."""
    return {"figures": latest_figures(store), **tolls_by_incident(store, flt, limit)}


def tolls_by_incident(store: Store, flt: EventFilter, limit: int = INCIDENTS_SHOWN,
                      ) -> dict[str, Any]:
    """The newest incidents with figures, each with one row of figures per claimant."""
    linked = has_table(store, "story_mentions")
    incident = "COALESCE(sm.story_id, e.id)" if linked else "e.id"
    joins = "LEFT JOIN story_mentions sm ON sm.event_id = e.id" if linked else ""
    where, params = event_where(
        flt, "e.modality = 'asserted'",
        f"(e.killed IS NOT NULL OR e.injured IS NOT NULL OR {PERSONS_KIND} IS NOT NULL)")
    claims = _CLAIMS.format(incident=incident, claimant=_CLAIMANT, kind=PERSONS_KIND,
                            date=EVENT_DATE, from_=FROM_EVENTS, joins=joins, where=where)
    newest = (f"SELECT incident, max(date) AS newest FROM ({claims}) GROUP BY incident "
              "ORDER BY newest IS NULL, newest DESC, incident LIMIT ?")
    total = store.conn.execute(f"SELECT count(DISTINCT incident) FROM ({claims})",
                               params).fetchone()[0]
    rows = store.conn.execute(
        f"SELECT c.* FROM ({claims}) c JOIN ({newest}) n ON n.incident = c.incident "
        "ORDER BY n.newest IS NULL, n.newest DESC, c.incident, c.claimant",
        (*params, *params, limit))
    incidents = _group(dict(row) for row in rows)
    return {"incidents": incidents, "total": int(total), "linked": linked,
            "columns": FIGURES, "bounds": upper_bounds(incidents)}


def _group(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    incidents: dict[str, dict[str, Any]] = {}
    for row in rows:
        found = incidents.setdefault(row["incident"], {
            "id": row["incident"], "story": not row["incident"].startswith("e"),
            "event_id": row["event_id"], "date": row["date"], "place": row["place"],
            "type": row["type"], "title": display_title(row["title"], row["head"]),
            "claims": [], "disputed": False})
        found["claims"].append({key: row[key] for key in (
            "claimant", "claimed_as", "reports", "per_side", *FIGURES)})
    for incident in incidents.values():
        incident["disputed"] = any(
            len({c[f] for c in incident["claims"] if c[f] is not None}) > 1 for f in FIGURES)
    return list(incidents.values())


def upper_bounds(incidents: list[dict[str, Any]]) -> dict[str, Any]:
    """Per figure, the sum over the listed incidents of the highest figure any claimant gave
    for each: an upper bound over these incidents, and labelled as such."""
    sums: dict[str, int | None] = {}
    for figure in FIGURES:
        highest = [max(values) for incident in incidents
                   if (values := [c[figure] for c in incident["claims"] if c[figure] is not None])]
        sums[figure] = sum(highest) if highest else None
    label = (f"sum over these {len(incidents)} incidents of the highest figure any claimant "
             "gave for each (asserted events only; background events left out unless shown)")
    return {"sums": sums, "incidents": len(incidents), "label": label}

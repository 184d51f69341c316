"""A commitment's life as chart geometry for a server-drawn SVG (no script needed): status
bands along a time axis, one marker per report, the deadlines, and the quantity carried out
as a step line against the promised figure."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

WIDTH, HEIGHT = 960, 230
LEFT, RIGHT = 24, 24
AXIS_Y = 170  # the time axis; bands sit just above it, markers on it, labels below
BAND_TOP, BAND_HEIGHT = 150, 14
PLOT_TOP, PLOT_BOTTOM = 26, 140  # the quantity line's area
LABEL_ROWS = 2
STACK = 14  # pixels between markers of one day


def life_chart(commitment: dict[str, Any], timeline: list[dict[str, Any]]) -> dict[str, Any]:
    """Geometry for one commitment's timeline (x in pixels; dates as ISO strings)."""
    days = [_day(e.get("date")) for e in timeline]
    known = [d for d in days if d is not None]
    start = _day(commitment.get("made_on")) or (min(known) if known else None)
    as_of = _day(commitment.get("as_of"))
    if start is None or as_of is None:
        return {"drawn": False}
    ends = [as_of, *known] + [d for d in (_day((commitment.get("deadline") or {}).get("end")),
                                          _day((commitment.get("original_deadline") or {})
                                               .get("end"))) if d]
    end = max(max(ends), start + timedelta(days=7))
    scale = _Scale(start, end)
    return {
        "drawn": True, "width": WIDTH, "height": HEIGHT, "axis_y": AXIS_Y,
        "x1": LEFT, "x2": WIDTH - RIGHT, "ticks": scale.ticks(),
        "bands": _bands(timeline, scale, start, as_of),
        "markers": _markers(timeline, scale),
        "deadlines": _deadlines(commitment, scale),
        "progress": _progress(commitment, timeline, scale, as_of),
        "as_of": {"x": scale.x(as_of), "label": f"as of {as_of.isoformat()}"},
    }


class _Scale:
    def __init__(self, start: date, end: date) -> None:
        self.start, self.span = start, max((end - start).days, 1)

    def x(self, day: date) -> float:
        return round(LEFT + (day - self.start).days / self.span * (WIDTH - LEFT - RIGHT), 1)

    def ticks(self) -> list[dict[str, Any]]:
        """The first of each month inside the span (every other month past a year)."""
        found = []
        month = date(self.start.year, self.start.month, 1)
        step = 2 if self.span > 400 else 1
        end = self.start + timedelta(days=self.span)
        while month <= end:
            if month >= self.start:
                found.append({"x": self.x(month), "label": month.strftime("%b %Y")})
            for _ in range(step):
                month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        return found


def _bands(timeline: list[dict[str, Any]], scale: _Scale, start: date, as_of: date,
           ) -> list[dict[str, Any]]:
    """Consecutive stretches of one status, from the promise to ``as_of``."""
    changes: list[tuple[date, str]] = [(start, "open")]
    for entry in timeline:
        day = _day(entry.get("date"))
        if day is not None and entry.get("status") and entry["status"] != changes[-1][1]:
            changes.append((max(day, start), entry["status"]))
    bands = []
    for (day, status), following in zip(changes, [*changes[1:], (as_of, "")], strict=True):
        x1, x2 = scale.x(day), scale.x(max(following[0], day))
        bands.append({"x": x1, "width": max(round(x2 - x1, 1), 1.0), "status": status,
                      "css": status.replace(" ", "-"), "from": day.isoformat(),
                      "to": following[0].isoformat(), "y": BAND_TOP, "height": BAND_HEIGHT})
    return bands


def _markers(timeline: list[dict[str, Any]], scale: _Scale) -> list[dict[str, Any]]:
    markers: list[dict[str, Any]] = []
    dated = [(day, e) for e in timeline if (day := _day(e.get("date"))) is not None]
    stacked: dict[date, int] = {}
    for number, (day, entry) in enumerate(dated):
        quantity = entry.get("quantity")
        label = entry.get("label") or entry["kind"]
        if quantity is not None:
            label += f" {quantity:,}"
        height = stacked[day] = stacked.get(day, -1) + 1  # reports of one day stack upwards
        markers.append({
            "x": scale.x(day), "y": AXIS_Y - STACK * height,
            "kind": entry["kind"].replace(" ", "-"), "label": label if not height else "",
            "date": day.isoformat(),
            "label_y": AXIS_Y + 22 + 14 * (number % LABEL_ROWS), "anchor": _anchor(scale.x(day)),
            "href": f"/events/{entry['event_id']}" if entry.get("event_id") else None,
            "title": f"{day.isoformat()}: {label} -> {entry.get('status')}",
        })
    return markers


def _deadlines(commitment: dict[str, Any], scale: _Scale) -> list[dict[str, Any]]:
    found = []
    current = commitment.get("deadline") or {}
    original = commitment.get("original_deadline") or {}
    for deadline, which in ((original, "first"), (current, "current")):
        end = _day(deadline.get("end"))
        if end is None or (which == "current" and deadline.get("end") == original.get("end")):
            continue
        verb = "due" if deadline.get("kind") == "due" else "runs to"
        x = scale.x(end)
        found.append({"x": x, "label": f"{verb} {end.isoformat()}", "css": which,
                      "y1": PLOT_TOP - 10 + (12 if which == "current" else 0), "y2": AXIS_Y,
                      "anchor": "end" if x > WIDTH / 2 else "start",
                      "text_x": x - 3 if x > WIDTH / 2 else x + 3})
    return found


def _progress(commitment: dict[str, Any], timeline: list[dict[str, Any]], scale: _Scale,
              as_of: date) -> dict[str, Any] | None:
    """The quantity carried out over time as a step line, against the promised figure."""
    steps = [(day, int(done)) for e in timeline if (day := _day(e.get("date"))) is not None
             and (done := e.get("fulfilled_quantity")) is not None]
    promised = commitment.get("quantity")
    if not steps:
        return None
    top = max([promised or 0, *(q for _, q in steps)])
    if top <= 0:
        return None

    def y(value: int) -> float:
        return round(PLOT_BOTTOM - value / top * (PLOT_BOTTOM - PLOT_TOP), 1)

    points = [(scale.x(steps[0][0]), y(0))]
    for day, quantity in steps:
        x = scale.x(day)
        points += [(x, points[-1][1]), (x, y(quantity))]
    points.append((scale.x(as_of), points[-1][1]))
    unit = commitment.get("unit") or ""
    done = steps[-1][1]
    return {"points": " ".join(f"{x},{v}" for x, v in points),
            "target_y": y(promised) if promised else None,
            "label": f"{done:,}{' of ' + format(promised, ',') if promised else ''} {unit}".strip(),
            "target_label": f"promised {promised:,} {unit}".strip() if promised else None}


def _anchor(x: float) -> str:
    """Labels near the edges grow inwards so they stay inside the drawing."""
    return "start" if x < LEFT + 60 else "end" if x > WIDTH - RIGHT - 60 else "middle"


def _day(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None

"""Stories and the peace process from tests/fixtures/process, through the real extractor.

The corpus (15 short wire reports written for the project, 1 September to 8 October 2025,
invented events): two rounds of Russia-Ukraine talks in Istanbul hosted by Turkey, each
reported by one or two outlets; an agreement to return 5,000 bodies each, carried out in
two handovers (1,000 then 900), each reported by two outlets who type it differently; an
agreed exchange of 1,200 prisoners each whose first stage (307) "would continue in
stages"; demands, rejections and a threat from each side; a drone strike on the port of
Izmail whose toll rises from three (the governor, Sunday) to eight (the Odesa region's
administration, Monday) and nine (the State Emergency Service on the Izmail district,
Tuesday).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_link_support import linked_fixture_store

from detente.link import get_story
from detente.store import Store

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures" / "process"


@pytest.fixture(scope="module")
def process_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return linked_fixture_store(FIXTURES, tmp_path_factory.mktemp("process") / "process.db", 12)


@pytest.fixture
def store(process_db: Path) -> Iterator[Store]:
    with Store.open(process_db, readonly=True) as opened:
        yield opened


def event_in(store: Store, file_part: str, phrase: str, kind: str | None = None) -> str:
    """The id of the first event of a fixture file whose evidence holds ``phrase``."""
    row = store.conn.execute(
        "SELECT e.id FROM events e JOIN articles a ON a.id = e.article_id "
        "WHERE a.path LIKE ? AND instr(e.evidence_text, ?) > 0 AND (? IS NULL OR e.type = ?) "
        "ORDER BY e.evidence_start, e.id LIMIT 1",
        (f"%{file_part}%", phrase, kind, kind),
    ).fetchone()
    assert row, (file_part, phrase)
    return str(row[0])


def test_link_process_corpus_rising_toll_town_and_province_one_story(store: Store) -> None:
    """Izmail (the town), the Odesa region (its province, 190 km from Izmail by the
    province's coordinates) and the Izmail district: one strike, best = the latest
    official figure (9), low 3, high 9, and each claimant's figure kept."""
    first = event_in(store, "izmail-drone-strike", "killing three", "ASSAULT")
    province = event_in(store, "odesa-region-toll", "has risen to eight", "ASSAULT")
    district = event_in(store, "izmail-district-toll", "has risen to nine", "ASSAULT")
    view = get_story(store, first)
    assert view is not None
    assert {first, province, district} <= {m["id"] for m in view.mentions}
    story = view.story
    assert (story["killed_best"], story["killed_low"], story["killed_high"]) == (9, 3, 9)
    figures = {c["claimant"]: c["figures"].get("killed") for c in view.claims}
    assert figures["regional governor Oleh Kiper"] == [3]
    assert figures["the State Emergency Service"] == [9]
    assert [8] in figures.values()


def test_link_process_corpus_one_handover_typed_two_ways_one_story(store: Store) -> None:
    """The second handover of bodies: one outlet's report reads as a release (RETREAT),
    the other's as the deal carried out (AGREE); actors, day and the 900 agree."""
    harbour = event_in(store, "bodies-second-round-harbour", "returned the bodies of 900")
    eastpost = event_in(store, "bodies-second-round-eastpost", "brought home the bodies")
    view = get_story(store, harbour)
    assert view is not None
    types = {m["id"]: m["type"] for m in view.mentions}
    assert eastpost in types and types[harbour] != types[eastpost]
    assert view.story["type"] == "RETREAT" and view.story["persons_best"] == 900
    assert view.story["article_count"] == 2


def test_link_process_corpus_timeline(store: Store) -> None:
    """Two rounds of talks in Istanbul with Turkey; the bodies deal with its live status
    and what was returned; the handovers, each told by two outlets; demands and
    rejections on both sides; one strike with three claimants, and no handover of bodies
    counted as violence."""
    from detente.link.process import peace_process
    from detente.link.status import STATUSES

    found = peace_process(store, "RUS", "UKR")
    talks = [i for i in found.items if i.kind == "talks"]
    assert [(t.round, t.place, t.mediators) for t in talks] == [
        (1, "Istanbul", ["TUR"]), (2, "Istanbul", ["TUR"])]
    bodies = [i for i in found.items if i.kind == "agreement" and i.commitment
              and "bodies" in i.commitment["what"]]
    assert len(bodies) == 1
    commitment = bodies[0].commitment
    assert commitment is not None and commitment["status"] in STATUSES
    assert commitment["fulfilment"].startswith("bodies: ")
    assert "of 5,000" in commitment["fulfilment"] and commitment["rounds"] >= 2
    handovers = [i for i in found.items if i.kind == "handover"]
    assert {h.figures["persons"]["best"] for h in handovers} >= {1000, 900}
    assert all(len(h.sources) == 2 for h in handovers if h.figures["persons"]["best"] >= 900)
    sides = {(i.kind, i.side) for i in found.items}
    assert {("demand", "RUS"), ("demand", "UKR"), ("rejection", "RUS"),
            ("rejection", "UKR")} <= sides
    [violence] = [i for i in found.items if i.kind == "violence"]
    assert len(violence.claims) == 3 and violence.figures["killed"]["best"] == 9

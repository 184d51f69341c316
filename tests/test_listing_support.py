"""A small store written directly (no spaCy) for the listing, search, sort and background
tests of the CLI, the API and the dashboard. The articles are our own words; each event's
evidence is a span of its article. This module holds no tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from detente.model import (
    Actor,
    Article,
    Claim,
    Event,
    EventDate,
    Evidence,
    Extraction,
    Place,
    Quantities,
)
from detente.store import Store

TALKS = (
    "Delegations meet in Geneva\n\n"
    "Russian and Ukrainian delegations met in Geneva on Monday. "
    "Putin said Russia would agree to a ceasefire only if Kyiv withdrew. "
    "The talks recalled the famine of 1932, which killed millions. "
    "Officials described the mood as tense."
)
SWAP = (
    "Prisoners exchanged at the border\n\n"
    "Ukraine and Russia exchanged 120 prisoners each on Friday, Ukrainian officials said. "
    "Russian officials said 15 soldiers were killed near Pokrovsk. "
    "Ukraine detained 4 saboteurs in Sumy."
)
STRIKE = (
    "Drone strike hits Kharkiv; a ceasefire is discussed elsewhere\n\n"
    "A drone strike killed 12 people in Kharkiv on Tuesday, regional officials said."
)
CLAIM = (
    "Moscow's version\n\n"
    "Russia said its drone strike in Kharkiv on Tuesday killed 20 soldiers."
)
RUS = Actor("Russia", "Russia", "RUS")
UKR = Actor("Ukraine", "Ukraine", "UKR")
PUTIN = Actor("Putin", "Vladimir Putin", "RUS", "GOV")
KHARKIV = Place("Kharkiv", "Kharkiv", "UKR", "Kharkiv Oblast", 49.98, 36.25, 706483)
GENEVA = Place("Geneva", "Geneva", "CHE", "Geneva", 46.2, 6.14, 2660646)
POKROVSK = Place("Pokrovsk", "Pokrovsk", "UKR", "Donetsk Oblast", 48.28, 37.18, 704147)
SUMY = Place("Sumy", "Sumy", "UKR", "Sumy Oblast", 50.91, 34.8, 692194)
UKRAINE = Place("Ukraine", "Ukraine", "UKR", None, 49.0, 32.0, None)


def span(text: str, words: str) -> Evidence:
    start = text.index(words)
    return Evidence(words, start, start + len(words))


def extractions() -> list[Extraction]:
    talks = Article(TALKS, id="a-talks", title="Delegations meet in Geneva",
                    date=date(2025, 3, 10), source="Test Wire", url="https://example.org/talks",
                    path="/home/someone/corpus/talks.txt")
    swap = Article(SWAP, id="a-swap", title=None, date=date(2025, 3, 14), source="Other Wire",
                   path="/home/someone/corpus/swap.txt")
    strike = Article(STRIKE, id="a-strike", title=None, date=date(2025, 3, 5),
                     path="/home/someone/corpus/strike.txt")
    claim = Article(CLAIM, id="a-claim", title="Moscow's version", date=date(2025, 3, 5),
                    source="State Wire", url="https://example.org/claim")
    return [
        Extraction(talks, events=[
            Event("a-talks", "CONSULT", span(TALKS, "Russian and Ukrainian delegations met in "
                                                    "Geneva on Monday."), trigger="met",
                  source=[RUS, UKR], location=GENEVA,
                  date=EventDate("on Monday", "2025-03-10", "day")),
            Event("a-talks", "AGREE", span(TALKS, "Putin said Russia would agree to a ceasefire "
                                                  "only if Kyiv withdrew."),
                  modality="conditional", trigger="agree", source=[PUTIN], target=[UKR],
                  content="a ceasefire"),
            Event("a-talks", "ASSAULT", span(TALKS, "The talks recalled the famine of 1932, "
                                                    "which killed millions."), trigger="killed",
                  location=UKRAINE, date=EventDate("1932", "1932-01-01", "year")),
        ]),
        Extraction(swap, events=[
            Event("a-swap", "RETREAT", span(SWAP, "Ukraine and Russia exchanged 120 prisoners "
                                                  "each on Friday, Ukrainian officials said."),
                  mode="release", trigger="exchanged", source=[UKR, RUS],
                  quantities=Quantities(persons=120, per_side=True),
                  claimed_by=Claim("Ukrainian officials", "UKR", "GOV"),
                  date=EventDate("on Friday", "2025-03-14", "day")),
            Event("a-swap", "ASSAULT", span(SWAP, "Russian officials said 15 soldiers were "
                                                  "killed near Pokrovsk."), trigger="killed",
                  location=POKROVSK, quantities=Quantities(killed=15),
                  claimed_by=Claim("Russian officials", "RUS", "GOV")),
            Event("a-swap", "COERCE", span(SWAP, "Ukraine detained 4 saboteurs in Sumy."),
                  mode="arrest", trigger="detained", source=[UKR], location=SUMY,
                  quantities=Quantities(persons=4)),
        ]),
        Extraction(strike, events=[
            Event("a-strike", "ASSAULT", span(STRIKE, "A drone strike killed 12 people in Kharkiv "
                                                      "on Tuesday, regional officials said."),
                  trigger="killed", source=[RUS], location=KHARKIV,
                  quantities=Quantities(killed=12), claimed_by=Claim("regional officials"),
                  date=EventDate("on Tuesday", "2025-03-04", "day")),
        ]),
        Extraction(claim, events=[
            Event("a-claim", "ASSAULT", span(CLAIM, "Russia said its drone strike in Kharkiv on "
                                                    "Tuesday killed 20 soldiers."),
                  trigger="strike", source=[RUS], location=KHARKIV,
                  quantities=Quantities(killed=20), claimed_by=Claim("Russia", "RUS", "GOV"),
                  date=EventDate("on Tuesday", "2025-03-04", "day")),
        ]),
    ]


def listing_store(path: Path, linked: bool = False) -> Path:
    """The store of ``extractions()`` at ``path`` (8 events, one of them background); with
    ``linked``, after `detente link` (the two reports of the Kharkiv strike are one story)."""
    with Store.open(path) as store:
        store.add_extractions(extractions())
        if linked:
            from detente.link.api import link_store

            link_store(store)
    return path

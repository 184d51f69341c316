"""A small peace process between Russia and Ukraine, hand-built (our own sentences, invented
events) and linked in a real store without the language model: talks in Istanbul told by two
outlets, an agreed exchange of 1,000 prisoners each and its first round (390), a demand, a
rejection and a threat, a strike whose toll two claimants give, and returned bodies that
an extractor read as an attack. One demand carries markup, to check that pages escape it.
Other test modules import from here; this module holds no tests.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from detente.link import link_store
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

RUS = Actor("Russia", "Russia", "RUS", "GOV")
UKR = Actor("Ukraine", "Ukraine", "UKR", "GOV")
ISTANBUL = Place("Istanbul", "Istanbul", "TUR", "Istanbul", 41.01, 28.95, 745044)
KHARKIV = Place("Kharkiv", "Kharkiv", "UKR", "Kharkiv Oblast", 49.99, 36.23, 706483)
TALKS_DAY = date(2025, 4, 7)
MARKUP = '<img src=x onerror="window.__xss=1">'


def _report(text: str, published: date, outlet: str, **fields: object) -> Extraction:
    article = Article(text=text, title=text.split(".")[0][:60], date=published, source=outlet)
    values: dict[str, object] = {"type": "CONSULT", "trigger": text.split()[1]}
    values.update(fields)
    event = Event(article_id=article.id, evidence=Evidence(text, 0, len(text)), **values)  # type: ignore[arg-type]
    return Extraction(article=article, events=[event])


def _on(day: date, text: str = "on Monday") -> EventDate:
    return EventDate(text, day.isoformat(), "day")


def reports() -> list[Extraction]:
    monday = _on(TALKS_DAY)
    return [
        _report("Russian and Ukrainian delegations met in Istanbul on Monday for direct talks "
                "hosted by Turkey.", TALKS_DAY, "Northwire", mode="host", source=[RUS, UKR],
                location=ISTANBUL, date=monday),
        _report("Negotiators from Ukraine and Russia held talks in Istanbul on Monday, their "
                "first meeting this year.", date(2025, 4, 8), "Eastpost", source=[UKR, RUS],
                location=ISTANBUL, date=monday),
        _report("Russia and Ukraine agreed on Monday to exchange 1,000 prisoners of war each.",
                TALKS_DAY, "Northwire", type="AGREE", source=[RUS, UKR], date=monday,
                content="to exchange 1,000 prisoners of war each",
                quantities=Quantities(persons=1000, per_side=True)),
        _report(f"Ukraine demanded an unconditional ceasefire {MARKUP} from Moscow.", TALKS_DAY,
                "Eastpost", type="REQUEST", source=[UKR], target=[RUS], date=monday,
                content=f"an unconditional ceasefire {MARKUP}"),
        _report("The Kremlin rejected Ukraine's call for an unconditional ceasefire on Tuesday.",
                date(2025, 4, 8), "Northwire", type="REJECT", source=[RUS], target=[UKR],
                date=_on(date(2025, 4, 8), "on Tuesday"),
                content="Ukraine's call for an unconditional ceasefire"),
        _report("Russia threatened on Thursday to widen its offensive if the talks failed.",
                date(2025, 4, 10), "Eastpost", type="THREATEN", source=[RUS], target=[UKR],
                date=_on(date(2025, 4, 10), "on Thursday"),
                content="to widen its offensive if the talks failed"),
        _report("Russia and Ukraine exchanged 390 prisoners of war each on Saturday, the first "
                "round of the agreed exchange.", date(2025, 4, 12), "Northwire", type="RETREAT",
                mode="release", source=[RUS, UKR], date=_on(date(2025, 4, 12), "on Saturday"),
                quantities=Quantities(persons=390, per_side=True)),
        _report("A Russian missile struck Kharkiv on Sunday, killing four people, the governor "
                "said.", date(2025, 4, 13), "Northwire", type="ASSAULT", mode="missile",
                source=[RUS], target=[UKR], location=KHARKIV,
                date=_on(date(2025, 4, 13), "on Sunday"), quantities=Quantities(killed=4),
                claimed_by=Claim("the governor", "UKR", "GOV")),
        _report("The death toll from Sunday's missile strike on Kharkiv has risen to seven, the "
                "State Emergency Service said.", date(2025, 4, 14), "Eastpost", type="ASSAULT",
                source=[RUS], target=[UKR], location=KHARKIV,
                date=_on(date(2025, 4, 13), "Sunday"), quantities=Quantities(killed=7),
                claimed_by=Claim("the State Emergency Service", "UKR", "GOV")),
        _report("Ukraine said the bodies of 49 soldiers had been returned by Russia on Monday.",
                date(2025, 4, 14), "Eastpost", type="ASSAULT", source=[UKR], target=[RUS],
                date=_on(date(2025, 4, 14)), quantities=Quantities(killed=49)),
    ]


def build_process_store(path: Path) -> Path:
    """The store at ``path``, filled and linked."""
    with Store.open(path) as store:
        store.add_extractions(reports())
        link_store(store)
    return path

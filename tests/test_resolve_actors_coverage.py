"""Coverage of the actor dictionary: leaders, organisations, armed groups, metonyms,
and the alias policy (no everyday words or place names swallowed as people)."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from detente.resolve import ActorResolver
from detente.resolve.actors import _country_entries, _data_text, tokens


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver.default()


@pytest.fixture(scope="module")
def entities() -> list[dict]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(_data_text("actors.yaml"), Loader=loader)["entities"]


def _triple(resolver: ActorResolver, text: str) -> tuple[str | None, str | None, str | None]:
    actor = resolver.resolve(text)
    assert actor is not None, text
    return actor.name, actor.code, actor.sector


@pytest.mark.parametrize("text, code", [
    ("President Bush threatened", "USA"), ("Clinton", "USA"), ("Reagan", "USA"),
    ("Mugabe said", "ZWE"), ("Mandela", "ZAF"), ("Gaddafi", "LBY"), ("Qaddafi", "LBY"),
    ("Kadhafi", "LBY"), ("Gadhafi", "LBY"), ("Saddam", "IRQ"), ("Mubarak", "EGY"),
    ("el-Sisi", "EGY"), ("Khomeini", "IRN"), ("Ahmadinejad", "IRN"), ("Rouhani", "IRN"),
    ("Gorbachev", "RUS"), ("Yeltsin", "RUS"), ("Thatcher", "GBR"), ("Tony Blair", "GBR"),
    ("Gordon Brown", "GBR"), ("Theresa May", "GBR"), ("Chirac", "FRA"), ("Sarkozy", "FRA"),
    ("Mitterrand", "FRA"), ("Kohl", "DEU"), ("Schröder", "DEU"), ("Berlusconi", "ITA"),
    ("Aznar", "ESP"), ("Milosevic", "SRB"), ("Tudjman", "HRV"), ("Walesa", "POL"),
    ("Havel", "CZE"), ("Ceausescu", "ROU"), ("Erdoğan", "TUR"), ("Ozal", "TUR"),
    ("Rabin", "ISR"), ("Ariel Sharon", "ISR"), ("Arafat", "PSE"), ("Chavez", "VEN"),
    ("Maduro", "VEN"), ("Fidel Castro", "CUB"), ("Lula", "BRA"), ("Bolsonaro", "BRA"),
    ("Kirchner", "ARG"), ("Milei", "ARG"), ("Fujimori", "PER"), ("Uribe", "COL"),
    ("Evo Morales", "BOL"), ("Pinochet", "CHL"), ("Lopez Obrador", "MEX"), ("AMLO", "MEX"),
    ("Deng Xiaoping", "CHN"), ("Hu Jintao", "CHN"), ("Jiang Zemin", "CHN"), ("Koizumi", "JPN"),
    ("Shinzo Abe", "JPN"), ("Kim Jong Il", "PRK"), ("Kim Il-sung", "PRK"),
    ("Kim Dae-jung", "KOR"), ("Yoon", "KOR"), ("Suharto", "IDN"), ("Jokowi", "IDN"),
    ("Mahathir", "MYS"), ("Thaksin", "THA"), ("Duterte", "PHL"), ("Hun Sen", "KHM"),
    ("Suu Kyi", "MMR"), ("Vajpayee", "IND"), ("Indira Gandhi", "IND"), ("Musharraf", "PAK"),
    ("Benazir Bhutto", "PAK"), ("Nawaz Sharif", "PAK"), ("Sheikh Hasina", "BGD"),
    ("Rajapaksa", "LKA"), ("Karzai", "AFG"), ("Nazarbayev", "KAZ"), ("Saakashvili", "GEO"),
    ("Obasanjo", "NGA"), ("Tinubu", "NGA"), ("Meles Zenawi", "ETH"), ("Abiy Ahmed", "ETH"),
    ("Mobutu", "COD"), ("Kabila", "COD"), ("Kagame", "RWA"), ("Museveni", "UGA"),
    ("Kenyatta", "KEN"), ("Nyerere", "TZA"), ("Omar al-Bashir", "SDN"), ("Salva Kiir", "SSD"),
    ("Bouteflika", "DZA"), ("Ben Ali", "TUN"), ("King Hassan II", "MAR"), ("Biya", "CMR"),
    ("Gbagbo", "CIV"), ("Ouattara", "CIV"), ("dos Santos", "AGO"), ("Rawlings", "GHA"),
    ("Chissano", "MOZ"), ("Kaunda", "ZMB"), ("Habyarimana", "RWA"), ("Charles Taylor", "LBR"),
    ("Trudeau", "CAN"), ("Hawke", "AUS"), ("Ardern", "NZL"), ("King Fahd", "SAU"),
    ("King Hussein", "JOR"), ("Sultan Qaboos", "OMN"), ("Zelensky", "UKR"), ("Kuchma", "UKR"),
    ("Tymoshenko", "UKR"), ("Lukashenko", "BLR"), ("Pope John Paul II", "VAT"),
])
def test_resolve_leader_without_country_gets_state_code(resolver, text, code):
    assert _triple(resolver, text)[1] == code


@pytest.mark.parametrize("text, code, sector", [
    ("Donald Rumsfeld", "USA", "MIL"), ("Colin Powell", "USA", "GOV"),
    ("Condoleezza Rice", "USA", "GOV"), ("Robert Gates", "USA", "MIL"),
    ("Jack Straw", "GBR", "GOV"), ("Geoff Hoon", "GBR", "MIL"), ("Joschka Fischer", "DEU", "GOV"),
    ("Bernard Kouchner", "FRA", "GOV"), ("Florence Parly", "FRA", "MIL"),
    ("Igor Ivanov", "RUS", "GOV"), ("Anatoly Serdyukov", "RUS", "MIL"),
    ("Yang Jiechi", "CHN", "GOV"), ("Wei Fenghe", "CHN", "MIL"), ("Pavlo Klimkin", "UKR", "GOV"),
    ("Stepan Poltorak", "UKR", "MIL"), ("Ahmet Davutoglu", "TUR", "GOV"),
    ("Hulusi Akar", "TUR", "MIL"), ("Tzipi Livni", "ISR", "GOV"), ("Yoav Gallant", "ISR", "MIL"),
    ("Javad Zarif", "IRN", "GOV"), ("Taro Kono", "JPN", "GOV"), ("Sushma Swaraj", "IND", "GOV"),
    ("Manohar Parrikar", "IND", "MIL"), ("Shah Mehmood Qureshi", "PAK", "GOV"),
    ("Khawaja Asif", "PAK", "MIL"),
])
def test_resolve_foreign_and_defence_ministers(resolver, text, code, sector):
    assert _triple(resolver, text)[1:] == (code, sector)


@pytest.mark.parametrize("text, code", [
    ("Kofi Annan", "IGO:UN"), ("Boutros Boutros-Ghali", "IGO:UN"), ("Perez de Cuellar", "IGO:UN"),
    ("Ban Ki-moon", "IGO:UN"), ("Javier Solana", "IGO:EU"), ("Jacques Delors", "IGO:EU"),
    ("Juncker", "IGO:EU"), ("Catherine Ashton", "IGO:EU"), ("Mogherini", "IGO:EU"),
    ("Anders Fogh Rasmussen", "IGO:NATO"), ("Lord Robertson", "IGO:NATO"),
    ("Jaap de Hoop Scheffer", "IGO:NATO"), ("ElBaradei", "IGO:IAEA"), ("Yukiya Amano", "IGO:IAEA"),
    ("Hans Blix", "IGO:UN"), ("Christine Lagarde", "IGO:ECB"), ("Strauss-Kahn", "IGO:IMF"),
    ("Michel Camdessus", "IGO:IMF"), ("James Wolfensohn", "IGO:WB"), ("Ajay Banga", "IGO:WB"),
    ("Margaret Chan", "IGO:WHO"), ("Jakob Kellenberger", "NGO:ICRC"), ("Peter Maurer", "NGO:ICRC"),
])
def test_resolve_heads_of_international_organisations(resolver, text, code):
    assert _triple(resolver, text)[1] == code


@pytest.mark.parametrize("text, code, sector", [
    ("the PKK", "TUR", "REB"), ("FARC rebels", "COL", "REB"), ("the ELN", "COL", "REB"),
    ("Islamic Jihad", "PSE", "REB"), ("the PLO", "PSE", "GOV"), ("Fatah", "PSE", "GOV"),
    ("Ansar Allah", "YEM", "REB"), ("al-Shabab", "SOM", "REB"), ("Tamil Tigers", "LKA", "REB"),
    ("LTTE", "LKA", "REB"), ("UNITA", "AGO", "REB"), ("Renamo", "MOZ", "REB"),
    ("the RUF", "SLE", "REB"), ("the SPLA", "SSD", "REB"), ("the KLA", "XKX", "REB"),
    ("the IRA", "GBR", "REB"), ("ETA", "ESP", "REB"), ("Shining Path", "PER", "REB"),
    ("the Zapatistas", "MEX", "REB"), ("M23 rebels", "COD", "REB"), ("Polisario", "ESH", "REB"),
    ("Abu Sayyaf", "PHL", "REB"), ("the Lord's Resistance Army", "UGA", "REB"),
    ("Chechen rebels", "RUS", "REB"), ("Kurdish Peshmerga", "IRQ", "MIL"),
    ("the YPG", "SYR", "REB"),
    ("Lashkar-e-Taiba", "PAK", "REB"), ("the Janjaweed", "SDN", "REB"),
    ("the Muslim Brotherhood", "EGY", "OPP"), ("the IRGC", "IRN", "MIL"),
])
def test_resolve_armed_groups_and_movements(resolver, text, code, sector):
    assert _triple(resolver, text)[1:] == (code, sector)


@pytest.mark.parametrize("text", ["Osama bin Laden", "AQIM", "Abu Bakr al-Baghdadi"])
def test_resolve_transnational_groups_have_no_country(resolver, text):
    assert _triple(resolver, text)[1:] == (None, "REB")


def test_resolve_org_kind_group_takes_role_word(resolver):
    assert _triple(resolver, "SPLA soldiers")[1:] == ("SSD", "MIL")


@pytest.mark.parametrize("text, code, sector", [
    ("the Knesset", "ISR", "LEG"), ("the Duma", "RUS", "LEG"), ("the State Duma", "RUS", "LEG"),
    ("the Bundestag", "DEU", "LEG"), ("the Rada", "UKR", "LEG"), ("Verkhovna Rada", "UKR", "LEG"),
    ("the Sejm", "POL", "LEG"), ("the Lok Sabha", "IND", "LEG"), ("Foggy Bottom", "USA", "GOV"),
    ("Number 10", "GBR", "GOV"), ("Whitehall", "GBR", "GOV"), ("the Quai d'Orsay", "FRA", "GOV"),
    ("Matignon", "FRA", "GOV"), ("Zhongnanhai", "CHN", "GOV"), ("the Casa Rosada", "ARG", "GOV"),
    ("the Blue House", "KOR", "GOV"), ("Mossad", "ISR", "SPY"), ("the Vatican", "VAT", None),
    ("the Holy See", "VAT", None),
])
def test_resolve_institutional_metonyms(resolver, text, code, sector):
    assert _triple(resolver, text)[1:] == (code, sector)


@pytest.mark.parametrize("text, code", [
    ("the Russian State Duma", "RUS"), ("the Israeli Knesset", "ISR"),
    ("the Peruvian Congress", "PER"), ("the Ukrainian parliament", "UKR"),
])
def test_resolve_legislature_keeps_country_and_sector(resolver, text, code):
    assert _triple(resolver, text)[1:] == (code, "LEG")


@pytest.mark.parametrize("text", [
    # surnames that are everyday words: only the full name resolves
    "Hope", "Frost", "Brown", "May", "Major", "Rice", "Gates", "Straw", "Cook", "Hunt", "Fox",
    "Begin", "Gallant", "Cleverly", "Young", "King", "Ford", "Banana", "Caldera", "Solana",
    # surnames shared by several leaders of different states, or very common
    "Gandhi", "Singh", "Khan", "Sharif", "Kim", "Lee", "Park", "Moon", "Johnson", "Martin",
    "Abdullah", "Hariri", "Aoun", "Papandreou", "Rasmussen", "Albanese", "Jonathan",
    # ordinary words in news
    "let", "mend", "fact", "the meeting", "a statement",
])
def test_resolve_common_words_are_not_aliases(resolver, text):
    actor = resolver.resolve(text)
    assert actor is None or actor.name is None, (text, actor)


@pytest.mark.parametrize("text, code", [
    ("Lagos", None), ("Toledo", None), ("Santos", None), ("Montenegro", "MNE"),
    ("Jordan", "JOR"), ("Georgia", "GEO"), ("Chad", "TCD"), ("Muscat", "OMN"),
])
def test_resolve_place_names_are_not_taken_by_people(resolver, text, code):
    actor = resolver.resolve(text)
    assert (actor.code if actor else None) == code
    assert actor is None or actor.name is None or actor.code == code


def test_resolve_full_name_beats_shared_surname(resolver):
    assert _triple(resolver, "Raul Castro")[0] == "Raul Castro"
    assert _triple(resolver, "Castro")[0] == "Fidel Castro"
    assert _triple(resolver, "Hafez al-Assad")[0] == "Hafez al-Assad"
    assert _triple(resolver, "Heydar Aliyev")[0] == "Heydar Aliyev"
    assert _triple(resolver, "George H.W. Bush")[0] == "George H. W. Bush"
    assert _triple(resolver, "Luis Montenegro")[1] == "PRT"


def test_resolve_dictionary_has_no_conflicting_aliases(entities):
    country_keys = {tokens(alias) for alias, _ in _country_entries()}
    owner: dict[tuple[str, ...], str] = {}
    clashes, on_places = [], []
    for item in entities:
        for alias in [item["name"], *item.get("aliases", [])]:
            key = tokens(alias)
            assert key, (alias, item["name"])
            if key in owner and owner[key] != item["name"]:
                clashes.append((alias, owner[key], item["name"]))
            owner.setdefault(key, item["name"])
            if key in country_keys and item["name"] != "European Union":
                on_places.append((alias, item["name"]))
    assert not clashes
    assert not on_places
    names = Counter(item["name"] for item in entities)
    assert [n for n, c in names.items() if c > 1] == []


def test_resolve_dictionary_codes_are_well_formed(entities):
    country_codes = {entry.code for _, entry in _country_entries()}
    for item in entities:
        code = item.get("code")
        assert code is None or code in country_codes or code.split(":")[0] in ("IGO", "NGO"), item
        assert item.get("kind", "org") in ("person", "org", "group", "metonym"), item


def test_resolve_dictionary_is_large_and_loads(entities, resolver):
    assert len(entities) > 1500
    fresh = ActorResolver.default.__wrapped__(ActorResolver)
    assert fresh.resolve("US officials").code == "USA"
    assert fresh.resolve("Kofi Annan") == resolver.resolve("Kofi Annan")

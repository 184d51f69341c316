"""Actor resolution: mentions from parses to coded actors."""

from __future__ import annotations

import pytest

from detente.resolve import ActorResolver


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver.default()


def _code(resolver: ActorResolver, text: str) -> tuple[str | None, str | None, str | None]:
    actor = resolver.resolve(text)
    assert actor is not None, text
    assert actor.text == text
    return actor.name, actor.code, actor.sector


@pytest.mark.parametrize("text, expected", [
    ("Ukrainian President Volodymyr Zelenskyy", ("Volodymyr Zelenskyy", "UKR", "GOV")),
    ("Zelensky", ("Volodymyr Zelenskyy", "UKR", "GOV")),
    ("Zelenskiy's office", ("Volodymyr Zelenskyy", "UKR", "GOV")),
    ("Turkish Foreign Minister Hakan Fidan", ("Hakan Fidan", "TUR", "GOV")),
    ("Russian President Vladimir Putin", ("Vladimir Putin", "RUS", "GOV")),
    ("Kremlin spokesman Dmitry Peskov", ("Dmitry Peskov", "RUS", "GOV")),
    ("Sergei Shoigu", ("Sergei Shoigu", "RUS", "MIL")),
    ("U.S. Secretary of State Marco Rubio", ("Marco Rubio", "USA", "GOV")),
    ("President Erdoğan", ("Recep Tayyip Erdogan", "TUR", "GOV")),
    ("UN Secretary-General Antonio Guterres", ("Antonio Guterres", "IGO:UN", "IGO")),
    ("NATO Secretary General Mark Rutte", ("Mark Rutte", "IGO:NATO", "IGO")),
    ("Ursula von der Leyen", ("Ursula von der Leyen", "IGO:EU", "IGO")),
    ("IAEA chief Rafael Grossi", ("Rafael Grossi", "IGO:IAEA", "IGO")),
])
def test_resolve_actor_person_to_state_role(resolver, text, expected):
    assert _code(resolver, text) == expected


@pytest.mark.parametrize("text, code, sector", [
    ("the Kremlin", "RUS", "GOV"),
    ("Moscow", "RUS", "GOV"),
    ("Kyiv", "UKR", "GOV"),
    ("Kiev", "UKR", "GOV"),
    ("Washington", "USA", "GOV"),
    ("the White House", "USA", "GOV"),
    ("the Pentagon", "USA", "MIL"),
    ("Downing Street", "GBR", "GOV"),
    ("the Elysee", "FRA", "GOV"),
    ("Beijing", "CHN", "GOV"),
])
def test_resolve_actor_metonym_to_government(resolver, text, code, sector):
    assert _code(resolver, text)[1:] == (code, sector)


@pytest.mark.parametrize("text, code, sector", [
    ("Russian forces", "RUS", "MIL"),
    ("Ukrainian officials", "UKR", "GOV"),
    ("Israeli troops", "ISR", "MIL"),
    ("Palestinian militants", "PSE", "REB"),
    ("Serbian police", "SRB", "COP"),
    ("Iraqi police officers", "IRQ", "COP"),
    ("Afghan civilians", "AFG", "CVL"),
    ("Russian military officials", "RUS", "MIL"),
    ("the Ukrainian parliament", "UKR", "LEG"),
    ("a Russian court", "RUS", "JUD"),
    ("British diplomats", "GBR", "GOV"),
    ("Russia's Defence Ministry", "RUS", "MIL"),
    ("UN peacekeepers", "IGO:UN", "MIL"),
])
def test_resolve_actor_sector_from_role_word(resolver, text, code, sector):
    assert _code(resolver, text)[1:] == (code, sector)


@pytest.mark.parametrize("text, name, code", [
    ("NATO", "NATO", "IGO:NATO"),
    ("Nato", "NATO", "IGO:NATO"),
    ("the European Union", "European Union", "IGO:EU"),
    ("the EU", "European Union", "IGO:EU"),
    ("the United Nations Security Council", "UN Security Council", "IGO:UN"),
    ("the OSCE", "OSCE", "IGO:OSCE"),
    ("the International Committee of the Red Cross", "International Committee of the Red Cross",
     "NGO:ICRC"),
    ("the IMF", "International Monetary Fund", "IGO:IMF"),
    ("the African Union", "African Union", "IGO:AU"),
    ("the International Criminal Court", "International Criminal Court", "IGO:ICC"),
])
def test_resolve_actor_international_organisations(resolver, text, name, code):
    assert _code(resolver, text)[:2] == (name, code)


@pytest.mark.parametrize("text, code, sector", [
    ("Hamas", "PSE", "REB"),
    ("the Taliban", "AFG", "REB"),
    ("Hezbollah", "LBN", "REB"),
    ("Wagner fighters", "RUS", "MIL"),
    ("the Azov brigade", "UKR", "MIL"),
    ("the Donetsk People's Republic", "UKR", "REB"),
    ("DPR", "UKR", "REB"),
    ("Islamic State", None, "REB"),
])
def test_resolve_actor_armed_groups(resolver, text, code, sector):
    assert _code(resolver, text)[1:] == (code, sector)


@pytest.mark.parametrize("text, sector", [
    ("rebels", "REB"), ("police", "COP"), ("protesters", "CVL"), ("the opposition leader", "OPP"),
    ("pro-Russian separatists", "REB"), ("officials", "GOV"),
])
def test_resolve_actor_bare_class_word_has_no_code(resolver, text, sector):
    assert _code(resolver, text) == (None, None, sector)


@pytest.mark.parametrize("text", ["a man", "the deal", "us", "who", "", "tomorrow's talks"])
def test_resolve_actor_unknown_is_none(resolver, text):
    assert resolver.resolve(text) is None


def test_resolve_actor_coordinated_mention_gives_every_country(resolver):
    actors = resolver.resolve_all("Senior Hungarian and Romanian officials")
    assert [(a.code, a.sector) for a in actors] == [("HUN", "GOV"), ("ROU", "GOV")]
    assert resolver.resolve("Senior Hungarian and Romanian officials").code == "HUN"


def test_resolve_actor_stops_at_location_phrase(resolver):
    actors = resolver.resolve_all("Russian forces in Ukraine")
    assert [(a.code, a.sector) for a in actors] == [("RUS", "MIL")]
    assert resolver.resolve("officials in Kyiv").code == "UKR"


def test_resolve_actor_leaders_of_two_countries(resolver):
    codes = [a.code for a in resolver.resolve_all("the leaders of Russia and Ukraine")]
    assert codes == ["RUS", "UKR"]


@pytest.mark.parametrize("text, code", [
    ("Russia", "RUS"), ("Iran", "IRN"), ("Syria", "SYR"), ("South Korea", "KOR"),
    ("North Korea", "PRK"), ("Britain", "GBR"), ("the UK", "GBR"), ("the US", "USA"),
    ("USA", "USA"), ("America", "USA"), ("the Netherlands", "NLD"), ("Turkey", "TUR"),
    ("Türkiye", "TUR"), ("Vietnam", "VNM"), ("Bolivia", "BOL"), ("Taiwan", "TWN"),
    ("Palestine", "PSE"), ("the Palestinian territories", "PSE"), ("Kosovo", "XKX"),
])
def test_resolve_actor_country_short_names(resolver, text, code):
    assert _code(resolver, text)[1] == code


@pytest.mark.parametrize("word, code", [
    ("Russian", "RUS"), ("Ukrainian", "UKR"), ("American", "USA"), ("British", "GBR"),
    ("French", "FRA"), ("Israeli", "ISR"), ("Palestinian", "PSE"), ("Serbian", "SRB"),
    ("Iraqi", "IRQ"), ("Afghan", "AFG"), ("Ankara", "TUR"), ("Minsk", "BLR"),
    ("Tehran", "IRN"), ("Jerusalem", "ISR"), ("Kiev", "UKR"), ("Ukraine", "UKR"),
    ("Brussels", "BEL"), ("Dutch", "NLD"),
])
def test_resolve_actor_country_of_demonym_and_capital(resolver, word, code):
    assert resolver.country_of(word) == code


def test_resolve_actor_country_of_unknown_is_none(resolver):
    assert resolver.country_of("officials") is None
    assert resolver.country_of("Zelenskyy") is None


@pytest.mark.parametrize("word, expected", [
    ("officials", True), ("forces", True), ("troops", True), ("president", True),
    ("minister", True), ("government", True), ("police", True), ("rebels", True),
    ("militants", True), ("army", True), ("protesters", True), ("civilians", True),
    ("spokesman", True), ("table", False), ("Russia", False), ("Putin", False),
])
def test_resolve_actor_is_actor_head(resolver, word, expected):
    assert resolver.is_actor_head(word) is expected


def test_resolve_actor_lowercase_acronym_is_not_a_country(resolver):
    assert resolver.resolve("told us") is None
    assert resolver.resolve("US officials").code == "USA"


def test_resolve_actor_default_is_cached():
    assert ActorResolver.default() is ActorResolver.default()


def test_resolve_actor_repeated_calls_agree(resolver):
    first = resolver.resolve("Ukrainian President Volodymyr Zelenskyy")
    assert all(resolver.resolve("Ukrainian President Volodymyr Zelenskyy") == first
               for _ in range(50))


@pytest.mark.parametrize("text, code", [
    ("Young Tunisians", "TUN"), ("two Iraqis", "IRQ"), ("Israelis", "ISR"),
    ("Frenchmen", "FRA"), ("ethnic Serbs", "SRB"),
])
def test_resolve_actor_plural_demonym(resolver, text, code):
    actor = resolver.resolve(text)
    assert actor is not None and actor.code == code


@pytest.mark.parametrize("demonym, plural", [
    ("Algerian", "Algerians"), ("Thai", "Thais"), ("Englishman", "Englishmen"),
    ("French", None), ("Burmese", None), ("Swiss", None), ("Pole", None),
    ("Cape Verdean", None),
])
def test_resolve_actor_demonym_plural_rule(demonym, plural):
    from detente.resolve.actors import demonym_plural
    assert demonym_plural(demonym) == plural


def test_resolve_actor_telegraph_poles_are_not_poland(resolver):
    assert resolver.resolve("telegraph poles") is None


def test_resolve_actor_ethnic_community_takes_its_state_and_role(resolver):
    actor = resolver.resolve("Yoruba leaders")
    assert actor is not None and (actor.code, actor.sector) == ("NGA", "GOV")
    actor = resolver.resolve("Tamil refugees")
    assert actor is not None and actor.code == "LKA"


def test_resolve_actor_states_named_in_a_text(resolver):
    text = "The Kenyan minister flew from Nairobi to meet the UN envoy."
    assert resolver.states_named(text) == {"KEN"}
    assert resolver.states_named("Officials met in Lima and Quito.") == {"PER", "ECU"}


def test_resolve_actor_country_names_by_code():
    from detente.resolve.actors import country_names
    assert country_names()["DZA"] == "Algeria"
    assert country_names()["KEN"] == "Kenya"

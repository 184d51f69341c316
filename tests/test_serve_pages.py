"""Dashboard pages through the ASGI client, and the escaping helpers they rely on."""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import Markup
from test_serve_support import AsgiClient, served_db  # noqa: F401

from detente.serve import create_app
from detente.serve.app import content_security_policy, tile_origin
from detente.serve.render import environment, highlight, http_url, progress, query_string


@pytest.fixture(scope="module")
def client(served_db: Path) -> AsgiClient:  # noqa: F811
    return AsgiClient(create_app(served_db))


@pytest.mark.parametrize(("url", "expected"), [
    ("/", "Timeline"),
    ("/?type=AGREE&modality=asserted", "matching events"),
    ("/events", "Drone strike on Kharkiv kills four"),
    ("/events?actor=HUN", "Hungary threatened"),
    ("/articles", "EU adopts new sanctions on Russian shipping"),
    ("/actors", "Hungary"),
    ("/places", "Geneva"),
    ("/statistics", "13,000"),
    ("/commitments", "Commitments"),
])
def test_serve_pages_render(client: AsgiClient, url: str, expected: str) -> None:
    response = client.get(url)
    assert response.status_code == 200 and "text/html" in response.headers["content-type"]
    assert expected in response.text


def test_serve_pages_send_a_strict_csp(client: AsgiClient) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert client.get("/api/events").headers["x-content-type-options"] == "nosniff"


def test_serve_pages_have_no_inline_scripts(client: AsgiClient) -> None:
    for url in ("/", "/places", "/events"):
        html = client.get(url).text
        for chunk in html.split("<script")[1:]:
            opening = chunk.split(">", 1)[0]
            assert "src=" in opening or 'type="application/json"' in opening
        assert " onclick=" not in html and " onload=" not in html


def test_serve_event_page_highlights_the_evidence(client: AsgiClient) -> None:
    event = client.get("/api/events?type=ASSAULT&limit=1").json()["items"][0]
    html = client.get(f"/events/{event['id']}").text
    assert str(Markup('<mark id="evidence">{}</mark>').format(event["evidence"]["text"])) in html
    assert "Kharkiv" in html and "the regional governor" in html


def test_serve_missing_pages_are_404_html(client: AsgiClient) -> None:
    for url in ("/events/enope", "/articles/anope", "/nowhere"):
        response = client.get(url)
        assert response.status_code == 404 and "Not found" in response.text


def test_serve_pages_escape_reflected_filters(client: AsgiClient) -> None:
    html = client.get("/events", params={"actor": '"><b>bold</b>'}).text
    assert "<b>bold</b>" not in html and "&#34;&gt;&lt;b&gt;bold&lt;/b&gt;" in html


def test_serve_pager_links_keep_the_filters(client: AsgiClient) -> None:
    html = client.get("/events?type=RETREAT&limit=1").text
    assert 'href="/events?type=RETREAT&amp;limit=1&amp;offset=1"' in html


def test_serve_templates_autoescape() -> None:
    template = environment().from_string("{{ value }}")
    assert template.render(value="<script>") == "&lt;script&gt;"


def test_serve_highlight_escapes_every_piece() -> None:
    text = "<b>a</b> & <i>b</i>"
    html = highlight(text, [(9, 10), (0, 3), (1, 2), (50, 60)], "evidence")
    assert html == ('<mark id="evidence">&lt;b&gt;</mark>a&lt;/b&gt; <mark>&amp;</mark> '
                    "&lt;i&gt;b&lt;/i&gt;")


def test_serve_highlight_ignores_spans_outside_the_text() -> None:
    assert highlight("abc", [(2, 9), (-1, 1), (2, 2)]) == "abc"


def test_serve_http_url_drops_other_schemes() -> None:
    assert http_url("https://example.org/a") == "https://example.org/a"
    assert http_url("javascript:alert(1)") == "" and http_url(" JaVaScRiPt:x") == ""
    assert http_url(None) == ""


def test_serve_progress_label() -> None:
    swap = {"kind": "swap", "quantity": 1000, "fulfilled_quantity": 693}
    assert progress(swap) == {"done": 693, "of": 1000, "label": "693 of 1,000 released"}
    assert progress({"quantity": 1000}) is None
    assert progress({"quantity": "many", "done": 3}) is None


def test_serve_query_string() -> None:
    assert query_string({"type": "AGREE", "q": "a&b"}, offset=50) == "?type=AGREE&q=a%26b&offset=50"
    assert query_string({"type": "AGREE"}, type=None) == "?"


def test_serve_csp_allows_the_tile_host_only() -> None:
    assert tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"
    assert tile_origin("javascript:alert(1)") == "" and tile_origin(None) == ""
    policy = content_security_policy("https://tiles.example.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: https://tiles.example.org;" in policy


def test_serve_implied_actors_are_marked() -> None:
    template = environment().from_string(
        '{% from "_macros.html" import actor_list %}{{ actor_list(actors) }}')
    html = template.render(actors=[
        {"text": "<b>teachers</b>", "name": None, "code": None, "implied": False},
        {"text": "Kenya", "name": "Kenya", "code": "KEN", "implied": True}])
    assert "&lt;b&gt;teachers&lt;/b&gt;" in html and "<b>" not in html
    assert html.count("(implied)") == 1 and 'class="actor implied"' in html


def test_serve_vague_amounts_show_as_words() -> None:
    template = environment().from_string('{% from "_macros.html" import numbers %}{{ numbers(q) }}')
    html = template.render(q={"killed": None, "injured": 4, "persons": None, "per_side": False,
                              "qualifiers": {"killed": "several", "injured": "at least"}})
    assert "several killed" in html and "at least 4 injured" in html and "persons" not in html
    floors = template.render(q={"killed": None, "injured": None, "persons": None,
                                "per_side": False, "qualifiers": {"persons": "a number of"},
                                "minimums": {"persons": 3}})
    assert "a number of persons (at least 3)" in floors and "killed" not in floors

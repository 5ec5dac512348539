"""The link chart's analyses in a real Chromium: records collapsed into labelled person-to-person
links, a hub drawn as suppressed with its count, the shortest and the time-ordered path side by
side, communities as colour and key players as size. Screenshots under var/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from tests.api.web.conftest import OPP_ANALYST, WebUser
from tests.web.conftest import HUB_PHONE, OPP_INVESTIGATOR
from tests.web.test_workbench import click_node, expansions, shot, sign_in, wait_expanded, wait_status

pytestmark = pytest.mark.slow

RECORD = "record:OPP:OPP-25-000001"


def chart_record(page: Any, base_url: str, query: str, hit_prefix: str) -> str:
    page.fill("#search-q", query)
    page.click("#search-form button")
    hit = page.locator(f"#results li[data-entity^='{hit_prefix}']").first
    hit.wait_for()
    entity = str(hit.get_attribute("data-entity"))
    hit.click()
    page.wait_for_selector("#card button:has-text('Add to chart')")
    return entity


def js(page: Any, script: str, arg: Any = None) -> Any:
    return page.evaluate(script, arg)


@contextmanager
def signed_in(browser: Any, base_url: str, user: WebUser) -> Iterator[Any]:
    """A page signed in as ``user``; on leaving, no request went outside the origin and no script failed."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    p = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    p.on("request", lambda r: outside.append(r.url) if not r.url.startswith((base_url, "data:", "blob:")) else None)
    p.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(p, base_url, user)
    try:
        yield p
    finally:
        context.close()
    assert not outside, outside
    assert not errors, errors


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    with signed_in(browser, base_url, OPP_ANALYST) as p:
        yield p


def test_records_collapse_into_labelled_links_between_their_subjects(page: Any, base_url: str) -> None:
    chart_record(page, base_url, "OPP-25-000001", "record:")
    before = expansions(page)
    page.click("#card button:has-text('Add to chart')")
    wait_expanded(page, before)
    # The record's subjects as the API links them (SUBJECT_OF), and what else it mentions.
    net = page.request.get(f"{base_url}/entities/{RECORD}/network?depth=1").json()
    subjects = sorted({lk["source"] for lk in net["links"] if lk["kind"] == "SUBJECT_OF"})
    mentioned = {lk["source"] for lk in net["links"] if lk["kind"] != "SUBJECT_OF"} - set(subjects)
    assert len(subjects) >= 3 and mentioned
    drawn_edges = js(page, "() => window.__caselinkChart.edges().length")

    page.click("#btn-collapse")
    assert js(page, f"() => window.__caselinkChart.getElementById('{RECORD}').hasClass('collapsed')")
    assert not js(page, f"() => window.__caselinkChart.getElementById('{RECORD}').visible()")
    co = js(page, """() => window.__caselinkChart.edges("[kind = 'CO_SUBJECTS']").map(e => [e.source().id(), e.target().id(), e.data('label')])""")
    pairs = {tuple(sorted((a, b))) for a, b, _ in co}
    assert len(co) == len(pairs) == len(subjects) * (len(subjects) - 1) // 2
    assert {label for _, _, label in co} == {"co-subjects, OPP-25-000001, 2025-07-16"}
    assert pairs == {(a, b) for i, a in enumerate(subjects) for b in subjects[i + 1:]}
    # A phone or place the record mentions is linked to each of its subjects, saying in which record.
    mentions = js(page, """() => window.__caselinkChart.edges("[kind = 'CO_MENTION']").map(e => [e.source().id(), e.data('label')])""")
    assert {src for src, _ in mentions} == mentioned
    assert all(label.endswith(" in OPP-25-000001, 2025-07-16") for _, label in mentions)
    assert "record(s) drawn as" in page.text_content("#status")
    shot(page, "12-records-collapsed")

    page.click("#btn-collapse")
    # cytoscape applies a class change to the style on its next frame.
    page.wait_for_function(f"() => window.__caselinkChart.getElementById('{RECORD}').visible()", timeout=5_000)
    assert js(page, "() => window.__caselinkChart.edges('.co').length") == 0
    assert js(page, "() => window.__caselinkChart.edges().length") == drawn_edges


def test_a_hub_is_drawn_suppressed_with_its_count(browser: Any, base_url: str) -> None:
    """The hand-written motel phone given by six people (tests/web/conftest.py) is a hub to an
    investigator (who sees subjects' phones; to an analyst it links no one and is no hub)."""
    with signed_in(browser, base_url, OPP_INVESTIGATOR) as page:
        hub_drawn(page, base_url)


def hub_drawn(page: Any, base_url: str) -> None:
    assert chart_record(page, base_url, "807.555.0142", "phone:") == HUB_PHONE
    records = page.request.get(f"{base_url}/entities/{HUB_PHONE}").json()["records"]
    assert len(records) == 2
    before = expansions(page)
    page.click("#card button:has-text('Add to chart')")
    # A hub always asks before drawing what it touches.
    page.locator("#ask").wait_for(state="visible")
    assert "a hub" in page.text_content("#ask-title")
    page.click("#ask-ok")
    wait_expanded(page, before)
    page.wait_for_function("id => (window.__caselinkChart.getElementById(id).data('label') || '').includes('hub:')", arg=HUB_PHONE)
    label = js(page, f"() => window.__caselinkChart.getElementById('{HUB_PHONE}').data('label')")
    assert label == "+18075550142 (hub: 2 records, links suppressed)"
    style = js(page, f"() => window.__caselinkChart.getElementById('{HUB_PHONE}').style('border-style')")
    assert style == "dashed"
    assert f"{HUB_PHONE[len('phone:'):]} (hub" in page.text_content("#chart-list")
    shot(page, "13-hub-suppressed")


def test_shortest_and_time_ordered_paths_side_by_side_then_communities_and_key_players(page: Any, base_url: str) -> None:
    chart_record(page, base_url, "OPP-25-000001", "record:")
    before = expansions(page)
    page.click("#card button:has-text('Add to chart')")
    wait_expanded(page, before)
    persons = js(page, "() => window.__caselinkChart.nodes(\"[kind = 'person']\").map(n => n.id())")
    # Expand one subject so that the chart reaches beyond the record.
    before = expansions(page)
    js(page, "id => { window.__caselinkChart.getElementById(id).emit('dbltap'); }", persons[0])
    wait_expanded(page, before)
    click_node(page, persons[0])
    click_node(page, persons[-1])
    page.click("#btn-path")
    status = wait_status(page, "time-ordered")
    assert "shortest path" in status and "time-ordered path" in status, status
    boxes = page.locator("#paths .path-box")
    assert boxes.count() == 2
    assert [b.get_attribute("data-kind") for b in boxes.all()] == ["path", "timed"]
    timed = page.request.get(f"{base_url}/analytics/timed-paths", params={"from": persons[0], "to": persons[-1], "max": 6, "limit": 1}).json()
    when = [h["when"] for h in timed["paths"][0]["hops"]]
    assert when == sorted(when)
    timed_text = page.text_content("#paths .path-box.timed")
    assert all(w in timed_text for w in when)
    assert js(page, "() => window.__caselinkChart.$('edge.path').length") >= 2
    assert js(page, "() => window.__caselinkChart.$('edge.timed').length") == len(when)
    # The panels stand beside the chart, never over it, and the chart fits every node into what is left.
    chart, column = page.locator("#cy").bounding_box(), page.locator("#overlays").bounding_box()
    views = page.locator("#views").bounding_box()
    assert column is not None and column["width"] > 0 and chart["x"] + chart["width"] <= column["x"] + 1, (chart, column)
    assert column["x"] + column["width"] <= views["x"] + views["width"] + 1, (column, views)  # within the centre, not over the sidebar
    outside = js(page, """() => { const cy = window.__caselinkChart, w = cy.width(), h = cy.height();
        return cy.nodes(':visible').filter(n => { const b = n.renderedBoundingBox({includeLabels: true});
            return b.x1 < -1 || b.y1 < -1 || b.x2 > w + 1 || b.y2 > h + 1; })
          .map(n => [n.id(), n.renderedBoundingBox({includeLabels: true}), w, h]); }""")
    assert outside == [], outside
    shot(page, "14-paths-side-by-side")

    page.click("#btn-communities")
    wait_status(page, "communities (louvain")
    drawn = set(js(page, "() => window.__caselinkChart.nodes().map(n => n.id())"))
    answer = js(page, "() => window.__caselinkCommunities")
    assert answer["scope"]["description"].startswith("within 3 hops of person:")
    groups = [[m for m in c["members"] if m in drawn] for c in answer["communities"]]
    groups = [g for g in groups if g]
    assert groups, answer["scope"]
    colour_of = js(page, "() => Object.fromEntries(window.__caselinkChart.nodes().map(n => [n.id(), n.data('colour')]))")
    colours = [{colour_of[m] for m in g} for g in groups]
    assert all(len(c) == 1 for c in colours), colours
    assert len({next(iter(c)) for c in colours}) == len(groups)
    assert "#1f77b4" not in {next(iter(c)) for c in colours}  # no longer the plain person colour
    assert page.locator("#legend .legend-row").count() == len(groups)
    page.click("#btn-players")
    wait_status(page, "key players:")
    sizes = js(page, "() => window.__caselinkChart.nodes(\"[kind = 'person']\").map(n => n.data('size'))")
    assert max(sizes) > min(sizes)
    top = js(page, "() => window.__caselinkChart.nodes(\"[kind = 'person']\").filter(n => (n.data('label') || '').startsWith('#1 ')).length")
    assert top == 1
    assert page.locator("#legend .legend-box").count() == 2  # communities and key players, one above the other
    shot(page, "15-communities-and-key-players")
    page.click("#paths button.close")
    assert page.is_hidden("#paths")
    for _ in range(2):  # the legends closed one by one: the column beside the chart goes with the last
        assert page.is_visible("#overlays")
        page.locator("#legend .legend-box:visible button.close").first.click()
    assert page.is_hidden("#overlays")
    page.wait_for_function("w => window.__caselinkChart.width() > w", arg=chart["width"] + 100, timeout=5_000)

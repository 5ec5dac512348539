"""The map of the chart's places in a real Chromium, on the bundled offline base: each place and
address drawn at its city from the package's gazetteer, inside the Ontario outline, north up; what
has no known city listed; nothing fetched from outside (checked by ``signed_in``)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import OPP_INVESTIGATOR
from tests.web.test_chart_analysis import chart_record, js, signed_in
from tests.web.test_workbench import expansions, shot, wait_expanded

pytestmark = pytest.mark.slow

GEO = Path(__file__).resolve().parents[2] / "api" / "web" / "static" / "geo"


def key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def test_places_are_drawn_at_their_city_on_the_offline_base(browser: Any, base_url: str) -> None:
    gazetteer = {key(c["name"]): c for c in json.loads((GEO / "ontario-cities.json").read_text(encoding="utf-8"))["cities"]}
    with signed_in(browser, base_url, OPP_INVESTIGATOR) as page:
        chart_record(page, base_url, "OPP-26-000015", "record:")
        before = expansions(page)
        page.click("#card button:has-text('Add to chart')")
        wait_expanded(page, before)
        for person in js(page, "() => window.__caselinkChart.nodes(\"[kind = 'person']\").map(n => n.id())"):
            before = expansions(page)
            js(page, "id => { window.__caselinkChart.getElementById(id).emit('dbltap'); }", person)
            wait_expanded(page, before)
        located = js(page, """() => window.__caselinkChart.nodes("[kind = 'place'], [kind = 'address']")
                                  .map(n => [n.id(), n.data('kind'), n.data('props').city || n.data('props').key || ''])""")
        cities: Counter[str] = Counter()
        unplaced = []
        for _, kind, said in located:
            name = said.split("|")[-1] if kind == "address" else said
            if name and key(name) in gazetteer:
                cities[gazetteer[key(name)]["name"]] += 1
            else:
                unplaced.append(said)
        assert len(cities) >= 3, located

        page.click("#tab-map")
        page.wait_for_selector("#map circle.city")
        assert not page.is_visible("#cy")
        drawn = dict(page.eval_on_selector_all("#map circle.city", "cs => cs.map(c => [c.dataset.city, Number(c.dataset.count)])"))
        assert drawn == dict(cities)
        note = page.text_content("#map-note")
        assert ("not placed" in note) == bool(unplaced), note
        # Every Ontario city drawn falls inside the outline; one in Quebec (Gatineau) would not.
        inside = dict(page.eval_on_selector_all("#map circle.city", """cs => {
            const outline = document.querySelector('#map path.outline');
            return cs.map(c => [c.dataset.city, outline.isPointInFill(new DOMPoint(Number(c.getAttribute('cx')), Number(c.getAttribute('cy'))))]);
        }"""))
        assert inside == {c: gazetteer[key(c)]["province"] == "ON" for c in drawn}
        assert page.locator("#map path.water").count() == 4
        # North is up and east is right.
        xy = dict(page.eval_on_selector_all(
            "#map circle.city", "cs => cs.map(c => [c.dataset.city, [Number(c.getAttribute('cx')), Number(c.getAttribute('cy'))]])"))
        for a in drawn:
            for b in drawn:
                if gazetteer[key(a)]["lon"] < gazetteer[key(b)]["lon"] - 0.5:
                    assert xy[a][0] < xy[b][0], (a, b)
                if gazetteer[key(a)]["lat"] > gazetteer[key(b)]["lat"] + 0.5:
                    assert xy[a][1] < xy[b][1], (a, b)
        shot(page, "18-map")

        # The map shows what the timeline leaves: pull the range's end to the first month.
        page.focus("#range-to")
        page.keyboard.press("Home")
        left = js(page, """() => window.__caselinkChart.nodes("[kind = 'place'], [kind = 'address']").not('.filtered')
                              .map(n => [n.data('kind'), n.data('props').city || n.data('props').key || ''])""")
        expected: Counter[str] = Counter()
        for kind, said in left:
            name = said.split("|")[-1] if kind == "address" else said
            if name and key(name) in gazetteer:
                expected[gazetteer[key(name)]["name"]] += 1
        assert len(left) < len(located)
        assert dict(page.eval_on_selector_all("#map circle.city", "cs => cs.map(c => [c.dataset.city, Number(c.dataset.count)])")) == dict(expected)
        page.keyboard.press("End")
        page.wait_for_function("n => document.querySelectorAll('#map circle.city').length === n", arg=len(drawn))

        # Clicking a city selects its places on the chart.
        busiest = max(drawn, key=lambda c: drawn[c])
        page.click(f"#map circle.city[data-city='{busiest}']")
        assert f"in {busiest} selected" in page.text_content("#status")
        assert js(page, "() => window.__caselinkChart.$(':selected').length") == drawn[busiest]
        page.click("#tab-chart")
        assert page.is_visible("#cy") and not page.is_visible("#map")

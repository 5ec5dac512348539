"""The timeline under the chart in a real Chromium: a histogram by month of the chart's dated
records and links; dragging across bars filters the chart to that range."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import OPP_INVESTIGATOR
from tests.web.test_chart_analysis import chart_record, js, signed_in
from tests.web.test_workbench import expansions, shot, wait_expanded

pytestmark = pytest.mark.slow


def bar_centre(page: Any, index: int) -> tuple[float, float]:
    box = page.locator(f"#histogram .bar[data-index='{index}']").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] - 2


def test_dragging_across_the_histogram_filters_the_chart_by_date(browser: Any, base_url: str) -> None:
    with signed_in(browser, base_url, OPP_INVESTIGATOR) as page:
        chart_record(page, base_url, "OPP-26-000015", "record:")  # its subjects are in records of other years
        before = expansions(page)
        page.click("#card button:has-text('Add to chart')")
        wait_expanded(page, before)
        for person in js(page, "() => window.__caselinkChart.nodes(\"[kind = 'person']\").map(n => n.id())"):
            before = expansions(page)
            js(page, "id => { window.__caselinkChart.getElementById(id).emit('dbltap'); }", person)
            wait_expanded(page, before)

        # The bars count the drawn records and links of each month.
        bars = page.eval_on_selector_all("#histogram .bar", "bs => bs.map(b => [b.dataset.month, Number(b.dataset.count)])")
        dated = js(page, """() => window.__caselinkChart.elements().filter(e => (e.isEdge() || e.data('kind') === 'record')
                                    && !e.hasClass('co') && e.data('first')).map(e => e.data('first').slice(0, 7))""")
        assert sum(c for _, c in bars) == len(dated)
        assert {m: c for m, c in bars if c} == {m: dated.count(m) for m in set(dated)}
        filled = [i for i, (_, c) in enumerate(bars) if c]
        assert len(filled) >= 3, bars
        shot(page, "16-timeline-all")

        # Drag from the first month with anything to the one before the last: the last goes.
        lo, hi = filled[0], filled[-2]
        page.mouse.move(*bar_centre(page, lo))
        page.mouse.down()
        page.mouse.move(*bar_centre(page, (lo + hi) // 2), steps=3)
        page.mouse.move(*bar_centre(page, hi), steps=3)
        page.mouse.up()
        first, last = bars[lo][0], bars[hi][0]
        label = page.text_content("#range-label")
        assert label.startswith(f"{first} to {last}: "), label
        out = page.eval_on_selector_all("#histogram .bar.out", "bs => bs.map(b => Number(b.dataset.index))")
        assert out == [i for i in range(len(bars)) if i < lo or i > hi]
        spans = js(page, """() => window.__caselinkChart.elements().not('.more').filter(e => e.data('first'))
                               .map(e => [e.id(), e.data('first').slice(0, 7), (e.data('last') || e.data('first')).slice(0, 7),
                                          e.hasClass('filtered')])""")
        hidden = {i for i, _, _, f in spans if f}
        assert hidden == {i for i, a, b, _ in spans if b < first or a > last}
        assert any(a == bars[filled[-1]][0] for i, a, _, f in spans if f), "the last month's records are hidden"
        shown = int(label.split(": ")[1].split(" of ")[0])
        assert shown == js(page, "() => window.__caselinkChart.nodes().not('.more').not('.filtered').length")
        shot(page, "17-timeline-range-dragged")

        page.click("#range-all")
        assert js(page, "() => window.__caselinkChart.$('.filtered').length") == 0

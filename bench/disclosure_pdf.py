"""The Crown PDF's cost: laying out a package with document numbers, "page N of M" and the page of every
replacement (two reportlab builds, the canvas holding its pages to the end) against one bare reportlab
build of the same story (the baseline, measured in the same run), for packages of growing size.

    python -m bench.disclosure_pdf [--persons 300] [--repeat 3] [--json]

A generated world is ingested into a temporary store; for each trafficking case, packages are gathered
at depth 1, 2 and 3 as a Crown user cleared for everything, every proposal confirmed. Printed per
package: records, pages, replacements, the content step (redaction and numbering), our layout and the
bare build (best of ``--repeat``), and the ratio layout / bare.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import structlog
from reportlab.pdfgen.canvas import Canvas

from api.runtime import ingest_and_link
from api.services.disclosure import build, pdf
from api.services.disclosure.vetting import propose
from graph.store.embedded import EmbeddedGraphStore
from ingest.ledger import Ledger
from models.access import Policy, UserRole
from models.settings import Settings
from tools.synthetic import generate_world


def _best(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


class _PlainCanvas(Canvas):
    """reportlab's canvas, with a no-op for the story's box markers (the story is the same as ours)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setNamedCB("box", lambda canvas, kind, label: None)


def _bare(data: dict[str, Any]) -> bytes:
    """One reportlab build of the same story, plain canvas: no held pages, no second pass."""
    title = f"Disclosure {data['case']} v{data['version']}"
    buffer = io.BytesIO()
    pdf._Doc(buffer, title, pdf.Layout()).multiBuild(pdf._story(data, title, None), canvasmaker=_PlainCanvas)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.ERROR))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        generate_world(Path(tmp) / "exports", seed=2718, n_persons=args.persons, n_rings=max(2, args.persons // 100))
        settings = Settings(store=Path(tmp) / "store", env="test")
        ingest_and_link(settings, [Path(tmp) / "exports"])
        store, ledger = EmbeddedGraphStore(settings.store / "graph.db"), Ledger(settings.store / "caselink.db")
        crown = Policy().viewer("bench-crown", UserRole.CROWN, "OPP", caveats=["INFORMANT", "RESTRICTED"])
        try:
            cases = sorted(r.key for r in ledger.current_records() if r.record_type.value == "HUMAN_TRAFFICKING"
                           and crown.may_see(r.agency, [c.value for c in r.caveats]))
            for case in cases:
                for depth in (1, 2, 3):
                    case_record, sources = build.gather(store, ledger, crown, case=case, depth=depth)
                    proposals = propose([s.record for s in sources], case_record, {},
                                        subject_entities={s.record.key: dict(s.subject_entities) for s in sources})
                    meta = {"case": case, "entities": [], "version": 1, "recipient": "Defence", "reason": "bench", "issued_by": "bench",
                            "issued_at": "2026-12-04T06:00:00+00:00", "draft": "d-bench"}
                    records, found = build.number(build.apply(sources, proposals))
                    data = build.content(meta, records, build.schedule(proposals, [], {}), None)
                    data["replacements"] = [{k: r[k] for k in ("n", "record", "field", "code", "proposal", "replacement", "stands_for")}
                                            for r in found]
                    content = _best(lambda s=sources, p=proposals: build.number(build.apply(s, p)), args.repeat)
                    ours = _best(lambda d=data: pdf.layout(d), args.repeat)
                    bare = _best(lambda d=data: _bare(d), args.repeat)
                    rows.append({"case": case, "depth": depth, "records": len(sources), "pages": pdf.layout(data).pages,
                                 "replacements": len(found), "content_s": round(content, 4), "layout_s": round(ours, 4),
                                 "bare_build_s": round(bare, 4), "ratio": round(ours / bare, 2)})
        finally:
            store.close()
            ledger.close()
    if args.json:
        print(json.dumps(rows, indent=1))
        return
    print(f"{'case':22} {'depth':>5} {'records':>7} {'pages':>5} {'repl.':>5} {'content s':>9} {'layout s':>9} {'bare s':>8} {'ratio':>6}")
    for r in rows:
        print(f"{r['case']:22} {r['depth']:>5} {r['records']:>7} {r['pages']:>5} {r['replacements']:>5} {r['content_s']:>9} "
              f"{r['layout_s']:>9} {r['bare_build_s']:>8} {r['ratio']:>6}")


if __name__ == "__main__":
    main()

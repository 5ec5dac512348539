"""The workbench in Debian's Chromium on the dev world: page ready and node expansion, from the
browser's own performance timings. Printed, not asserted (goals: page ready <= 1 s, expand <= 200 ms).

The dev world is ingested and linked into a temporary store, an analyst with a password is
registered, the real app is served by uvicorn on the loopback, and Playwright drives
/usr/bin/chromium (``scripts/setup-browser.sh``). Measured:

- page ready: navigation start to the signed-in workbench drawn (``window.__caselinkReadyMs``),
  beside first paint and first contentful paint, over ``--loads`` fresh loads;
- expand: double-click on a node to its neighbours drawn (``window.__caselinkLastExpandMs``, measured
  in the page), for the ``--nodes`` busiest entities the analyst sees; baseline in the same run: the
  bare ``fetch`` of the same /network answer from the same page, so the ratio shows the chart's own cost.

    python -m bench.web [--loads 5] [--nodes 15] [--dev ../shared/sources/dev]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from api.http.app import create_app
from api.runtime import ingest_and_link
from api.services.auth import User, UserRegistry, users_path
from api.services.queries import open_context
from api.web.sessions import WebSessions
from models.access import UserRole
from models.settings import Settings

REPO = Path(__file__).resolve().parents[1]

CHROMIUM = "/usr/bin/chromium"
NAME, PASSWORD = "bench.analyst", "a long bench passphrase"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--nodes", type=int, default=15)
    parser.add_argument("--dev", type=Path, default=REPO / ".." / "shared" / "sources" / "dev")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(store=Path(tmp), env="test", signing_key="bench-signing-key-0123456789abcdef0123",
                            rate_limit_per_minute=1_000_000)  # type: ignore[arg-type]
        t0 = time.perf_counter()
        ingest_and_link(settings, [args.dev.resolve()])
        print(f"dev world ingested and linked in {time.perf_counter() - t0:.1f} s")
        registry = UserRegistry(users_path(settings))
        registry.add(User(name=NAME, role=UserRole.ANALYST, agency="OPP", caveats=("VICTIM_MINOR", "YOUTH")))
        registry.close()
        sessions = WebSessions(users_path(settings), settings)
        sessions.set_password(NAME, PASSWORD)
        sessions.close()

        ctx = open_context(settings)
        viewer = ctx.policy.viewer(NAME, UserRole.ANALYST, "OPP", ("VICTIM_MINOR", "YOUTH"))
        ids = ctx.store.entity_ids(viewer=viewer)
        degree: Counter[str] = Counter()
        for link in ctx.store.links_of(ids, viewer=viewer):
            degree[link.source] += 1
            degree[link.target] += 1
        busiest = [i for i, _ in degree.most_common(args.nodes)]
        print(f"analyst (OPP) sees {len(ids)} entities; busiest nodes: {degree.most_common(3)}")
        ctx.close()

        server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=0, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        port = server.servers[0].sockets[0].getsockname()[1]
        base = f"http://127.0.0.1:{port}"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"])
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                login = context.request.post(f"{base}/auth/login", data={"name": NAME, "password": PASSWORD})
                assert login.ok, login.text()
                ready, fp, fcp = [], [], []
                for _ in range(args.loads):
                    page = context.new_page()
                    page.goto(base + "/")
                    page.wait_for_function("() => window.__caselinkReadyMs !== undefined")
                    ready.append(page.evaluate("() => window.__caselinkReadyMs"))
                    paints = dict(page.evaluate("() => performance.getEntriesByType('paint').map(e => [e.name, e.startTime])"))
                    fp.append(paints.get("first-paint", float("nan")))
                    fcp.append(paints.get("first-contentful-paint", float("nan")))
                    page.close()
                print(f"\npage ready (signed in, workbench drawn), {args.loads} loads: median {statistics.median(ready):.0f} ms, "
                      f"max {max(ready):.0f} ms  (goal <= 1000 ms)")
                print(f"first paint median {statistics.median(fp):.0f} ms; first contentful paint median {statistics.median(fcp):.0f} ms")

                page = context.new_page()
                page.goto(base + "/")
                page.wait_for_function("() => window.__caselinkReadyMs !== undefined")
                expand, fetch = [], []
                page.on("crash", lambda: print("renderer crashed", file=sys.stderr))
                for node in busiest:
                    print("node", node, file=sys.stderr)
                    fetch.append(page.evaluate("""async id => { const t = performance.now();
                        const r = await fetch(`/entities/${encodeURIComponent(id)}/network?depth=1&max_nodes=2000`); await r.json();
                        return performance.now() - t; }""", node))
                    # Each evaluate returns nothing: a cytoscape collection handed back to Playwright is serialised
                    # with the whole chart behind it (seconds to minutes, gigabytes).
                    page.evaluate("() => { window.__caselinkChart.elements().remove(); }")
                    before = page.evaluate("() => window.__caselinkExpanded || 0")
                    page.evaluate("id => { window.__caselinkChart.add({group: 'nodes', data: {id, label: id, colour: '#888', size: 20},"
                                  " position: {x: 300, y: 300}}); }", node)
                    box = page.locator("#cy").bounding_box()
                    pos = page.evaluate("id => window.__caselinkChart.getElementById(id).renderedPosition()", node)
                    page.mouse.dblclick(box["x"] + pos["x"], box["y"] + pos["y"])
                    page.wait_for_function("n => (window.__caselinkExpanded || 0) > n", arg=before)
                    expand.append(page.evaluate("() => window.__caselinkLastExpandMs"))
                print(f"\nexpand (double-click to neighbours drawn), {len(expand)} busiest nodes: median {statistics.median(expand):.0f} ms, "
                      f"p95 {pct(expand, 0.95):.0f} ms, max {max(expand):.0f} ms  (goal <= 200 ms)")
                print(f"baseline, bare fetch of the same /network answer: median {statistics.median(fetch):.0f} ms; "
                      f"ratio expand/fetch {statistics.median(expand) / max(statistics.median(fetch), 0.001):.2f}")
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=10)


if __name__ == "__main__":
    main()

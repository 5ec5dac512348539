"""What the access rules cost: depth-2 network and search latency per kind of viewer, against the
system viewer (nothing restated, nothing withheld) measured in the same run on the same persons.

- ``system``: all access, the baseline;
- ``investigator``: one service's records (and its partners'), restated from the visible records;
- ``analyst``: the same, plus the role's withheld fields (contacts, subjects' phones and addresses) and the
  protected parts of VICTIM_MINOR records taken out on every read.

    python -m bench.access [--persons 3000] [--queries 150] [--dir var/bench-access]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from api.runtime import ingest_and_link
from api.services.queries import network, open_context, search
from models.access import SYSTEM, UserRole, Viewer
from models.settings import Settings
from tools.synthetic import generate_world

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=3000)
    parser.add_argument("--queries", type=int, default=150)
    parser.add_argument("--dir", type=Path, default=REPO / "var" / "bench-access")
    args = parser.parse_args()
    exports, store = args.dir / f"world-{args.persons}", args.dir / f"store-{args.persons}"
    if not (exports / "truth.json").exists():
        generate_world(exports, seed=31, n_persons=args.persons, n_rings=max(5, args.persons // 250))
    settings = Settings(store=store, env="development")
    if not (store / "graph.db").exists():
        ingest_and_link(settings, [exports])
    ctx = open_context(settings)
    try:
        viewers: list[tuple[str, Viewer]] = [
            ("system", SYSTEM),
            ("investigator", ctx.policy.viewer("bench-inv", UserRole.INVESTIGATOR, "OPP")),
            ("analyst", ctx.policy.viewer("bench-ana", UserRole.ANALYST, "OPP")),
        ]
        analyst = viewers[2][1]
        persons = ctx.store.entity_ids(viewer=analyst, kinds=frozenset({"person"}))  # reachable by every viewer here
        sample = random.Random(7).sample(persons, min(args.queries, len(persons)))
        names = [e.caption for e in ctx.store.get_entities(sample[:50], viewer=analyst)]
        base: dict[str, float] = {}
        print(f"{len(persons)} persons visible to an OPP analyst; {len(sample)} sampled")
        for label, viewer in viewers:
            times = []
            for pid in sample:
                t = time.perf_counter()
                network(ctx, pid, viewer=viewer, depth=2)
                times.append(time.perf_counter() - t)
            search(ctx, "warm up", viewer=viewer)  # the viewer's index is built once per scope
            stimes = []
            for q in names:
                t = time.perf_counter()
                search(ctx, q, viewer=viewer)
                stimes.append(time.perf_counter() - t)
            net, srch = statistics.median(times) * 1000, statistics.median(stimes) * 1000
            base.setdefault("net", net)
            base.setdefault("search", srch)
            print(f"{label:13} network depth 2 median {net:7.2f} ms (x{net / base['net']:.2f})   "
                  f"search median {srch:7.2f} ms (x{srch / base['search']:.2f})")
    finally:
        ctx.close()


if __name__ == "__main__":
    main()

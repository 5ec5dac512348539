"""Incremental person resolution: a few records arriving in a large world, against a build from scratch.

    python -m bench.resolve_incremental [--seed 9301] [--persons 6000] [--arriving 10] [--repeat 3]

A generated world (the project's generator) is resolved without its last ``--arriving`` records
by a long-lived resolver (as a running consumer holds one); then the records arrive and the
same resolver resolves the whole world again, comparing only the pairs they bring. Baseline: a
fresh resolver resolving the whole world, measured in the same run. Prints both times, the
pairs compared by each, and the ratio (fresh / incremental), and checks that both end in the
same clusters.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path

import structlog

from graph.resolve.learned import LearnedResolver
from tools.training.matcher import load_world, world_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=9301)
    parser.add_argument("--persons", type=int, default=6000)
    parser.add_argument("--arriving", type=int, default=10, help="records arriving after the first build")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

    with tempfile.TemporaryDirectory(prefix="caselink-bench-") as tmp:
        world = load_world(world_dir(args.seed, args.workdir or Path(tmp), args.persons))
    records = sorted({m.record_key for m in world.mentions})
    late = set(records[-args.arriving:])
    earlier = [m for m in world.mentions if m.record_key not in late]
    print(f"world seed {args.seed}: {len(records)} records, {len(world.mentions)} person mentions; {len(late)} records arrive late")

    fresh_times, incremental_times = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        fresh = LearnedResolver().resolve(world.mentions, world.hubs)
        fresh_times.append(time.perf_counter() - started)

        running = LearnedResolver()
        running.resolve(earlier, world.hubs)
        started = time.perf_counter()
        incremental = running.resolve(world.mentions, world.hubs)
        incremental_times.append(time.perf_counter() - started)
        if incremental.cluster_of != fresh.cluster_of:
            raise SystemExit("incremental and fresh resolutions differ")
    best_fresh, best_incremental = min(fresh_times), min(incremental_times)
    print(f"fresh build       : {best_fresh * 1000:8.1f} ms, {fresh.pairs_compared:7d} pairs compared of {fresh.pairs_scored}")
    print(f"arrival, resolved : {best_incremental * 1000:8.1f} ms, {incremental.pairs_compared:7d} pairs compared of "
          f"{incremental.pairs_scored}")
    print(f"ratio (fresh / incremental): {best_fresh / best_incremental:.2f}  (same clusters: yes)")


if __name__ == "__main__":
    main()

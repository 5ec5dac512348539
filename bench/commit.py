"""What one small commit costs on a running consumer, by world size and by phase.

    python -m bench.commit [--sizes 1000,4000,10000] [--seed 7] [--revised 10] [--profile 25] [--workdir DIR]

For each size a world is generated (the generator ``caselink demo --persons N`` uses), ingested
and linked on the embedded store by one long-lived runtime (as ``caselink consume --follow``
holds one: the resolver keeps the pairs it compared). Then ``--revised`` records in force arrive
as new revisions (their narrative gains a sentence), and the graph sink's commit is timed phase by
phase (:attr:`graph.service.GraphSync.last_phases`, build stages from
:attr:`graph.build.GraphBuilder.last_stages`). Printed: a table of phases per size, the commit
against the full ingest measured in the same run (the baseline), and how the commit grows from the
smallest size; then the same records are built from scratch (fresh builder and resolver, a scratch
store: ``caselink rebuild --verify``), timed as a second baseline and checked equal to the commit's
graph. ``--profile N`` prints the N costliest functions (cProfile, cumulative) of the
largest size's commit.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import pstats
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import structlog

from api.runtime import open_runtime
from graph.service import fresh_builder, verify_rebuild
from ingest.service import ingest_paths
from models.settings import Settings
from tools.training.matcher import world_dir


@dataclass
class Run:
    persons: int
    records: int
    ingest: float
    commit: float
    #: A build from scratch of the same records (fresh builder and resolver) into a scratch store: ``rebuild --verify``.
    scratch: float
    phases: dict[str, float] = field(default_factory=dict)
    profile: str = ""


def measure(world: Path, store: Path, persons: int, revised: int, profile: int) -> Run:
    settings = Settings(store=store, env="test")
    with open_runtime(settings) as rt:
        started = time.perf_counter()
        ingest_paths(settings, [world], sinks=rt.sinks, ledger=rt.ledger)
        ingest = time.perf_counter() - started
        records = sorted(rt.ledger.current_records(), key=lambda r: r.key)
        step = max(1, len(records) // revised)
        revisions = [r.model_copy(update={"revision": (r.revision or 0) + 1,
                                          "narrative": f"{r.narrative} Seen again near the station."})
                     for r in records[::step][:revised]]
        applied = rt.ledger.apply(revisions)
        for sink in rt.sinks:
            sink.apply(applied)
        profiler = cProfile.Profile() if profile else None
        started = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        rt.sync.commit()
        if profiler is not None:
            profiler.disable()
        commit = time.perf_counter() - started
        for sink in rt.sinks[1:]:
            sink.commit()
        phases = dict(rt.sync.last_phases)
        stages = dict(rt.sync.builder.last_stages)
        started = time.perf_counter()
        verified = verify_rebuild(rt.sync, fresh_builder(settings))
        scratch = time.perf_counter() - started
        if not verified.equal:
            raise SystemExit(f"the commit differs from a rebuild from scratch: {verified.differences()}")
        out = Run(persons, len(records), ingest, commit, scratch)
        for name, seconds in phases.items():
            if name == "build":
                out.phases.update({f"build: {stage}": s for stage, s in stages.items()})
            else:
                out.phases[name] = seconds
        if profiler is not None:
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(profile)
            out.profile = text.getvalue()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,4000,10000", help="persons in each world, comma-separated")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--revised", type=int, default=10, help="records revised after the full ingest")
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions of the largest commit")
    parser.add_argument("--workdir", type=Path, default=None, help="keep generated worlds here between runs")
    args = parser.parse_args()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    sizes = sorted(int(s) for s in args.sizes.split(","))
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="caselink-bench-commit-") as tmp:
        worlds = args.workdir or Path(tmp) / "worlds"
        for persons in sizes:
            world = world_dir(args.seed, worlds, persons)
            runs.append(measure(world, Path(tmp) / f"store-{persons}", persons, args.revised,
                                args.profile if persons == sizes[-1] else 0))
            print(f"{persons} persons: {runs[-1].records} records, ingest {runs[-1].ingest:.1f} s, "
                  f"commit of {args.revised} revised {runs[-1].commit:.2f} s", flush=True)
    names = list(dict.fromkeys(n for r in runs for n in r.phases))
    print()
    print(f"{'phase (s)':28}" + "".join(f"{r.persons:>10}" for r in runs))
    for name in names:
        print(f"{name:28}" + "".join(f"{r.phases.get(name, 0.0):10.3f}" for r in runs))
    print(f"{'commit total':28}" + "".join(f"{r.commit:10.3f}" for r in runs))
    print(f"{'rebuild from scratch':28}" + "".join(f"{r.scratch:10.3f}" for r in runs))
    print(f"{'commit / from scratch':28}" + "".join(f"{r.commit / r.scratch:10.3f}" for r in runs))
    print(f"{'full ingest':28}" + "".join(f"{r.ingest:10.1f}" for r in runs))
    print(f"{'commit / full ingest':28}" + "".join(f"{r.commit / r.ingest:10.3f}" for r in runs))
    base = runs[0]
    print(f"{'records / smallest':28}" + "".join(f"{r.records / base.records:10.2f}" for r in runs))
    print(f"{'commit / smallest':28}" + "".join(f"{r.commit / base.commit:10.2f}" for r in runs))
    if runs[-1].profile:
        print()
        print(runs[-1].profile)


if __name__ == "__main__":
    main()

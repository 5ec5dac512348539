"""Network and path latency on a large generated world, and end-to-end ingest against bare NER.

1. Draws a world with the project's generator (``--persons``; about 0.85 records per person,
   so 120,000 persons give over 100,000 records).
2. Baseline: the bare NER stage, ``nlp.pipe`` with the same English and French models over
   the same narratives, in this process.
3. Ours: ``caselink ingest`` end to end (framing, adapters, ledger, extraction, resolution,
   graph write) on the embedded store. Prints records/s of both and the ratio.
4. Depth-2 network and shortest-path latency (median, p95) over sampled persons, and the
   process's peak resident memory.

    python -m bench.query [--persons 120000] [--queries 200] [--dir var/bench-query]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time
from pathlib import Path

from api.runtime import ingest_and_link
from graph.store.embedded import EmbeddedGraphStore
from ingest.adapters import iter_records
from models.access import SYSTEM
from models.settings import Settings
from nlp.language import detect_language
from nlp.pipelines import Pipelines
from tools.synthetic import generate_world


def bare_ner(texts: list[str]) -> float:
    pipelines = Pipelines()
    by_lang: dict[str, list[str]] = {"en": [], "fr": []}
    for text in texts:
        by_lang[detect_language(text)].append(text)
    for lang in by_lang:  # load outside the timing, as ours is measured warm too
        pipelines.get(lang)
    start = time.perf_counter()
    for lang, group in by_lang.items():
        for _ in pipelines.get(lang).pipe(group, batch_size=64):
            pass
    return time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=120_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--dir", type=Path, default=Path("var/bench-query"))
    parser.add_argument("--ner-sample", type=int, default=5000, help="narratives the bare NER rate is measured on")
    args = parser.parse_args()
    world, store = args.dir / f"world-{args.persons}", args.dir / f"store-{args.persons}"
    if not (world / "truth.json").exists():
        generate_world(world, seed=1, n_persons=args.persons)
    records = [r for path in sorted(world.glob("*_*.*")) for r in iter_records(path)]
    texts = [r.narrative for r in records if r.narrative]
    print(f"world: {len(records):,} record versions, {len(texts):,} narratives")
    # The bare stage's rate is stable after a few thousand texts: measure it on a sample.
    sample_texts = random.Random(3).sample(texts, min(len(texts), args.ner_sample))
    t_bare = bare_ner(sample_texts) * len(texts) / len(sample_texts)
    start = time.perf_counter()
    report = ingest_and_link(Settings(store=store, env="test"), [world])
    t_ours = time.perf_counter() - start
    applied = sum(report.summary.counts.values())
    print(f"bare NER: {len(texts) / t_bare:,.0f} narratives/s; caselink ingest end to end: {applied / t_ours:,.0f} items/s "
          f"({t_ours:,.0f} s); ratio {(applied / t_ours) / (len(texts) / t_bare):.2f}")
    graph = EmbeddedGraphStore(store / "graph.db")
    print(f"graph: {graph.counts(viewer=SYSTEM)}")
    persons = sorted({i for _, i, k in graph.search_terms(viewer=SYSTEM) if k == "person"})
    rng = random.Random(7)
    sample = rng.sample(persons, min(args.queries, len(persons)))
    net: list[float] = []
    for pid in sample:
        t = time.perf_counter()
        graph.neighbourhood(pid, 2, viewer=SYSTEM)
        net.append((time.perf_counter() - t) * 1000)
    path: list[float] = []
    for a, b in zip(sample, reversed(sample), strict=True):
        t = time.perf_counter()
        graph.paths(a, b, 4, viewer=SYSTEM)
        path.append((time.perf_counter() - t) * 1000)
    print(f"depth-2 network: median {statistics.median(net):.1f} ms, p95 {percentile(net, 0.95):.1f} ms")
    print(f"paths (max 4 hops): median {statistics.median(path):.1f} ms, p95 {percentile(path, 0.95):.1f} ms")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()

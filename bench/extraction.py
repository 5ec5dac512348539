"""Extraction throughput against bare ``nlp.pipe``, per language, in one process and with two.

    python -m bench.extraction [--dev DIR] [--repeat N] [--e2e-persons N]

The pipeline both use holds the NER component only (and its own embedding layer): the other
components are excluded at load (:mod:`nlp.pipelines`), for the bare baseline as for us. With
two processes the baseline is spaCy's own ``nlp.pipe(n_process=2)``; ours is the extractor's
worker pool (each worker running NER and everything after it).

End to end (``--e2e-persons``, 0 to skip): ``caselink ingest`` of a generated world on the
embedded store (framing, adapters, ledger, extraction in ``Settings.extract_workers`` processes,
resolution, graph write), records/s against bare NER on 2 processes over the same narratives
(goal >= 0.85), for 1 and 2 extraction workers. Both sides use models loaded beforehand (a
long ingest loads them once; bare NER is timed warm).

The baseline is spaCy alone: the very pipeline object the extractor uses (same model, same
excluded components), the same narratives, the same process, ``nlp.pipe`` with the same batch
size. The extractor adds language detection, the pattern extractors, person finding, overlap
resolution and subject matching on top; the ratio says what that costs (goal: >= 0.85).
Both are measured after a warm-up run, best of ``--repeat`` runs, alternating, on each
language's narratives repeated up to ``--min-words`` words (the French ones are few).
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from api.runtime import ingest_and_link
from ingest.adapters import iter_records
from models.records import Record
from models.settings import Settings
from nlp.extract import Extractor
from nlp.language import detect_language
from nlp.pipelines import Pipelines
from tools.synthetic import generate_world

REPO = Path(__file__).resolve().parents[1]

GOAL = 0.85
BATCH = 64


def load(dev: Path) -> dict[str, list[Record]]:
    by_lang: dict[str, list[Record]] = {"en": [], "fr": []}
    for path in sorted(p for p in dev.iterdir() if p.is_file() and p.name != "truth.json"):
        for record in iter_records(path):
            if record.narrative.strip():
                by_lang[detect_language(record.narrative)].append(record)
    return by_lang


def best_of(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_ner(pipelines: Pipelines, texts: list[str], n_process: int) -> float:
    """Seconds of ``nlp.pipe`` over ``texts``, each language through its own model."""
    by_lang: dict[str, list[str]] = {"en": [], "fr": []}
    for text in texts:
        by_lang[detect_language(text)].append(text)
    start = time.perf_counter()
    for lang, group in by_lang.items():
        if group:
            for _ in pipelines.get(lang).pipe(group, batch_size=BATCH, n_process=n_process):
                pass
    return time.perf_counter() - start


def end_to_end(persons: int, repeat: int, workdir: Path) -> float:
    """``caselink ingest`` of a generated world on the embedded store against bare NER on 2
    processes, alternating, best of ``repeat``; returns the worst ratio."""
    world = workdir / f"world-{persons}"
    if not (world / "truth.json").exists():
        generate_world(world, seed=3, n_persons=persons)
    paths = sorted(p for p in world.iterdir() if p.is_file() and p.name != "truth.json")
    records = [r for path in paths for r in iter_records(path)]
    texts = [r.narrative for r in records if r.narrative.strip()]
    extractor = Extractor()
    pipelines = extractor.pipelines  # one load of each model, outside the timings of both sides
    bare_ner(pipelines, texts[:200], 2)  # warm-up: models loaded
    worst = math.inf
    for workers in (1, 2):
        t_bare = t_ours = math.inf
        for run in range(repeat):
            t_bare = min(t_bare, bare_ner(pipelines, texts, 2))
            with tempfile.TemporaryDirectory(dir=workdir) as store:
                settings = Settings(env="test", store=Path(store), extract_workers=workers)
                start = time.perf_counter()
                ingest_and_link(settings, paths, extractor=extractor)
                t_ours = min(t_ours, time.perf_counter() - start)
            print(f"  run {run + 1}: bare {len(texts) / t_bare:,.0f} narratives/s, ingest {len(records) / t_ours:,.0f} records/s",
                  flush=True)
        ratio = (len(records) / t_ours) / (len(texts) / t_bare)
        worst = min(worst, ratio)
        print(f"end to end, {workers} extraction worker(s): bare NER (2 processes) {len(texts) / t_bare:,.0f} narratives/s; "
              f"caselink ingest (embedded) {len(records) / t_ours:,.0f} records/s ({len(records):,} records); ratio {ratio:.2f}")
    return worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, default=(REPO / ".." / "shared" / "sources" / "dev").resolve())
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lang", choices=["en", "fr"], action="append", help="only these languages (default: both)")
    parser.add_argument("--processes", type=int, action="append", help="n_process values (default: 1 and 2)")
    parser.add_argument("--min-words", type=int, default=25_000,
                        help="repeat a language's narratives until a run has this many words (steadier timings)")
    parser.add_argument("--e2e-persons", type=int, default=3000, help="persons in the end-to-end world (0: skip it)")
    parser.add_argument("--e2e-repeat", type=int, default=2)
    parser.add_argument("--dir", type=Path, default=REPO / "var" / "bench-extraction")
    parser.add_argument("--no-extraction", action="store_true", help="only the end-to-end part")
    args = parser.parse_args()
    if not args.dev.is_dir():
        print(f"dev world not found at {args.dev}", file=sys.stderr)
        return 2
    extractor = Extractor()
    by_lang = load(args.dev)
    print(f"{'lang':4} {'procs':>5} {'texts':>6} {'words':>7} {'bare words/s':>13} {'extract words/s':>16} {'ratio':>6}")
    worst = 1.0
    for n_process in () if args.no_extraction else args.processes or (1, 2):
        for lang, records in by_lang.items():
            if not records or (args.lang and lang not in args.lang):
                continue
            once = sum(len(r.narrative.split()) for r in records)
            # more text with more processes: their start-up is amortised, as in a real ingest
            records = records * max(1, math.ceil(args.min_words * n_process / max(1, once)))
            texts = [r.narrative for r in records]
            items = [(r.narrative, "auto", r.subjects) for r in records]
            words = sum(len(t.split()) for t in texts)
            nlp = extractor.pipelines.get(lang)

            def bare(nlp: object = nlp, texts: list[str] = texts, n_process: int = n_process) -> None:
                for _ in nlp.pipe(texts, batch_size=BATCH, n_process=n_process):  # type: ignore[attr-defined]
                    pass

            def extract(items: list[tuple[str, str, tuple[object, ...]]] = items, n_process: int = n_process) -> None:
                for _ in extractor.extract_many(items, batch_size=BATCH, n_process=n_process):  # type: ignore[arg-type]
                    pass

            bare()
            extract()  # warm-up: models loaded, caches filled
            repeat = args.repeat if n_process == 1 else max(2, args.repeat // 2)
            t_bare = t_extract = float("inf")
            for _ in range(repeat):
                t_bare = min(t_bare, best_of(bare, 1))
                t_extract = min(t_extract, best_of(extract, 1))
            ratio = t_bare / t_extract
            worst = min(worst, ratio)
            print(f"{lang:4} {n_process:5d} {len(texts):6d} {words:7d} {words / t_bare:13.0f} "
                  f"{words / t_extract:16.0f} {ratio:6.2f}")
    if args.e2e_persons:
        args.dir.mkdir(parents=True, exist_ok=True)
        worst = min(worst, end_to_end(args.e2e_persons, args.e2e_repeat, args.dir))
    print(f"worst ratio {worst:.2f} (goal >= {GOAL})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

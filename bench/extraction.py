"""Extraction throughput against bare ``nlp.pipe``, per language, in one process and with two.

    python -m bench.extraction [--dev DIR] [--repeat N]

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
import time
from collections.abc import Callable
from pathlib import Path

from ingest.adapters import iter_records
from models.records import Record
from nlp.extract import Extractor
from nlp.language import detect_language

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, default=(REPO / ".." / "shared" / "sources" / "dev").resolve())
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lang", choices=["en", "fr"], action="append", help="only these languages (default: both)")
    parser.add_argument("--processes", type=int, action="append", help="n_process values (default: 1 and 2)")
    parser.add_argument("--min-words", type=int, default=25_000,
                        help="repeat a language's narratives until a run has this many words (steadier timings)")
    args = parser.parse_args()
    if not args.dev.is_dir():
        print(f"dev world not found at {args.dev}", file=sys.stderr)
        return 2
    extractor = Extractor()
    by_lang = load(args.dev)
    print(f"{'lang':4} {'procs':>5} {'texts':>6} {'words':>7} {'bare words/s':>13} {'extract words/s':>16} {'ratio':>6}")
    worst = 1.0
    for n_process in args.processes or (1, 2):
        for lang, records in by_lang.items():
            if not records or (args.lang and lang not in args.lang):
                continue
            once = sum(len(r.narrative.split()) for r in records)
            records = records * max(1, math.ceil(args.min_words / max(1, once)))
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
    print(f"worst ratio {worst:.2f} (goal >= {GOAL})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Adapter throughput against the bare parsers, and peak memory on a large file.

For each format, on the same generated file, in the same process:
- baseline: the bare parser only (``json.loads`` per line, ``csv.reader``, ``ElementTree.iterparse``);
- ours: streaming framing + the adapter, up to a validated canonical record.
Prints records/s (and CPU µs per record) for both and the ratio (goal >= 0.5). Each side's time
is the best of ``--repeat`` interleaved runs, in CPU time, after one warm-up run each; ours starts
every run with empty caches. Then ingests a large generated file through the adapters in a child
process and prints its peak resident memory next to the file's size (streaming means the peak
does not grow with the file).

    python -m bench.ingest_parse [--items 20000] [--large-mb 256] [--repeat 5]
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from ingest.adapters import adapt, iter_items
from ingest.adapters.mpr import _parse_header as mpr_parse_header
from ingest.dates import _read_date, _read_timestamp
from ingest.errors import RejectError
from ingest.names import split_full_name, split_surname_first
from models.vocabulary import fold_term
from tools.synthetic import generate_large_file


def bare_mcm(path: Path) -> int:
    n = 0
    with path.open("rb") as fh:
        for line in fh:
            if line.strip():
                try:
                    json.loads(line)
                    n += 1
                except ValueError:
                    pass
    return n


def bare_mpr(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        return sum(1 for _ in reader)


def bare_sfx(path: Path) -> int:
    n = 0
    try:
        for _, el in ET.iterparse(path, events=("end",)):
            if el.tag == "dossier":
                n += 1
                el.clear()
    except ET.ParseError:
        pass  # a broken tag stops the bare parser: it reads less than we do
    return n


def ours(path: Path) -> int:
    n = 0
    for item in iter_items(path):
        try:
            adapt(item)
            n += 1
        except RejectError:
            pass
    return n


def cold_caches() -> None:
    """Empty the adapters' caches of pure functions, so each timed run reads the file as a fresh process would.

    Repeated values (a person's birth date in many records) still hit within the run, as they
    do in production; what is not measured is a second pass over the same file.
    """
    for cached in (_read_date, _read_timestamp, split_full_name, split_surname_first, fold_term, mpr_parse_header):
        cached.cache_clear()


def timed_pair(bare: Callable[[Path], int], path: Path, repeat: int) -> tuple[tuple[float, int], tuple[float, int]]:
    """Best CPU time of ``repeat`` runs of the bare parser and of ours, interleaved, after one warm-up run each.

    Interleaving gives both sides the same share of whatever else the machine is doing, the best
    of several runs drops the runs that were disturbed, and CPU time (``process_time``) does not
    count time spent waiting for the CPU. Both sides get exactly the same treatment.
    """
    best = {"bare": float("inf"), "ours": float("inf")}
    counts = {"bare": 0, "ours": 0}
    fns = {"bare": bare, "ours": ours}
    for run in range(repeat + 1):
        for side, fn in fns.items():
            if side == "ours":
                cold_caches()
            gc.collect()
            start = time.process_time()
            counts[side] = fn(path)
            elapsed = time.process_time() - start
            if run:  # run 0 warms up (imports, file cache) and is not counted
                best[side] = min(best[side], elapsed)
    return (best["bare"], counts["bare"]), (best["ours"], counts["ours"])


def peak_rss_child(path: Path) -> float:
    code = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from ingest.adapters import adapt, iter_items\n"
        "from ingest.errors import RejectError\n"
        "n = 0\n"
        "for item in iter_items(Path(sys.argv[1])):\n"
        "    try:\n"
        "        adapt(item); n += 1\n"
        "    except RejectError:\n"
        "        pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, n)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=20000)
    parser.add_argument("--large-mb", type=int, default=256)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per side, best kept (default 5)")
    args = parser.parse_args()
    bare = {"mcm": bare_mcm, "mpr": bare_mpr, "sfx": bare_sfx}
    suffix = {"mcm": "jsonl", "mpr": "csv", "sfx": "xml"}
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'format':6} {'items':>7} {'bare rec/s':>12} {'ours rec/s':>12} {'bare µs':>8} {'ours µs':>8} {'ratio':>6}")
        for fmt in ("mcm", "mpr", "sfx"):
            path = Path(tmp) / f"{fmt}_BENCH.{suffix[fmt]}"
            generate_large_file(path, fmt, args.items, seed=3)
            (t_bare, n_bare), (t_ours, n_ours) = timed_pair(bare[fmt], path, args.repeat)
            print(f"{fmt:6} {n_ours:>7} {n_bare / t_bare:>12,.0f} {n_ours / t_ours:>12,.0f} {t_bare / n_bare * 1e6:>8.1f} "
                  f"{t_ours / n_ours * 1e6:>8.1f} {(n_ours / t_ours) / (n_bare / t_bare):>6.2f}")
        big = Path(tmp) / "mcm_LARGE.jsonl"
        per_item = (Path(tmp) / "mcm_BENCH.jsonl").stat().st_size / args.items
        generate_large_file(big, "mcm", int(args.large_mb * 1024 * 1024 / per_item), seed=5)
        size_mb = big.stat().st_size / 1024 / 1024
        small = Path(tmp) / "mcm_BENCH.jsonl"
        print(f"\npeak RSS adapting {small.stat().st_size / 1024 / 1024:,.0f} MB: {peak_rss_child(small):,.0f} MB; "
              f"adapting {size_mb:,.0f} MB: {peak_rss_child(big):,.0f} MB")


if __name__ == "__main__":
    main()

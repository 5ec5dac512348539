"""``python -m tools.synthetic OUT_DIR --seed N [--persons N]``: write a world and print its summary."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tools.synthetic.large import LARGE_AGENCY, generate_large_file
from tools.synthetic.stats import world_stats
from tools.synthetic.world import generate_world
from tools.synthetic.writers import file_name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.synthetic", description=__doc__)
    parser.add_argument("out_dir", type=Path, help="directory for the six exports and truth.json")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--persons", type=int, default=700, help="true persons in the world (default 700)")
    parser.add_argument("--rings", type=int, default=12, help="planted trafficking rings (default 12)")
    parser.add_argument("--large", choices=("mcm", "mpr", "sfx"),
                        help="instead of a world, stream one big export of this format into OUT_DIR")
    parser.add_argument("--items", type=int, default=100_000, help="items in the large export")
    parser.add_argument("--variety", type=float, default=1.0,
                        help="large export: share of items drawn fresh (lower is faster; default 1.0)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.large:
        agency = LARGE_AGENCY[args.large]
        path = args.out_dir / file_name(agency)
        args.out_dir.mkdir(parents=True, exist_ok=True)
        size = generate_large_file(path, args.large, args.items, seed=args.seed, variety=args.variety)
        print(f"{path}: {args.items} items, {size} bytes in {time.perf_counter() - started:.1f} s")
        return 0
    generate_world(args.out_dir, seed=args.seed, n_persons=args.persons, n_rings=args.rings)
    elapsed = time.perf_counter() - started
    print(world_stats(args.out_dir).table())
    print(f"generated in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

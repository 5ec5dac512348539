"""``generate_large_file``: one big single-format export, streamed, for benchmarks and memory tests.

A modest population is drawn once; then records are made, rendered, written and forgotten,
so memory stays flat whatever ``n_items`` is (a gigabyte is fine). Items look like the
world's (same narratives, names, phone layouts), with occasional revisions and duplicates.
No ground truth is written.

Drawing a fresh record costs about 0.1 ms; ``variety`` below 1 trades realism for speed by
re-emitting a recently drawn item under a new record number (a string substitution), which
is what a throughput or memory benchmark needs.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Literal

from tools.synthetic.cases import CaseMaker
from tools.synthetic.delivery import revise
from tools.synthetic.model import Delivery, Hotel, Person, Record, Ring
from tools.synthetic.population import WORLD_END, Drawer
from tools.synthetic.world import random_day
from tools.synthetic.writers import render, write_footer, write_header

LARGE_AGENCY: dict[str, str] = {"mcm": "OPP", "mpr": "TPS", "sfx": "SPGS"}
_POOL = 512


class _Source:
    """A small fixed population and the record maker that draws from it."""

    def __init__(self, rng: random.Random, fmt: str, n_persons: int) -> None:
        self.rng = rng
        self.fmt = fmt
        self.agency = LARGE_AGENCY[fmt]
        drawer = Drawer(rng, unique_phones=False)
        self.drawer = drawer
        self.hotels = drawer.hotels(60)
        drawer.group_homes(12)
        self.rings: list[Ring] = [drawer.ring(i, []) for i in range(max(1, n_persons // 150))]
        homes = drawer.pop.group_homes
        self.people: list[Person] = []
        for _ in range(max(2, n_persons - len(drawer.pop.persons))):
            youth = rng.random() < 0.5
            home = rng.choice(homes) if youth and rng.random() < 0.4 else None
            person = drawer.person(sex=rng.choice("FM"), age=(12, 17) if youth else (18, 60), at=WORLD_END,
                                   city=home.city if home else None)
            person.group_home = home
            person.guardian = drawer.guardian(person, home=home)
            self.people.append(person)
        self.hotels_by_city: dict[str, list[Hotel]] = defaultdict(list)
        for hotel in self.hotels:
            self.hotels_by_city[hotel.city].append(hotel)
        self.cases = CaseMaker(drawer, rng)

    def record(self) -> Record:
        rng, cases, agency = self.rng, self.cases, self.agency
        roll = rng.random()
        if roll < 0.25:
            ring = rng.choice(self.rings)
            record = cases.ring_missing(ring, rng.choice(ring.victims), random_day(rng), agency)
        elif self.fmt == "mpr" or roll < 0.65:
            record = cases.background_missing(rng.choice(self.people), random_day(rng), self.hotels, agency=agency)
        else:
            complainant, suspect = rng.sample(self.people, 2)
            record = cases.incident(complainant, suspect, random_day(rng), agency=agency)
        cases.records.clear()
        self.drawer.pop.plates.clear()  # plates need not stay unique across a benchmark file
        return record


def generate_large_file(path: Path, fmt: Literal["mcm", "mpr", "sfx"], n_items: int, *, seed: int,
                        n_persons: int = 2000, variety: float = 1.0, revision_rate: float = 0.03,
                        duplicate_rate: float = 0.01) -> int:
    """Write ``n_items`` items of one format to ``path``; returns the file size in bytes.

    Revisions follow their predecessor directly and duplicates repeat the previous item, so
    nothing older than a small pool of recent items is kept. ``variety`` is the share of
    items drawn fresh (1.0: all; 0.1: about ten times faster).
    """
    rng = random.Random(seed)
    source = _Source(rng, fmt, n_persons)
    numbers: dict[int, int] = defaultdict(int)
    pool: list[tuple[str, str]] = []  # (record number, rendered text) of recent fresh items
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        write_header(fh, fmt, source.agency, datetime(2026, 10, 1, 2, 0))
        written = 0
        while written < n_items:
            if pool and rng.random() >= variety:
                old_no, old_text = rng.choice(pool)
                year = int(old_no.split("-")[1])
                numbers[year] += 1
                new_no = f"{source.agency}-{year:02d}-{numbers[year]:06d}"
                texts = [old_text.replace(old_no, new_no, 1)]
            else:
                record = source.record()
                numbers[record.year % 100] += 1
                record.number = numbers[record.year % 100]
                if rng.random() < revision_rate:
                    revise(record, rng, source.hotels_by_city)
                texts = [render(Delivery(record, v, 0.0, rng.getrandbits(32))) for v in record.versions]
                if len(pool) < _POOL:
                    pool.append((record.record_no, texts[0]))
                else:
                    pool[rng.randrange(_POOL)] = (record.record_no, texts[0])
            for text in texts:
                if written >= n_items:
                    break
                fh.write(text)
                written += 1
                if written < n_items and rng.random() < duplicate_rate:
                    fh.write(text)
                    written += 1
        write_footer(fh, fmt)
    return path.stat().st_size

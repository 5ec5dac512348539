"""Summary statistics of a world directory, to compare generated worlds with the dev one.

Counts come from two places: the truth (persons, rings, records, mentions, purges, malformed,
hostile) and the files themselves read with :mod:`tools.synthetic.reader` (items delivered,
exact-version duplicates, stale arrivals), so the same numbers can be computed for any world.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.synthetic.model import AGENCIES
from tools.synthetic.reader import export_files, read_items

MENTION_KINDS = ("person", "phone", "hotel", "plate", "alias", "handle")


@dataclass
class WorldStats:
    persons: int = 0
    rings: int = 0
    ring_victims: int = 0
    hotels: int = 0
    keys: int = 0
    truth_records: int = 0
    items: int = 0
    records_per_agency: dict[str, int] = field(default_factory=dict)
    items_per_agency: dict[str, int] = field(default_factory=dict)
    multi_revision_keys: int = 0
    duplicates: int = 0
    stale: int = 0
    purges: int = 0
    malformed: int = 0
    unreadable_items: int = 0
    hostile: int = 0
    mention_kinds: dict[str, int] = field(default_factory=dict)
    victims_in_two_agencies: int = 0
    rings_with_multi_agency_victim: int = 0

    def rates(self) -> dict[str, float]:
        """Size-free figures: per truth record, per key or per delivered item."""
        recs = max(1, self.truth_records)
        keys = max(1, self.keys)
        items = max(1, self.items)
        out = {f"mentions.{k}/record": self.mention_kinds.get(k, 0) / recs for k in MENTION_KINDS}
        out.update({
            "multi_revision/key": self.multi_revision_keys / keys,
            "duplicates/item": self.duplicates / items,
            "stale/item": self.stale / items,
            "purges/key": self.purges / keys,
            "malformed/item": self.malformed / items,
            "hostile/record": self.hostile / recs,
        })
        out.update({f"share.{a}": self.records_per_agency.get(a, 0) / recs for a in AGENCIES})
        return out

    def rows(self) -> list[tuple[str, str]]:
        rows: list[tuple[str, object]] = [("persons", self.persons), ("rings", self.rings), ("ring victims", self.ring_victims),
                ("hotels", self.hotels), ("record keys", self.keys), ("truth records (versions)", self.truth_records),
                ("items delivered", self.items)]
        rows += [(f"records {a} (items)", f"{self.records_per_agency.get(a, 0)} ({self.items_per_agency.get(a, 0)})")
                 for a in AGENCIES]
        rows += [("keys with >1 revision", self.multi_revision_keys), ("duplicate items", self.duplicates),
                 ("stale items", self.stale), ("purged keys", self.purges), ("malformed (truth)", self.malformed),
                 ("unreadable items (files)", self.unreadable_items), ("hostile records", self.hostile)]
        rows += [(f"mentions {k}", self.mention_kinds.get(k, 0)) for k in MENTION_KINDS]
        rows += [("victims reported by ≥2 agencies", self.victims_in_two_agencies),
                 ("rings with such a victim", self.rings_with_multi_agency_victim)]
        return [(name, str(value)) for name, value in rows]

    def table(self, other: WorldStats | None = None, *, names: tuple[str, str] = ("this", "other")) -> str:
        mine = self.rows()
        theirs = dict(other.rows()) if other else {}
        width = max(len(n) for n, _ in mine)
        head = f"{'':{width}}  {names[0]:>14}" + (f"  {names[1]:>14}" if other else "")
        lines = [head]
        for name, value in mine:
            lines.append(f"{name:{width}}  {value:>14}" + (f"  {theirs.get(name, ''):>14}" if other else ""))
        return "\n".join(lines)


def world_stats(world: Path) -> WorldStats:
    truth: dict[str, Any] = json.loads((world / "truth.json").read_text(encoding="utf-8"))
    s = WorldStats()
    s.persons = len(truth["persons"])
    s.rings = len(truth["rings"])
    s.ring_victims = sum(len(r["victims"]) for r in truth["rings"])
    s.hotels = len(truth["hotels"])
    records = truth["records"]
    s.truth_records = len(records)
    versions: dict[str, int] = Counter(r["key"] for r in records)
    s.keys = len(versions | Counter(m["key"] for m in truth["malformed"]) | Counter(truth["purged"]))
    s.multi_revision_keys = sum(1 for n in versions.values() if n > 1)
    s.records_per_agency = dict(Counter(r["key"].split(":")[0] for r in records))
    s.purges = len(set(truth["purged"]))
    s.malformed = len(truth["malformed"])
    s.hostile = sum(1 for r in records if r["hostile"])
    s.mention_kinds = dict(Counter(m["kind"] for r in records for m in r["mentions"]))

    agencies_of: dict[str, set[str]] = defaultdict(set)
    for r in records:
        if r["type"] == "MISSING_PERSON":
            for pid in r["subjects"].values():
                agencies_of[pid].add(r["key"].split(":")[0])
    for ring in truth["rings"]:
        multi = [v for v in ring["victims"] if len(agencies_of[v]) >= 2]
        s.victims_in_two_agencies += len(multi)
        s.rings_with_multi_agency_victim += bool(multi)

    items_per_agency: Counter[str] = Counter()
    for path in export_files(world):
        seen: set[tuple[str, str | None]] = set()
        top: dict[str, tuple[int, str]] = {}
        for item in read_items(path):
            items_per_agency[item.agency] += 1
            s.items += 1
            if item.error or item.key is None:
                s.unreadable_items += 1
                continue
            ident = (item.key, item.version)
            if ident in seen:
                s.duplicates += 1
            seen.add(ident)
            order = item.order()
            if item.key in top and order < top[item.key]:
                s.stale += 1
            top[item.key] = max(order, top.get(item.key, order))
    s.items_per_agency = dict(items_per_agency)
    return s

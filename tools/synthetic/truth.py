"""The ground-truth file, in the same schema as the dev world's ``truth.json``.

Keys: ``persons`` (id → attributes), ``rings``, ``hotels``, ``records`` (one entry per record
version that arrives intact, purge orders excluded), ``malformed`` (key and revision of each
broken item) and ``purged`` (keys with a purge order). For ``mpr`` the revision is the
version's ordinal by ``UPDATED_AT``, which is how the generator creates them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tools.synthetic.model import Delivery, Version
from tools.synthetic.population import Population


def record_truth(key: str, version: Version) -> dict[str, Any]:
    return {
        "key": key,
        "revision": version.revision,
        "type": version.rtype,
        "caveats": list(version.caveats),
        "subjects": {s.sid: s.person.id for s in version.subjects},
        "mentions": [m.truth() for m in version.mentions],
        "hostile": version.hostile,
        "status": version.status,
    }


def build_truth(pop: Population, deliveries: list[Delivery]) -> dict[str, Any]:
    """Read the truth off the world; records are listed in the order their first copy arrives."""
    broken = {(d.record.key, d.version.revision) for d in deliveries if d.malformed}
    records: list[dict[str, Any]] = []
    seen: set[tuple[str, int]] = set()
    purged: list[str] = []
    malformed: list[dict[str, Any]] = []
    for d in deliveries:
        ident = (d.record.key, d.version.revision)
        if d.malformed:
            malformed.append({"key": d.record.key, "revision": d.version.revision})
            continue
        if d.version.purge:
            if d.record.key not in purged:
                purged.append(d.record.key)
            continue
        if ident in seen or ident in broken:
            continue
        seen.add(ident)
        records.append(record_truth(d.record.key, d.version))
    return {
        "persons": {p.id: p.truth() for p in pop.persons},
        "rings": [{
            "id": r.id, "members": [m.id for m in r.members], "victims": [v.id for v in r.victims],
            "phones": list(r.phones), "vehicles": [v.plate for v in r.vehicles], "hotels": [h.id for h in r.hotels],
        } for r in pop.rings],
        "hotels": [{"id": h.id, "name": h.name, "city": h.city} for h in pop.hotels],
        "records": records,
        "malformed": malformed,
        "purged": purged,
    }


def write_truth(path: Path, truth: dict[str, Any]) -> None:
    path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

"""Neo4j store write throughput against a bare ``UNWIND ... MERGE`` on the same rows.

1. Draws a world with the project's generator, ingests and links it on the embedded store (for
   the cached mentions), and builds the graph (entities, links, provenance, record views).
2. Ours: ``Neo4jGraphStore.replace`` into an empty database (digests, diff, per-owner
   transactions with provenance, the sync mark).
3. Baseline: the same rows written by bare ``UNWIND $rows MERGE`` statements in the same batch
   sizes (``BATCH`` rows per entity and link statement), one managed transaction per batch, on the same constraints (rows prepared beforehand,
   outside the timing).
Both run ``--rounds`` times alternately on a cleared database; the best of each is compared.
Prints rows/s of both and the ratio (goal >= 0.8), then the time of an unchanged re-write.

    python -m bench.neo4j_write [--persons 3000] [--uri bolt://127.0.0.1:7687] [--password caselink-dev]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

from api.runtime import ingest_and_link, open_runtime
from graph.model import GraphData
from graph.store import cypher
from graph.store.neo4j import BATCH, Neo4jGraphStore
from models.settings import Settings
from tools.synthetic import generate_world

BARE_ENTITY = "UNWIND $rows AS row MERGE (n:Entity {id: row.id}) SET n += row"
BARE_PROV = "UNWIND $rows AS row CREATE (p:Provenance) SET p = row"
BARE_RECORD = "UNWIND $rows AS row MERGE (r:RecordView {key: row.key}) SET r += row"


def bare_link(kind: str) -> str:
    return (f"UNWIND $rows AS row MATCH (a:Entity {{id: row.source}}) MATCH (b:Entity {{id: row.target}}) "
            f"MERGE (a)-[r:{cypher.LinkKind(kind).value} {{id: row.id}}]->(b) SET r += row.props")


def build(persons: int, root: Path) -> GraphData:
    world, store = root / f"world-{persons}", root / f"store-{persons}"
    if not (world / "truth.json").exists():
        generate_world(world, seed=5, n_persons=persons)
    settings = Settings(store=store, env="test")
    ingest_and_link(settings, [world])
    with open_runtime(settings) as rt:
        records = list(rt.ledger.current_records())
        return rt.sync.builder.build(records, rt.sync.mentions.for_records(records))


def batches(rows: list[Any], size: int) -> list[list[Any]]:
    return [rows[i:i + size] for i in range(0, len(rows), size)]


def bare_statements(data: GraphData) -> list[tuple[str, list[dict[str, Any]]]]:
    """The same rows, in the same batch sizes, as plain parameter maps."""
    out: list[tuple[str, list[dict[str, Any]]]] = []
    ents = [{"id": e.id, "kind": e.kind, "caption": e.caption, "properties": json.dumps(e.properties, ensure_ascii=False),
             "hub": e.hub, "agencies": list(e.agencies), "caveats": list(e.caveats), "first_seen": e.first_seen, "last_seen": e.last_seen}
            for e in data.entities.values()]
    out += [(BARE_ENTITY, b) for b in batches([{k: v for k, v in r.items() if v is not None} for r in ents], BATCH)]
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for link in data.links.values():
        props = {"id": link.id, "kind": link.kind, "properties": json.dumps(link.properties, ensure_ascii=False),
                 "agencies": list(link.agencies), "caveats": list(link.caveats), "first_seen": link.first_seen, "last_seen": link.last_seen}
        by_kind.setdefault(link.kind, []).append({"id": link.id, "source": link.source, "target": link.target,
                                                  "props": {k: v for k, v in props.items() if v is not None}})
    for kind, rows in by_kind.items():
        out += [(bare_link(kind), b) for b in batches(rows, BATCH)]
    prov = [{k: (list(v) if isinstance(v, tuple) else v) for k, v in p.as_dict().items() if v is not None}
            for rows in data.provenance.values() for p in rows]
    out += [(BARE_PROV, b) for b in batches(prov, 5000)]
    recs = [{"key": r.key, "agency": r.agency, "record_no": r.record_no, "version": r.version, "entity_id": r.entity_id,
             "payload": json.dumps(r.payload, ensure_ascii=False), "subjects": json.dumps(r.subjects),
             "mentions": json.dumps(r.mentions, ensure_ascii=False), "caveats": list(r.caveats)} for r in data.records.values()]
    out += [(BARE_RECORD, b) for b in batches(recs, 500)]
    return out


def run_bare(store: Neo4jGraphStore, statements: list[tuple[str, list[dict[str, Any]]]]) -> float:
    driver = store._driver  # the same driver and connection pool as ours
    start = time.perf_counter()
    with driver.session() as session:
        for query, rows in statements:
            session.execute_write(lambda tx, q=query, r=rows: tx.run(q, rows=r).consume())
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path("var/bench-neo4j"))
    parser.add_argument("--uri", default=os.environ.get("CASELINK_TEST_NEO4J", "bolt://127.0.0.1:7687"))
    parser.add_argument("--password", default=os.environ.get("CASELINK_NEO4J_PASSWORD", "caselink-dev"))
    args = parser.parse_args()
    data = build(args.persons, args.dir)
    n_prov = sum(len(v) for v in data.provenance.values())
    rows = len(data.entities) + len(data.links) + n_prov + len(data.records)
    print(f"graph: {len(data.entities):,} entities, {len(data.links):,} links, {n_prov:,} provenance rows, "
          f"{len(data.records):,} record views = {rows:,} rows")
    store = Neo4jGraphStore(args.uri, auth=("neo4j", args.password))
    statements = bare_statements(data)
    ours, bare = [], []
    try:
        for _ in range(args.rounds):
            store.clear()
            bare.append(run_bare(store, statements))
            store.clear()
            start = time.perf_counter()
            store.replace(data, mark="bench")
            ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        stats = store.replace(data, mark="bench")
        again = time.perf_counter() - start
        store.clear()
    finally:
        store.close()
    best_ours, best_bare = min(ours), min(bare)
    print(f"bare UNWIND MERGE: {rows / best_bare:,.0f} rows/s ({best_bare:.2f} s); caselink replace: {rows / best_ours:,.0f} rows/s "
          f"({best_ours:.2f} s); ratio {best_bare / best_ours:.2f} (goal >= 0.8), best of {args.rounds}")
    print("per round (bare s / ours s): " + ", ".join(f"{b:.2f}/{o:.2f}" for b, o in zip(bare, ours, strict=True))
          + f"; median ratio {statistics.median(b / o for b, o in zip(bare, ours, strict=True)):.2f}")
    print(f"unchanged re-write (diff only): {again:.2f} s, wrote {stats.entities_written + stats.links_written + stats.records_written} rows")


if __name__ == "__main__":
    main()

"""The Kafka consume path against a bare kafka-python poll loop, and Kafka -> Neo4j end to end
against the bare NER stage.

1. Publishes ``--items`` generated source items (mcm, mpr and sfx) to a fresh topic through
   ``KafkaTransport.publish``.
2. Consume path. Baseline: a bare ``KafkaConsumer`` poll loop that reads every message's bytes
   (its own consumer group), timed from its first message. Ours: ``KafkaTransport.consume`` (decoding each message into a
   source item) with an offset commit at the pipeline's checkpoint interval (another group).
   Best of ``--rounds``, each round on fresh groups; prints messages/s and the ratio (goal >= 0.95).
3. End to end: a generated world published to another topic and consumed by ``caselink
   consume``'s code path (ledger, extraction, resolution, graph write into Neo4j, commits after
   the graph), against the bare NER stage (``nlp.pipe`` over the same narratives in this
   process). Prints items/s of both and the ratio. Skipped with ``--no-e2e``.

    python -m bench.kafka [--items 60000] [--persons 3000] [--kafka kafka://127.0.0.1:9092] [--neo4j bolt://127.0.0.1:7687]
"""

from __future__ import annotations

import argparse
import os
import time
import uuid
from pathlib import Path

from kafka import KafkaConsumer
from pydantic import SecretStr

from api.runtime import consume_and_link
from bench.query import bare_ner
from ingest.adapters import iter_items, iter_records
from ingest.service import publish_paths
from ingest.transport.kafka import KafkaTransport, bootstrap_of
from models.settings import Settings
from tools.synthetic import generate_large_file, generate_world


def bare_poll(bootstrap: str, topic: str, expected: int, batch: int) -> float:
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=f"bare-{uuid.uuid4().hex[:8]}", enable_auto_commit=False,
                             auto_offset_reset="earliest", max_poll_records=batch)
    seen, nbytes = 0, 0
    start = 0.0  # from the first message: joining the group is not what is measured
    while seen < expected:
        for messages in consumer.poll(timeout_ms=1000, max_records=batch).values():
            if not start:
                start = time.perf_counter()
            for message in messages:
                nbytes += len(message.value)
                seen += 1
    elapsed = time.perf_counter() - start
    consumer.close(autocommit=False)
    return elapsed


def ours_consume(bootstrap: str, topic: str, expected: int, batch: int, commit_items: int) -> float:
    transport = KafkaTransport(bootstrap, topic, partitions=3)
    group = f"ours-{uuid.uuid4().hex[:8]}"
    seen, since_commit = 0, 0
    start = 0.0  # from the first message, as the baseline
    for polled in transport.consume(group, batch, follow=True):
        if polled.items and not start:
            start = time.perf_counter()
        seen += len(polled.items)
        since_commit += len(polled.items)
        if polled.items and (since_commit >= commit_items or seen >= expected):
            transport.ack(group, polled)
            since_commit = 0
        if seen >= expected:
            break
    elapsed = time.perf_counter() - start
    transport.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=60_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--persons", type=int, default=3000)
    parser.add_argument("--dir", type=Path, default=Path("var/bench-kafka"))
    parser.add_argument("--kafka", default=os.environ.get("CASELINK_TEST_KAFKA", "kafka://127.0.0.1:9092"))
    parser.add_argument("--neo4j", default=os.environ.get("CASELINK_TEST_NEO4J", "bolt://127.0.0.1:7687"))
    parser.add_argument("--password", default=os.environ.get("CASELINK_NEO4J_PASSWORD", "caselink-dev"))
    parser.add_argument("--no-e2e", action="store_true")
    args = parser.parse_args()
    bootstrap = bootstrap_of(args.kafka)
    settings = Settings(env="test")

    files = []
    for fmt in ("mcm", "mpr", "sfx"):
        path = args.dir / f"{fmt}_BENCH.{ {'mcm': 'jsonl', 'mpr': 'csv', 'sfx': 'xml'}[fmt] }"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            generate_large_file(path, fmt, args.items // 3, seed=7, variety=0.2)  # type: ignore[arg-type]
        files.append(path)
    topic = f"bench-{uuid.uuid4().hex[:8]}"
    publisher = KafkaTransport(bootstrap, topic, partitions=3)
    start = time.perf_counter()
    published = sum(publisher.publish(iter_items(path)) for path in files)
    print(f"published {published:,} items in {time.perf_counter() - start:.1f} s")
    publisher.close()

    bare, ours = [], []
    for _ in range(args.rounds):
        bare.append(bare_poll(bootstrap, topic, published, settings.batch_size))
        ours.append(ours_consume(bootstrap, topic, published, settings.batch_size, settings.commit_items))
    b, o = min(bare), min(ours)
    print(f"bare poll loop: {published / b:,.0f} msg/s; caselink consume path: {published / o:,.0f} msg/s; "
          f"ratio {b / o:.2f} (goal >= 0.95), best of {args.rounds}")

    if args.no_e2e:
        return
    world = args.dir / f"world-{args.persons}"
    if not (world / "truth.json").exists():
        generate_world(world, seed=3, n_persons=args.persons)
    prefix = f"bench-e2e-{uuid.uuid4().hex[:8]}"
    store = args.dir / f"store-{prefix}"
    e2e = settings.model_copy(update={"store": store, "transport": args.kafka, "kafka_topic_prefix": prefix, "graph": args.neo4j,
                                      "neo4j_password": SecretStr(args.password)})
    from graph.store.neo4j import Neo4jGraphStore

    neo = Neo4jGraphStore(args.neo4j, auth=("neo4j", args.password))
    neo.clear()
    neo.close()
    publish_paths(e2e, [world])
    records = [r for path in sorted(world.glob("*_*.*")) for r in iter_records(path)]
    texts = [r.narrative for r in records if r.narrative]
    t_bare = bare_ner(texts)
    start = time.perf_counter()
    report = consume_and_link(e2e)
    t_ours = time.perf_counter() - start
    items = sum(report.summary.counts.values())
    print(f"bare NER: {len(texts) / t_bare:,.0f} narratives/s; Kafka -> ledger -> extraction -> resolution -> Neo4j: "
          f"{items / t_ours:,.0f} items/s ({items:,} items, {t_ours:.1f} s); ratio {(items / t_ours) / (len(texts) / t_bare):.2f}")


if __name__ == "__main__":
    main()

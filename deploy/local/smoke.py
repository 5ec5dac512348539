"""Smoke check of the local services started by deploy/local/services.sh.

Run it with the project's venv (it needs kafka-python and the neo4j driver):

    .venv/bin/python deploy/local/smoke.py                 # kafka and neo4j
    .venv/bin/python deploy/local/smoke.py --only kafka
    .venv/bin/python deploy/local/smoke.py --expect-token T  # also: node T survived

Kafka: creates a fresh topic, produces one message, consumes it back, deletes the topic.
Neo4j: runs `CREATE (n:CaselinkSmoke {x: $x}) RETURN n.x` over Bolt and prints the token
x it stored (the node is kept, so that a later run with --expect-token can prove that
the data survived a restart).

Ports and credentials come from the same env vars as services.sh: CASELINK_KAFKA_PORT,
CASELINK_NEO4J_PORT, CASELINK_NEO4J_AUTH, CASELINK_NEO4J_PASSWORD.
Exits 0 when every check passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid


def check_kafka(bootstrap: str) -> None:
    from kafka import KafkaConsumer, KafkaProducer
    from kafka.admin import KafkaAdminClient, NewTopic

    topic = f"caselink-smoke-{uuid.uuid4().hex[:12]}"
    payload = f"hello from smoke.py at {time.time():.3f}".encode()

    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    try:
        admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
        assert topic in admin.list_topics(), f"topic {topic} not listed after creation"

        producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
        try:
            metadata = producer.send(topic, key=b"smoke", value=payload).get(timeout=30)
        finally:
            producer.close()

        consumer = KafkaConsumer(
            topic,
            bootstrap_servers=bootstrap,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
            group_id=None,
            consumer_timeout_ms=30_000,
        )
        try:
            seen = []
            for message in consumer:  # ends after consumer_timeout_ms without a message
                seen.append(message.value)
                if message.value == payload:
                    break
            else:
                raise AssertionError(f"consumed {seen!r}, expected {payload!r}")
        finally:
            consumer.close()
        admin.delete_topics([topic])
    finally:
        admin.close()
    print(f"smoke: kafka ok ({bootstrap}, topic {topic}, offset {metadata.offset})")


def check_neo4j(uri: str, auth: tuple[str, str] | None, expect_token: str | None) -> str:
    from neo4j import GraphDatabase

    token = uuid.uuid4().hex
    with GraphDatabase.driver(uri, auth=auth) as driver:
        driver.verify_connectivity()
        if expect_token is not None:
            records, _, _ = driver.execute_query("MATCH (n:CaselinkSmoke {x: $x}) RETURN count(n) AS c", x=expect_token)
            if records[0]["c"] != 1:
                raise AssertionError(f"node CaselinkSmoke {{x: {expect_token!r}}} not found")
            print(f"smoke: neo4j kept token {expect_token} across the restart")
        records, _, _ = driver.execute_query("CREATE (n:CaselinkSmoke {x: $x}) RETURN n.x AS x", x=token)
        if records[0]["x"] != token:
            raise AssertionError(f"CREATE returned {records[0]['x']!r}, expected {token!r}")
    print(f"smoke: neo4j ok ({uri}, auth {'on' if auth else 'off'}) token={token}")
    return token


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["kafka", "neo4j"], help="check one service only")
    parser.add_argument("--expect-token", help="also check that a node stored by an earlier run is still there")
    args = parser.parse_args()

    kafka_port = os.environ.get("CASELINK_KAFKA_PORT", "9092")
    neo4j_port = os.environ.get("CASELINK_NEO4J_PORT", "7687")
    auth_on = os.environ.get("CASELINK_NEO4J_AUTH", "true").lower() == "true"
    password = os.environ.get("CASELINK_NEO4J_PASSWORD", "caselink-dev")

    failed = 0
    if args.only in (None, "kafka"):
        try:
            check_kafka(f"127.0.0.1:{kafka_port}")
        except Exception as exc:  # report every failure, then exit non-zero
            print(f"smoke: kafka FAILED: {exc!r}", file=sys.stderr)
            failed += 1
    if args.only in (None, "neo4j"):
        try:
            check_neo4j(
                f"bolt://127.0.0.1:{neo4j_port}",
                ("neo4j", password) if auth_on else None,
                args.expect_token,
            )
        except Exception as exc:
            print(f"smoke: neo4j FAILED: {exc!r}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

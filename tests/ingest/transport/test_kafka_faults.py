"""Fault tests of ``caselink consume`` on a real Kafka broker (and a real Neo4j), through the CLI.

The dev world is published once (with a message that is not a source item slipped in between
two exports), then consumed by separate consumer groups into separate stores:
- ``reference``: one uninterrupted run;
- ``killed``: SIGKILLed several times mid-batch and restarted each time;
- ``outage`` (Neo4j): the graph server is stopped mid-ingest and started again.
Each must end with the same ledger and the same graph (entities, links, provenance, record
views, all digests) as the reference, with every malformed item on the dead-letter topic.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from graph.store.embedded import EmbeddedGraphStore
from ingest.ledger import Ledger
from tests.conftest import REPO
from tests.ingest.transport.conftest import KAFKA_SKIP, kafka_uri, read_kafka_dead_letters

SERVICES = REPO / "deploy" / "local" / "services.sh"


@dataclass
class World:
    prefix: str
    env: dict[str, str]
    reference: Path
    ledger_fingerprint: str
    graph_fingerprint: dict[str, object]
    counts: dict[str, int]


def _env(prefix: str, store: Path, **extra: str) -> dict[str, str]:
    uri = kafka_uri()
    assert uri is not None
    return {**os.environ, "CASELINK_ENV": "test", "CASELINK_TRANSPORT": uri, "CASELINK_KAFKA_TOPIC_PREFIX": prefix,
            "CASELINK_STORE": str(store), "CASELINK_BATCH_SIZE": "20", "CASELINK_COMMIT_ITEMS": "60", "CASELINK_GRAPH": "embedded",
            **extra}


def _caselink(env: dict[str, str], *args: str, stderr: Any = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "api.cli", *args], env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=stderr)


def _run(env: dict[str, str], *args: str, timeout: float = 600) -> bytes:
    proc = _caselink(env, *args, stderr=subprocess.PIPE)
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err.decode(errors="replace")[-3000:]
    return out


def _ledger_state(store: Path) -> tuple[str, dict[str, int]]:
    ledger = Ledger(store / "caselink.db")
    try:
        return ledger.fingerprint(), ledger.counts()
    finally:
        ledger.close()


def _versions_applied(store: Path) -> int:
    path = store / "caselink.db"
    if not path.exists():
        return 0
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        return int(conn.execute("SELECT (SELECT COUNT(*) FROM record_versions) + (SELECT COUNT(*) FROM dead_letters)").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # schema not there yet
    finally:
        conn.close()


def _embedded_fingerprint(store: Path) -> dict[str, object]:
    graph = EmbeddedGraphStore(store / "graph.db")
    try:
        return graph.fingerprint()
    finally:
        graph.close()


@pytest.fixture(scope="module")
def world(dev_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    if not kafka_uri():
        pytest.skip(KAFKA_SKIP)
    from kafka import KafkaProducer

    from ingest.transport.kafka import bootstrap_of

    prefix = f"caselink-faults-{uuid.uuid4().hex[:10]}"
    root = tmp_path_factory.mktemp("faults")
    env = _env(prefix, root / "publisher")
    exports = sorted(p for p in dev_dir.iterdir() if p.name.split("_", 1)[0] in {"mcm", "mpr", "sfx"})
    _run(env, "publish", *map(str, exports[:3]))
    producer = KafkaProducer(bootstrap_servers=bootstrap_of(kafka_uri() or ""))
    producer.send(f"{prefix}.raw", key=b"garbage", value=b"\x00\xffthis is not a source item {")
    producer.flush()
    producer.close()
    _run(env, "publish", *map(str, exports[3:]))

    reference = root / "reference"
    _run(_env(prefix, reference, CASELINK_CONSUMER_GROUP="reference"), "consume", "--json")
    fingerprint, counts = _ledger_state(reference)
    yield World(prefix, env, reference, fingerprint, _embedded_fingerprint(reference), counts)


def test_the_reference_run_applied_the_whole_world_and_dead_lettered_the_malformed(world: World, truth: dict[str, Any]) -> None:
    assert world.counts["dead_letters"] == len(truth["malformed"]) + 1  # and the message that was not a source item
    assert world.counts["records"] > 0
    assert world.graph_fingerprint["entities"] > 0  # type: ignore[operator]
    letters = read_kafka_dead_letters(f"{world.prefix}.raw.dlq")
    reasons = {(item.source, item.position): reason for reason, item, _ in letters}
    assert len(reasons) == len(truth["malformed"]) + 1
    assert all(reasons.values())
    garbage = [reason for (source, _), reason in reasons.items() if source.startswith("kafka:")]
    assert len(garbage) == 1 and garbage[0].startswith("not a caselink source item")


@pytest.mark.slow
def test_a_consumer_killed_mid_batch_and_restarted_ends_identical(world: World, tmp_path: Path) -> None:
    store = tmp_path / "killed"
    env = _env(world.prefix, store, CASELINK_CONSUMER_GROUP="killed")
    kills = 0
    for extra_delay in (0.0, 0.7, 1.5, 0.2):
        before = _versions_applied(store)
        proc = _caselink(env, "consume")
        deadline = time.monotonic() + 120
        while proc.poll() is None and _versions_applied(store) <= before and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(extra_delay)
        if proc.poll() is None:
            proc.kill()  # SIGKILL: no cleanup, no leaving the group, no commit
            kills += 1
        proc.wait(timeout=60)
    assert kills >= 3, "the consumer finished before it could be killed three times"
    _run(env, "consume", "--json")
    fingerprint, counts = _ledger_state(store)
    assert counts == world.counts
    assert fingerprint == world.ledger_fingerprint
    assert _embedded_fingerprint(store) == world.graph_fingerprint


def _neo4j_env(world: World, store: Path) -> dict[str, str]:
    uri = os.environ.get("CASELINK_TEST_NEO4J")
    if not uri:
        pytest.skip("CASELINK_TEST_NEO4J is not set: no Neo4j server started for this run")
    if subprocess.run([str(SERVICES), "status", "neo4j"], capture_output=True).returncode != 0:
        pytest.skip("Neo4j was not started by deploy/local/services.sh, so this test cannot stop and start it")
    return _env(world.prefix, store, CASELINK_CONSUMER_GROUP=f"outage-{uuid.uuid4().hex[:6]}", CASELINK_GRAPH=uri,
                CASELINK_BATCH_SIZE="10", CASELINK_COMMIT_ITEMS="30")


def _neo4j_fingerprint(env: dict[str, str]) -> dict[str, object]:
    from graph.store.neo4j import Neo4jGraphStore

    password = env.get("CASELINK_NEO4J_PASSWORD")
    store = Neo4jGraphStore(env["CASELINK_GRAPH"], auth=("neo4j", password) if password else None)
    try:
        return store.fingerprint()
    finally:
        store.close()


@pytest.mark.slow
def test_neo4j_stopped_mid_ingest_the_consumer_waits_resumes_and_ends_identical(world: World, tmp_path: Path) -> None:
    store = tmp_path / "outage"
    env = _neo4j_env(world, store)
    from graph.store.neo4j import Neo4jGraphStore

    password = env.get("CASELINK_NEO4J_PASSWORD")
    neo = Neo4jGraphStore(env["CASELINK_GRAPH"], auth=("neo4j", password) if password else None)
    neo.clear()
    neo.close()
    log_path = tmp_path / "consume.log"
    with log_path.open("wb") as log:
        proc = _caselink(env, "--verbose", "consume", stderr=log)  # log lines to stderr (by default they go to a file)
        try:
            deadline = time.monotonic() + 180
            while b"checkpoint:" not in log_path.read_bytes() and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
            assert proc.poll() is None, "the consumer finished before Neo4j could be stopped"
            stopped = subprocess.run([str(SERVICES), "stop", "neo4j"], capture_output=True, text=True)
            assert stopped.returncode == 0, (stopped.returncode, stopped.stdout[-3000:], stopped.stderr[-3000:])
            deadline = time.monotonic() + 240
            while b"sink unavailable; waiting" not in log_path.read_bytes() and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.2)
            assert b"sink unavailable; waiting" in log_path.read_bytes(), log_path.read_text(errors="replace")[-3000:]
            assert proc.poll() is None, "the consumer gave up instead of waiting"
        finally:
            started = subprocess.run([str(SERVICES), "start", "neo4j"], capture_output=True, text=True)
            assert started.returncode == 0, (started.returncode, started.stdout[-3000:], started.stderr[-3000:])
        assert proc.wait(timeout=600) == 0, log_path.read_text(errors="replace")[-3000:]
    fingerprint, counts = _ledger_state(store)
    assert counts == world.counts
    assert fingerprint == world.ledger_fingerprint
    assert _neo4j_fingerprint(env) == world.graph_fingerprint


@pytest.mark.slow
def test_consumers_joining_and_leaving_the_group_mid_ingest_end_identical(world: World, tmp_path: Path) -> None:
    """Two consumers of one group share the work (a rebalance as the second joins), the first
    stops mid-ingest (another rebalance): the store ends as the uninterrupted run's."""
    store = tmp_path / "rebalanced"
    env = _env(world.prefix, store, CASELINK_CONSUMER_GROUP="rebalanced", CASELINK_BATCH_SIZE="10", CASELINK_COMMIT_ITEMS="30")
    first_log = (tmp_path / "first.log").open("wb")
    first = _caselink(env, "consume", "--follow", stderr=first_log)
    second: subprocess.Popen[bytes] | None = None
    try:
        deadline = time.monotonic() + 120
        while _versions_applied(store) == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        second = _caselink(env, "consume", "--follow")
        progress = _versions_applied(store)
        while _versions_applied(store) <= progress + 40 and time.monotonic() < deadline + 120:
            time.sleep(0.05)
        first.terminate()  # leaves the group: its partitions move to the second consumer
        assert first.wait(timeout=60) in (0, 130), (tmp_path / "first.log").read_text(errors="replace")[-3000:]
        deadline = time.monotonic() + 300
        while _ledger_state(store)[0] != world.ledger_fingerprint and time.monotonic() < deadline:
            time.sleep(0.5)
        while _embedded_fingerprint(store) != world.graph_fingerprint and time.monotonic() < deadline:
            time.sleep(0.5)  # the second consumer's checkpoint once the topic runs dry
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=60)
        first_log.close()
    fingerprint, counts = _ledger_state(store)
    assert counts == world.counts
    assert fingerprint == world.ledger_fingerprint
    assert _embedded_fingerprint(store) == world.graph_fingerprint

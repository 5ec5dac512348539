"""Ingest-to-alert latency: from publishing a record to its alert being raised, on the local
transport and on Kafka.

A generated world is ingested and linked; a watch is put on one of its ring phones; a
consumer (``caselink consume --follow``, the real command) runs in the background. Then,
``--records`` times, one new missing-person record naming that phone is published and the
time until its alert is stored is measured. Baseline, in the same run: the bare transport
round trip (publish, then the same item consumed by a bare group), so the ratio shows how much
of the latency is caselink's own work (ledger, extraction, graph rebuild, alert evaluation).

    python -m bench.alerts [--records 20] [--persons 700] [--kafka kafka://127.0.0.1:9092 | --no-kafka]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from api.runtime import ingest_and_link
from graph.alerts import AlertStore
from ingest.service import publish_paths
from ingest.transport.factory import create_transport
from models.settings import Settings
from tools.synthetic import generate_world

REPO = Path(__file__).resolve().parents[1]


def record_line(case_no: str, phone: str) -> str:
    return json.dumps({
        "export_version": "2.3", "agency": "OPP", "case_no": case_no, "revision": 1, "case_type": "MISSING_PERSON", "status": "OPEN",
        "opened": "2026-11-21T08:00:00-05:00", "caveats": [],
        "subjects": [{"subject_id": "S1", "role": "MISSING", "surname": "Benchmark", "given": "Ada", "dob": "2009-01-05", "sex": "F",
                      "phones": [], "addresses": []}],
        "vehicles": [], "locations": [], "narrative": f"She was last seen calling {phone} from the bus terminal."}) + "\n"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def transport_round_trip(settings: Settings, path: Path) -> float:
    """Publish one item and consume it with a bare group: the transport's share of the latency."""
    transport = create_transport(settings)
    group = f"bare-{uuid.uuid4().hex[:8]}"
    try:
        for _ in transport.consume(group, 1000):  # position the group at the end first
            pass
        start = time.perf_counter()
        publish_paths(settings, [path], transport=transport)
        for batch in transport.consume(group, 1000, follow=True):
            if batch.items:
                return time.perf_counter() - start
        raise RuntimeError("nothing consumed")
    finally:
        transport.close()


def run(label: str, settings: Settings, phone: str, records: int, workdir: Path) -> None:
    env = {**os.environ, "CASELINK_ENV": "test", "CASELINK_STORE": str(settings.store), "CASELINK_TRANSPORT": settings.transport,
           "CASELINK_KAFKA_TOPIC_PREFIX": settings.kafka_topic_prefix, "CASELINK_COMMIT_SECONDS": "1"}
    consumer = subprocess.Popen([sys.executable, "-m", "api.cli", "consume", "--follow"], env=env, cwd=REPO,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    alerts = AlertStore(settings.store / "alerts.db")
    latencies, bare = [], []
    try:
        time.sleep(8)  # the consumer loads its models and joins its group
        for i in range(records):
            case_no = f"OPP-26-{label[:1].upper()}{uuid.uuid4().int % 10**5:05d}"
            path = workdir / f"mcm_OPP_{label}_{i}.jsonl"
            path.write_text(record_line(case_no, phone), encoding="utf-8")
            start = time.perf_counter()
            publish_paths(settings, [path])
            key = f"OPP:{case_no}"
            while not any(a.record_key == key for a in alerts.alerts("bench", limit=100_000)):
                if time.perf_counter() - start > 120:
                    raise RuntimeError(f"no alert for {key} after 120 s")
                time.sleep(0.02)
            latencies.append(time.perf_counter() - start)
            bare_path = workdir / f"mcm_OPP_{label}_bare_{i}.jsonl"
            bare_path.write_text(record_line(case_no.replace("OPP-26-", "OPP-27-"), "+10000000000"), encoding="utf-8")
            bare.append(transport_round_trip(settings.model_copy(update={"kafka_topic_prefix": settings.kafka_topic_prefix + "-bare",
                                                                         "store": settings.store / "bare"}), bare_path))
    finally:
        consumer.terminate()
        consumer.wait(timeout=60)
        alerts.close()
    med, p95, bmed = statistics.median(latencies), percentile(latencies, 0.95), statistics.median(bare)
    print(f"{label}: ingest-to-alert median {med * 1000:,.0f} ms, p95 {p95 * 1000:,.0f} ms over {len(latencies)} records; "
          f"bare transport round trip median {bmed * 1000:,.0f} ms; ratio (bare / ours) {bmed / med:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20)
    parser.add_argument("--persons", type=int, default=700)
    parser.add_argument("--dir", type=Path, default=Path("var/bench-alerts"))
    parser.add_argument("--kafka", default=os.environ.get("CASELINK_TEST_KAFKA", "kafka://127.0.0.1:9092"))
    parser.add_argument("--no-kafka", action="store_true")
    args = parser.parse_args()
    world = args.dir / f"world-{args.persons}"
    if not (world / "truth.json").exists():
        generate_world(world, seed=21, n_persons=args.persons)
    truth = json.loads((world / "truth.json").read_text(encoding="utf-8"))
    phone = truth["rings"][0]["phones"][0]
    transports = [("local", "local")] + ([] if args.no_kafka else [("kafka", args.kafka)])
    for label, transport in transports:
        store = args.dir / f"store-{label}-{uuid.uuid4().hex[:6]}"
        settings = Settings(store=store, env="test", transport=transport, kafka_topic_prefix=f"bench-alerts-{uuid.uuid4().hex[:6]}")
        ingest_and_link(settings, [world])
        alerts = AlertStore(store / "alerts.db")
        alerts.add_watch("bench", [f"phone:{phone}"], hops=1, reason="bench")
        alerts.close()
        run(label, settings, phone, args.records, store)


if __name__ == "__main__":
    main()

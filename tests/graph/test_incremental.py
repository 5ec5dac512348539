"""Records arriving on a running consumer are resolved against the persons already known: the
consumer's resolver keeps every pair it compared, so a batch compares only the pairs its records
bring, and the graph ends exactly as a build from scratch over the same records."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest

from api.runtime import ingest_and_link, open_runtime
from ingest.service import ingest_paths
from models.settings import Settings
from tests.conftest import graph_fingerprint
from tests.ingest.transport.conftest import KAFKA_SKIP, kafka_uri

LATE = 8


@pytest.fixture(params=["local", "kafka"])
def transport(request: pytest.FixtureRequest) -> dict[str, str]:
    """Settings of the transport records arrive on: the local spool, or a real Kafka broker (own topics)."""
    if request.param == "local":
        return {}
    uri = kafka_uri()
    if uri is None:
        pytest.skip(KAFKA_SKIP)
    return {"transport": uri, "kafka_topic_prefix": f"incremental-{uuid.uuid4().hex[:10]}"}


def test_an_arriving_export_is_resolved_against_existing_persons_comparing_only_its_pairs(
        dev_dir: Path, tmp_path: Path, transport: dict[str, str]) -> None:
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    for p in dev_dir.iterdir():
        if p.suffix in (".jsonl", ".csv", ".xml") and p.name != "mcm_TBPS.jsonl":
            shutil.copy(p, earlier / p.name)
    lines = (dev_dir / "mcm_TBPS.jsonl").read_bytes().splitlines(keepends=True)
    (earlier / "mcm_TBPS.jsonl").write_bytes(b"".join(lines[:-LATE]))
    arriving = tmp_path / "mcm_TBPS_late.jsonl"  # the last items of one service's export come later
    arriving.write_bytes(b"".join(lines[-LATE:]))

    running = Settings(store=tmp_path / "running", env="test", **transport)  # type: ignore[arg-type]
    with open_runtime(running) as rt:  # one consumer, as `caselink consume --follow` runs it
        ingest_paths(running, [earlier], sinks=rt.sinks, ledger=rt.ledger)
        first = rt.sync.builder.last_clustering
        ingest_paths(running, [arriving], sinks=rt.sinks, ledger=rt.ledger)
        second = rt.sync.builder.last_clustering
    assert first is not None and second is not None and second is not first

    fresh = Settings(store=tmp_path / "fresh", env="test")
    ingest_and_link(fresh, [earlier, arriving])  # the same exports, in one run
    assert graph_fingerprint(running) == graph_fingerprint(fresh)

    assert first.pairs_compared == first.pairs_scored > 0
    new_pairs = second.pairs_scored - first.pairs_scored
    # Pairs of the arriving records (and of any record their revisions changed): never the whole world again.
    assert 0 < new_pairs <= second.pairs_compared < second.pairs_scored / 5, (new_pairs, second.pairs_compared, second.pairs_scored)

"""The raw topic's contract with a producer that is not caselink's: Kafka's own console producer.

A police service's feed is imitated from the dev world: every export item becomes one message
holding the item exactly as the export holds it, with the contract's headers, written by
``kafka-console-producer`` (``deploy/local/kafka-console-producer.sh``, Kafka's
``org.apache.kafka.tools.ConsoleProducer``). ``caselink consume`` reads the topic; the ledger and
the graph must end as when the same items are ingested from files with ``caselink ingest``,
and every message that breaks the contract must be dead-lettered with its reason.

The console producer sends one line per message, so the feed holds the items that fit on one
line: every ``mcm`` line, the ``mpr`` rows without a quoted line break, and the ``sfx``
``<dossier>`` elements with the indentation between their tags removed. The reference files are
written from the same items, so both paths read the same bytes.

Each feed uses the contract differently: ``mcm_OPP`` sends ``source``, ``position`` and
``agency``; ``mcm_TBPS`` sends ``format`` alone; ``mpr_NAPS`` has its columns in another order,
named in a ``columns`` header (and so in its reference file's header row); the other ``mpr``
feeds rely on the canonical header of version 1; ``sfx`` names its agency in a header.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import yaml

from graph.store.embedded import EmbeddedGraphStore
from ingest.adapters import iter_items
from ingest.keys import item_key
from ingest.transport.contract import MPR_HEADER_ROWS, NOT_AN_ITEM
from models.vocabulary import SourceFormat
from tests.conftest import REPO
from tests.ingest.transport.conftest import KAFKA_SKIP, kafka_uri, read_kafka_dead_letters

PRODUCER = REPO / "deploy" / "local" / "kafka-console-producer.sh"
SEPARATOR = ";"  # between headers on a console-producer line (the default "," is in the columns header)
_BETWEEN_TAGS = re.compile(r">\s*\n\s*<")


@dataclass
class Feed:
    """One export as files and as console-producer lines."""

    name: str
    fmt: SourceFormat
    file_text: str = ""
    lines: list[str] = field(default_factory=list)
    #: file position of each item, in order (for the records' source references)
    positions: list[int] = field(default_factory=list)


@dataclass
class Runs:
    prefix: str
    reference: Path
    native: Path
    feeds: dict[str, Feed]
    #: the start of the reason each contract-breaking message slipped in must be dead-lettered with
    broken: list[str]


def _line(headers: dict[str, str], key: str, value: str) -> str:
    assert "\n" not in value and "\r" not in value and "\t" not in key
    assert all(SEPARATOR not in v and ":" not in k for k, v in headers.items())
    return SEPARATOR.join(f"{k}:{v}" for k, v in headers.items()) + "\t" + key + "\t" + value


def _csv(fields: list[str]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="").writerow(fields)
    return out.getvalue()


def _feeds(dev_dir: Path) -> dict[str, Feed]:
    """The dev world's items that fit on a line, as reference files and as producer lines."""
    feeds: dict[str, Feed] = {}
    for path in sorted(dev_dir.iterdir()):
        fmt_name = path.name.split("_", 1)[0]
        if fmt_name not in {f.value for f in SourceFormat}:
            continue
        feed = Feed(path.name, SourceFormat(fmt_name))
        rows: list[tuple[str, str, str | None]] = []  # (payload, key, context)
        for item in iter_items(path):
            if item.framing_error or item.undecodable_b64:
                continue  # a broken framing reads differently once cut out: not this test's subject
            payload = _BETWEEN_TAGS.sub("><", item.payload) if feed.fmt is SourceFormat.SFX else item.payload
            if "\n" in payload or "\r" in payload or (feed.fmt is SourceFormat.MPR and payload.count('"') % 2):
                continue
            rows.append((payload, item_key(item), item.context))
        header = rows[0][2] if rows and feed.fmt is SourceFormat.MPR else None
        if feed.fmt is SourceFormat.MPR and path.name == "mpr_NAPS.csv":
            header = _csv(list(reversed(next(csv.reader([header or ""])))))
            rows = [(_csv(list(reversed(next(csv.reader([p]))))), k, c) for p, k, c in rows]
        for n, (payload, key, context) in enumerate(rows):
            headers = {"format": feed.fmt.value}
            if path.name == "mcm_OPP.jsonl":
                headers |= {"source": path.name, "position": str(n + 1), "agency": "OPP"}
            elif feed.fmt is SourceFormat.MPR:
                headers |= {"source": path.name, "position": str(n + 2)}
                if path.name == "mpr_NAPS.csv":
                    headers["columns"] = header or ""
            elif feed.fmt is SourceFormat.SFX:
                headers |= {"source": path.name, "position": str(n + 1), "agency": context or ""}
            feed.lines.append(_line(headers, key, payload))
            feed.positions.append(n + (2 if feed.fmt is SourceFormat.MPR else 1))
        if feed.fmt is SourceFormat.MCM:
            feed.file_text = "".join(p + "\n" for p, _, _ in rows)
        elif feed.fmt is SourceFormat.MPR:
            assert header is not None and (path.name == "mpr_NAPS.csv" or header == MPR_HEADER_ROWS["1"])
            feed.file_text = "\ufeff" + "".join(line + "\r\n" for line in [header, *(p for p, _, _ in rows)])
        else:
            service = rows[0][2]
            feed.file_text = (f'<?xml version="1.0" encoding="UTF-8"?>\n<exportation service="{service}" version="1.2">\n'
                              + "".join(f"  {p}\n" for p, _, _ in rows) + "</exportation>\n")
        feeds[path.name] = feed
    return feeds


def _broken_lines(feeds: dict[str, Feed]) -> dict[str, str]:
    """Messages that break the contract, each with the start of the reason it must be dead-lettered with."""
    opp = feeds["mcm_OPP.jsonl"].lines[0].split("\t", 2)[2]
    return {
        _line({"source": "operator-typo"}, "x", "REPORT_NO,AGENCY this is no export item"):
            f"{NOT_AN_ITEM} (no `format` header",
        _line({"format": "xlsx", "source": "wrong-tool"}, "x", "A1,B1"): "unknown `format` header 'xlsx'",
        _line({"format": "mpr", "source": "mpr_TPS.csv", "position": "1"}, "x", MPR_HEADER_ROWS["1"]):
            "an mpr header row, not a report",
        _line({"format": "mcm", "agency": "TBPS", "source": "mislabelled"}, "x", opp):
            "`agency` header 'TBPS' disagrees with the record's agency 'OPP'",
    }


def _caselink(env: dict[str, str], *args: str) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-m", "api.cli", *args, "--json"], env=env, cwd=REPO, capture_output=True, timeout=900)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-3000:]
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def _env(store: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "CASELINK_ENV": "test", "CASELINK_STORE": str(store), "CASELINK_GRAPH": "embedded",
            "CASELINK_TRANSPORT": "local", **extra}


@pytest.fixture(scope="module")
def runs(dev_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    uri = kafka_uri()
    if not uri:
        pytest.skip(KAFKA_SKIP)
    cache = Path(os.environ.get("CASELINK_CACHE_DIR") or Path(os.environ.get("CASELINK_VAR_DIR") or REPO / "var") / "cache")
    if not any((cache / "kafka-tools").glob("kafka-tools-*.jar")):  # where kafka-console-producer.sh looks
        pytest.fail(f"Kafka's console producer is not in {cache / 'kafka-tools'}: run deploy/local/services.sh provision kafka")
    from kafka.admin import KafkaAdminClient, NewTopic

    from ingest.transport.kafka import bootstrap_of

    root = tmp_path_factory.mktemp("native")
    feeds = _feeds(dev_dir)
    files = root / "files"
    files.mkdir()
    for feed in feeds.values():
        (files / feed.name).write_bytes(feed.file_text.encode("utf-8", "surrogatepass"))
    reference = root / "reference"
    _caselink(_env(reference), "ingest", *(str(files / name) for name in sorted(feeds)))

    prefix = f"caselink-native-{uuid.uuid4().hex[:10]}"
    admin = KafkaAdminClient(bootstrap_servers=bootstrap_of(uri))
    try:  # as a service's topic would be: several partitions, so the record key matters
        admin.create_topics([NewTopic(f"{prefix}.raw", num_partitions=3, replication_factor=1)])
    finally:
        admin.close()
    broken = _broken_lines(feeds)
    lines = [line for name in sorted(feeds) for line in feeds[name].lines]
    lines[len(lines) // 2:len(lines) // 2] = list(broken)  # among the others, not after them
    sent = root / "producer-input.txt"
    sent.write_bytes("".join(line + "\n" for line in lines).encode("utf-8", "surrogatepass"))
    with sent.open("rb") as stdin:
        produced = subprocess.run(
            [str(PRODUCER), "--bootstrap-server", bootstrap_of(uri), "--topic", f"{prefix}.raw",
             "--reader-property", "parse.headers=true", "--reader-property", f"headers.separator={SEPARATOR}",
             "--reader-property", "parse.key=true", "--producer-property", "acks=all"],
            stdin=stdin, capture_output=True, timeout=300)
    assert produced.returncode == 0, produced.stderr.decode(errors="replace")[-3000:]

    native = root / "native"
    _caselink(_env(native, CASELINK_TRANSPORT=uri, CASELINK_KAFKA_TOPIC_PREFIX=prefix, CASELINK_CONSUMER_GROUP="native",
                   CASELINK_BATCH_SIZE="50"), "consume")
    yield Runs(prefix, reference, native, feeds, list(broken.values()))
    admin = KafkaAdminClient(bootstrap_servers=bootstrap_of(uri))
    try:
        admin.delete_topics([t for t in admin.list_topics() if t.startswith(f"{prefix}.")])
    finally:
        admin.close()


def _rows(store: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(f"file:{store / 'caselink.db'}?mode=ro", uri=True)
    try:
        return [tuple(r) for r in conn.execute(sql)]
    finally:
        conn.close()


LEDGER = {
    "records": "SELECT key, version, status, purged, sha256 FROM records ORDER BY key",
    "versions": "SELECT key, version, state, sha256 FROM record_versions ORDER BY key, version",
    "variants": "SELECT key, version, sha256 FROM record_variants ORDER BY key, version, sha256",
    "purges": "SELECT key, purge_version, versions_removed FROM purges ORDER BY key, purge_version",
}


@pytest.mark.parametrize("table", sorted(LEDGER))
def test_the_ledger_holds_what_the_files_gave(runs: Runs, table: str) -> None:
    """What each record says (digests exclude where it was read), version by version."""
    want = _rows(runs.reference, LEDGER[table])
    assert _rows(runs.native, LEDGER[table]) == want
    if table in {"records", "versions"}:
        assert len(want) > 500


def test_every_reject_is_the_files_reject_plus_the_contract_breakers(runs: Runs) -> None:
    sql = "SELECT key, reason, sha256 FROM dead_letters"
    reference = Counter(_rows(runs.reference, sql))
    native = Counter(_rows(runs.native, sql))
    assert reference and native - reference != native  # the world's malformed records are among them
    extra = native - reference
    assert not reference - native
    reasons = sorted(reason for _, reason, _ in extra.elements())
    assert len(reasons) == len(runs.broken)
    for start in runs.broken:
        assert sum(r.startswith(start) for r in reasons) == 1, (start, reasons)


def test_the_dead_letter_topic_holds_every_reject_with_its_reason_and_content(runs: Runs) -> None:
    letters = read_kafka_dead_letters(f"{runs.prefix}.raw.dlq")
    in_ledger = _rows(runs.native, "SELECT reason, payload FROM dead_letters")
    assert sorted((reason, item.payload) for reason, item, _ in letters) == sorted(in_ledger)
    document = yaml.safe_load((REPO / "deploy" / "contracts" / "raw-topic.asyncapi.yaml").read_text(encoding="utf-8"))
    published = jsonschema_rs.validator_for({**document, "$ref": "#/components/schemas/DeadLetterHeaders"})
    envelope = jsonschema_rs.validator_for({**document, "$ref": "#/components/schemas/Envelope"})
    assert len(letters) > len(runs.broken)
    for _, item, headers in letters:
        assert published.is_valid({k: v.decode() for k, v in headers.items()}), headers
        assert envelope.is_valid(json.loads(item.to_json()))
    typo = [item for reason, item, _ in letters if reason.startswith(f"{NOT_AN_ITEM} (no `format` header")]
    assert len(typo) == 1 and typo[0].payload == "REPORT_NO,AGENCY this is no export item" and typo[0].source == "operator-typo"


def _graph(store: Path) -> tuple[dict[str, object], dict[str, Any]]:
    graph = EmbeddedGraphStore(store / "graph.db")
    try:
        fingerprint = graph.fingerprint()
    finally:
        graph.close()
    conn = sqlite3.connect(f"file:{store / 'graph.db'}?mode=ro", uri=True)
    try:
        payloads = {key: json.loads(payload) for key, payload in conn.execute("SELECT key, payload FROM records")}
    finally:
        conn.close()
    return fingerprint, payloads


def test_the_graph_is_the_one_the_files_gave(runs: Runs) -> None:
    """Entities, links and their provenance identical; each record view the same but for where it was read."""
    (want, want_records), (got, got_records) = _graph(runs.reference), _graph(runs.native)
    assert {k: v for k, v in got.items() if k != "records_digest"} == {k: v for k, v in want.items() if k != "records_digest"}
    assert int(want["entities"]) > 100  # type: ignore[call-overload]
    sources = {key: payload.pop("source") for key, payload in got_records.items()}
    for payload in want_records.values():
        payload.pop("source")
    assert got_records == want_records
    # Where each record was read: the producer's headers when it sent them, else its place in Kafka.
    by_feed = Counter(s["source"] if not s["source"].startswith("kafka:") else "kafka" for s in sources.values())
    assert by_feed["mcm_OPP.jsonl"] > 50 and by_feed["kafka"] > 30 and by_feed["sfx_SPGS.xml"] > 10
    assert "mcm_TBPS.jsonl" not in by_feed  # TBPS sent its items with a `format` header alone
    opp = runs.feeds["mcm_OPP.jsonl"]
    assert all(s["position"] in opp.positions for s in sources.values() if s["source"] == opp.name)

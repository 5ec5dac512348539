"""The dev world, ingested through the real pipeline, against its ground truth."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from ingest.adapters import iter_items
from ingest.ledger import Ledger
from ingest.outcomes import Summary
from ingest.service import ledger_path
from models.settings import Settings


@pytest.fixture(scope="module")
def ledger(dev_ingest: tuple[Settings, Summary]) -> Ledger:
    return Ledger(ledger_path(dev_ingest[0]))


def test_every_truth_record_version_is_held_with_its_facts(ledger: Ledger, truth: dict[str, Any]) -> None:
    purged = set(truth["purged"])
    held = defaultdict(list)
    for version in ledger.versions():
        held[version.key].append(version)
    checked = 0
    for expected in truth["records"]:
        key = expected["key"]
        if key in purged:
            continue
        candidates = held[key]
        assert candidates, f"{key} not held"
        dated = key.split(":")[0] in {"TPS", "PRP", "NAPS"}
        if not dated:  # mcm and sfx carry their revision and type; mpr has neither column
            candidates = [v for v in candidates if v.record.revision == expected["revision"]]
        matching = [
            v for v in candidates
            if {s.subject_id for s in v.record.subjects} == set(expected["subjects"])
            and sorted(c.value for c in v.record.caveats) == sorted(expected["caveats"])
            and (dated or v.record.record_type.value == expected["type"])
            and v.record.status.value == expected["status"]
        ]
        assert matching, f"{key} rev {expected['revision']}: no held version matches {expected}"
        checked += 1
    assert checked > 500


def test_the_highest_revision_is_in_force(ledger: Ledger, truth: dict[str, Any]) -> None:
    top: dict[str, int] = {}
    for r in truth["records"]:
        if r["key"] not in truth["purged"] and not r["key"].startswith(("TPS", "PRP", "NAPS")):
            top[r["key"]] = max(top.get(r["key"], 0), r["revision"])
    for key, revision in top.items():
        record = ledger.get(key)
        assert record is not None and record.revision == revision, key


def test_every_malformed_item_is_rejected_with_a_reason(ledger: Ledger, truth: dict[str, Any]) -> None:
    letters = ledger.dead_letters()
    by_key = {letter.key: letter for letter in letters}
    for bad in truth["malformed"]:
        assert bad["key"] in by_key, f"{bad['key']} was not rejected"
        letter = by_key[bad["key"]]
        assert letter.reason and letter.payload and letter.position >= 1
    assert len(letters) == len(truth["malformed"])


def test_counts_match_the_truth(dev_ingest: tuple[Settings, Summary], truth: dict[str, Any]) -> None:
    summary = dev_ingest[1].as_dict()
    deliveries = Counter((r["key"], r["revision"]) for r in truth["records"])
    keys = {r["key"] for r in truth["records"]} | set(truth["purged"])
    assert summary["purged"] == len(truth["purged"])
    assert summary["rejected"] == len(truth["malformed"])
    repeats = sum(n - 1 for n in deliveries.values())
    # mcm and sfx name their revisions: a repeat is a duplicate. mpr has no revision column,
    # and the truth numbers its deliveries loosely: a repeat there is a duplicate or, when its
    # UPDATED_AT is older than one held, stale.
    dated = sum(n - 1 for (key, _), n in deliveries.items() if key.startswith(("TPS:", "PRP:", "NAPS:")))
    assert repeats - dated <= summary["duplicate"] <= repeats
    assert summary["accepted"] == len(keys)
    # Every delivery of a truth record is accounted for exactly once.
    assert summary["accepted"] + summary["superseded"] + summary["stale"] + summary["duplicate"] == len(truth["records"])


def test_purged_records_leave_no_content_but_an_audit_entry(ledger: Ledger, truth: dict[str, Any]) -> None:
    audit = {p["key"]: p for p in ledger.purges()}
    for key in truth["purged"]:
        assert ledger.get(key) is None
        assert ledger.is_purged(key)
        assert list(ledger.versions(key)) == []
        assert key in audit and "payload" not in audit[key]


def _raw_fields(dev_dir: Path, key: str) -> list[str]:
    """The text fields of every delivery of ``key``, read with the bare parsers."""
    agency, number = key.split(":")
    out: list[str] = []
    for path in dev_dir.glob(f"*_{agency}.*"):
        for item in iter_items(path):
            if number not in item.payload:
                continue
            if path.suffix == ".jsonl":
                try:
                    obj = json.loads(item.payload)
                except json.JSONDecodeError:
                    continue
                out.append(obj["narrative"])
                out += [s[f] for s in obj["subjects"] for f in ("surname", "given")]
            elif path.suffix == ".csv":
                row = next(csv.reader(io.StringIO(item.payload, newline="")))
                if len(row) == 17:
                    out += [row[16]]
            else:
                el = ET.fromstring(item.payload)
                out.append("".join(el.find("recit").itertext()) if el.find("recit") is not None else "")
                out += ["".join(p.find("prenoms").itertext()) for p in el.findall("personne") if p.find("prenoms") is not None]
    return [s for s in out if s]


def test_hostile_strings_are_stored_byte_for_byte(ledger: Ledger, truth: dict[str, Any], dev_dir: Path) -> None:
    hostile = [r["key"] for r in truth["records"] if r["hostile"]]
    assert hostile
    stored_any = 0
    for key in set(hostile):
        stored: set[str] = set()
        for version in ledger.versions(key):
            rec = version.record
            stored.add(rec.narrative)
            for s in rec.subjects:
                stored.update(x for x in (s.surname, s.given) if x)
        if not stored:  # purged since
            continue
        stored_any += 1
        raw = _raw_fields(dev_dir, key)
        assert raw and set(raw) <= stored, f"{key}: {set(raw) - stored}"
    assert stored_any


def test_francophone_codes_become_the_canonical_vocabulary(ledger: Ledger) -> None:
    spgs = [r for r in ledger.current_records() if r.agency == "SPGS"]
    assert spgs
    roles = Counter(s.role.value for r in spgs for s in r.subjects)
    assert set(roles) <= {"MISSING", "VICTIM", "SUSPECT", "ASSOCIATE", "WITNESS", "COMPLAINANT"}
    assert roles["MISSING"] > 0
    assert all(r.language_hint == "fr" for r in spgs)


def test_adapted_records_are_valid_models(dev_dir: Path) -> None:
    from ingest.adapters import iter_records
    from models.records import Record

    count = 0
    for path in sorted(dev_dir.glob("*_*.*")):
        for record in iter_records(path):
            assert Record.model_validate_json(record.model_dump_json()) == record
            assert Record.model_validate(record.model_dump()) == record
            count += 1
    assert count > 500

"""The synthetic world generator: deterministic, parseable, truthful, and shaped like the dev world."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Literal

import pytest

from tools.synthetic import generate_large_file, generate_world, world_stats
from tools.synthetic.formats import phone_value
from tools.synthetic.model import AGENCY_FORMAT
from tools.synthetic.pools import HOSTILE_NAMES, HOSTILE_PAYLOADS
from tools.synthetic.reader import Item, export_files, read_items

REPO = Path(__file__).resolve().parents[3]
DEV = (REPO / ".." / "shared" / "sources" / "dev").resolve()
FILES = ("mcm_OPP.jsonl", "mcm_TBPS.jsonl", "mpr_TPS.csv", "mpr_PRP.csv", "mpr_NAPS.csv", "sfx_SPGS.xml")

PHONE = re.compile(r"(?<![\d+])(?:\+?1[ \-]?)?(?:\(\d{3}\) ?|\d{3}[ ./\-]?)555[ .\-]?01\d\d(?!\d)")
PLATE = re.compile(r"\b[A-Z]{4} ?\d{3}\b")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("small")
    return out, generate_world(out, seed=7, n_persons=300, n_rings=5)


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The default size: about as big as the dev world, still well under a second."""
    out = tmp_path_factory.mktemp("full")
    return out, generate_world(out, seed=2025)


def items_of(world: Path) -> list[Item]:
    return [item for path in export_files(world) for item in read_items(path)]


# --- determinism ------------------------------------------------------------------------------

def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    generate_world(tmp_path / "a", seed=11, n_persons=150, n_rings=3)
    generate_world(tmp_path / "b", seed=11, n_persons=150, n_rings=3)
    for name in (*FILES, "truth.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_different_seeds_give_different_worlds(tmp_path: Path) -> None:
    generate_world(tmp_path / "a", seed=1, n_persons=150, n_rings=3)
    generate_world(tmp_path / "b", seed=2, n_persons=150, n_rings=3)
    for name in (*FILES, "truth.json"):
        assert (tmp_path / "a" / name).read_bytes() != (tmp_path / "b" / name).read_bytes(), name


# --- the files parse, except exactly the malformed items -------------------------------------

def test_all_six_files_and_truth_are_written(small: tuple[Path, dict[str, Any]]) -> None:
    world, truth = small
    assert sorted(p.name for p in world.iterdir()) == sorted((*FILES, "truth.json"))
    assert set(truth) == {"persons", "rings", "hotels", "records", "malformed", "purged"}


def test_encodings_and_line_ends(small: tuple[Path, dict[str, Any]]) -> None:
    world, _ = small
    for name in ("mpr_TPS.csv", "mpr_PRP.csv", "mpr_NAPS.csv"):
        raw = (world / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        assert raw.endswith(b"\r\n")
        assert raw.count(b"\r\n") >= 2
    for name in ("mcm_OPP.jsonl", "mcm_TBPS.jsonl"):
        assert b"\r" not in (world / name).read_bytes()
    assert (world / "sfx_SPGS.xml").read_text(encoding="utf-8").startswith('<?xml version="1.0" encoding="UTF-8"?>')


def test_only_the_malformed_items_fail_to_read(small: tuple[Path, dict[str, Any]]) -> None:
    world, truth = small
    bad = [i for i in items_of(world) if i.error]
    assert len(bad) == len(truth["malformed"]) >= 3
    malformed_keys = {m["key"] for m in truth["malformed"]}
    for item in bad:
        assert item.key is None or item.key in malformed_keys, item
    formats = {AGENCY_FORMAT[m["key"].split(":")[0]] for m in truth["malformed"]}
    assert formats == {"mcm", "mpr", "sfx"}


def test_sfx_document_parses_once_the_broken_dossiers_are_removed(small: tuple[Path, dict[str, Any]]) -> None:
    world, _ = small
    text = (world / "sfx_SPGS.xml").read_text(encoding="utf-8")
    kept = []
    for chunk in re.findall(r"<dossier\b.*?</dossier>", text, flags=re.DOTALL):
        try:
            ET.fromstring(chunk)
        except ET.ParseError:
            continue
        kept.append(chunk)
    head = text[: text.index("<dossier")]
    root = ET.fromstring(head.split("?>", 1)[1] + "\n".join(kept) + "</exportation>")
    assert root.tag == "exportation" and root.get("service") == "SPGS"
    assert len(root) == len(kept)


def test_mcm_lines_are_json_objects(small: tuple[Path, dict[str, Any]]) -> None:
    world, truth = small
    failures = 0
    for name in ("mcm_OPP.jsonl", "mcm_TBPS.jsonl"):
        for line in (world / name).read_text(encoding="utf-8").splitlines():
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                failures += 1
                continue
            assert obj["export_version"] == "2.3"
    assert failures <= len(truth["malformed"])


# --- truth and files agree -------------------------------------------------------------------

def _versions_by_key(items: list[Item]) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        if not item.error and item.key:
            out[item.key].append(item)
    return out


def _match(truth: dict[str, Any], items: list[Item]) -> list[tuple[dict[str, Any], Item]]:
    """Pair each truth record with a delivered item of that version (mpr: by UPDATED_AT order)."""
    by_key = _versions_by_key(items)
    truth_by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in truth["records"]:
        truth_by_key[record["key"]].append(record)
    pairs = []
    for key, records in truth_by_key.items():
        delivered = [i for i in by_key.get(key, []) if i.status not in ("PURGED", "PURGE")]
        if AGENCY_FORMAT[key.split(":")[0]] == "mpr":
            first: dict[str, Item] = {}
            for item in delivered:
                first.setdefault(item.version or "", item)
            ordered = [first[v] for v in sorted(first)]
            assert len(ordered) == len(records), key
            pairs += list(zip(sorted(records, key=lambda r: r["revision"]), ordered, strict=True))
        else:
            for record in records:
                found = [i for i in delivered if i.version == str(record["revision"])]
                assert found, f"{key} rev {record['revision']} not delivered"
                pairs.append((record, found[0]))
    return pairs


def test_every_truth_record_is_delivered_with_its_subjects(full: tuple[Path, dict[str, Any]]) -> None:
    world, truth = full
    pairs = _match(truth, items_of(world))
    assert len(pairs) == len(truth["records"])
    for record, item in pairs:
        assert set(item.subject_ids) == set(record["subjects"]), record["key"]
        assert all(pid in truth["persons"] for pid in record["subjects"].values())


def test_mentions_are_exactly_what_the_narratives_hold(full: tuple[Path, dict[str, Any]]) -> None:
    world, truth = full
    hotels = {h["id"]: h for h in truth["hotels"]}
    for record, item in _match(truth, items_of(world)):
        text = item.narrative
        mentions = record["mentions"]
        phones = Counter(phone_value(m) for m in PHONE.findall(text))
        assert phones == Counter(m["value"] for m in mentions if m["kind"] == "phone"), (record["key"], text)
        plates = Counter(m[:4] + " " + m[-3:] for m in PLATE.findall(text))
        assert plates == Counter(m["value"] for m in mentions if m["kind"] == "plate"), (record["key"], text)
        for m in mentions:
            if m["kind"] in ("phone", "plate"):
                assert m["text"] is None and m["entity"] is None
                continue
            assert m["value"] is None and m["text"] in text, (record["key"], m, text)
            if m["kind"] == "hotel":
                assert hotels[m["entity"]]["name"] == m["text"]
            else:
                assert m["entity"] in truth["persons"]
            if m["kind"] == "alias":
                assert m["text"][1:-1].strip(" «»") in truth["persons"][m["entity"]]["aliases"]
            if m["kind"] == "handle":
                assert m["text"] in [h["handle"] for h in truth["persons"][m["entity"]]["handles"]]


def test_phones_plates_and_handles_follow_the_conventions(full: tuple[Path, dict[str, Any]]) -> None:
    _, truth = full
    phone = re.compile(r"^\+1\d{3}55501\d\d$")
    for person in truth["persons"].values():
        assert all(phone.match(p) for p in person["phones"]), person
        assert re.match(r"^[A-Z]\d[A-Z] \d[A-Z]\d$", person["address"]["postal"]), person
    for ring in truth["rings"]:
        assert all(phone.match(p) for p in ring["phones"])
        assert all(re.match(r"^[A-Z]{4} \d{3}$", v) for v in ring["vehicles"])
    kinds = Counter(m["kind"] for r in truth["records"] for m in r["mentions"])
    assert set(kinds) == {"person", "alias", "phone", "plate", "hotel", "handle"}
    texts = {m["text"] for r in truth["records"] for m in r["mentions"] if m["kind"] == "alias"}
    assert any(t.startswith('"') for t in texts) and any(t.startswith("«") for t in texts)


def test_rings_have_victims_reported_by_two_agencies(full: tuple[Path, dict[str, Any]]) -> None:
    _, truth = full
    agencies: dict[str, set[str]] = defaultdict(set)
    for r in truth["records"]:
        if r["type"] == "MISSING_PERSON":
            for pid in r["subjects"].values():
                agencies[pid].add(r["key"].split(":")[0])
    assert len(truth["rings"]) == 12
    for ring in truth["rings"]:
        assert ring["victims"] and len(ring["members"]) >= 3
        assert any(len(agencies[v]) >= 2 for v in ring["victims"]), ring["id"]
        assert {truth["persons"][m]["role_hint"] for m in ring["members"]} >= {"trafficker", "recruiter"}


def test_hostile_records_carry_attack_text(full: tuple[Path, dict[str, Any]]) -> None:
    world, truth = full
    hostile = {(r["key"], r["revision"]) for r in truth["records"] if r["hostile"]}
    assert len(hostile) >= 5
    attacks = (*HOSTILE_NAMES, *HOSTILE_PAYLOADS)
    raw = "".join(p.read_text(encoding="utf-8") for p in export_files(world))
    for record, item in _match(truth, items_of(world)):
        if (record["key"], record["revision"]) in hostile:
            assert any(a in item.narrative for a in HOSTILE_PAYLOADS) or any(
                truth["persons"][pid]["given"] in attacks or truth["persons"][pid]["surname"] in attacks
                for pid in record["subjects"].values())
    assert "\u200b" in raw  # zero-width characters are written raw, not stripped


def test_purges_and_revisions(full: tuple[Path, dict[str, Any]]) -> None:
    world, truth = full
    items = items_of(world)
    purge_keys = {i.key for i in items if i.status in ("PURGED", "PURGE") and not i.error}
    assert purge_keys == set(truth["purged"])
    revisions = Counter(r["key"] for r in truth["records"])
    assert any(n >= 3 for n in revisions.values())
    statuses = {r["status"] for r in truth["records"]}
    assert statuses <= {"OPEN", "LOCATED", "CLOSED"}
    caveats = {c for r in truth["records"] for c in r["caveats"]}
    assert caveats == {"YOUTH", "VICTIM_MINOR", "INFORMANT", "RESTRICTED"}


def test_group_home_phones_are_hubs(full: tuple[Path, dict[str, Any]]) -> None:
    world, _ = full
    contacts: Counter[str] = Counter()
    for name in ("mpr_TPS.csv", "mpr_PRP.csv", "mpr_NAPS.csv"):
        with (world / name).open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("CONTACT_RELATION") == "GROUP HOME" and row.get("CONTACT_PHONE"):
                    contacts[phone_value(row["CONTACT_PHONE"])] += 1
    assert contacts and contacts.most_common(1)[0][1] >= 5


@pytest.mark.parametrize("name", ["mcm_OPP.jsonl", "mpr_TPS.csv", "sfx_SPGS.xml"])
def test_large_file_streams_clean_items(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    fmt: Literal["mcm", "mpr", "sfx"] = "mcm" if name.startswith("mcm") else "mpr" if name.startswith("mpr") else "sfx"
    size = generate_large_file(path, fmt, 400, seed=3)
    assert size == path.stat().st_size > 400 * 200
    items = list(read_items(path))
    assert len(items) == 400
    assert not [i for i in items if i.error]


def test_large_file_fast_mode_keeps_identities_unique(tmp_path: Path) -> None:
    path = tmp_path / "mpr_TPS.csv"
    generate_large_file(path, "mpr", 3000, seed=4, variety=0.1, revision_rate=0.0, duplicate_rate=0.0)
    items = list(read_items(path))
    assert len(items) == 3000 and not [i for i in items if i.error]
    assert len({i.key for i in items}) == 3000


def test_large_file_is_deterministic(tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate_large_file(again, "mcm", 50, seed=3)
    generate_large_file(tmp_path / "again2", "mcm", 50, seed=3)
    assert again.read_bytes() == (tmp_path / "again2").read_bytes()


# --- shaped like the dev world ---------------------------------------------------------------

@pytest.fixture(scope="module")
def dev() -> Path:
    if not (DEV / "truth.json").exists():
        pytest.skip(f"dev world not found at {DEV} (expected beside the repository as ../shared/sources/dev)")
    return DEV


def test_summary_statistics_resemble_the_dev_world(dev: Path, full: tuple[Path, dict[str, Any]]) -> None:
    ours, theirs = world_stats(full[0]), world_stats(dev)
    assert theirs.rings == ours.rings
    assert 0.7 < ours.persons / theirs.persons < 1.4
    for agency, n in theirs.records_per_agency.items():
        assert 0.5 <= ours.records_per_agency.get(agency, 0) / n <= 2.0, agency
    mine, dev_rates = ours.rates(), theirs.rates()
    for name, expected in dev_rates.items():
        if name.startswith("mentions."):
            assert 0.6 * expected <= mine[name] <= 1.6 * expected, (name, mine[name], expected)
        elif name.startswith(("multi_revision", "duplicates", "stale", "purges", "malformed", "hostile")):
            assert 0.4 * expected <= mine[name] <= 2.5 * expected, (name, mine[name], expected)

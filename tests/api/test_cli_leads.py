"""``caselink analyse``, ``caselink watch`` and ``caselink alerts`` through the real command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from graph.alerts import AlertStore
from graph.store.embedded import EmbeddedGraphStore
from models.access import SYSTEM
from tests.conftest import REPO


@pytest.fixture(scope="module")
def store(linked_dev: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("leads") / "store"
    shutil.copytree(linked_dev, copy)
    return copy


def _caselink(store: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    # development: commands without --as run as the local operator; --as names a registered user
    env = {**os.environ, "CASELINK_ENV": "development", "CASELINK_STORE": str(store)}
    proc = subprocess.run([sys.executable, "-m", "api.cli", *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=600)
    if ok:
        assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def _json(store: Path, *args: str) -> Any:
    return json.loads(_caselink(store, *args, "--json").stdout)


def test_analyse_commands_answer_with_method_and_scope(store: Path, truth: dict[str, Any]) -> None:
    found = _json(store, "analyse", "communities")
    assert found["method"].startswith("louvain/") and found["scope"]["description"] == "the whole graph" and found["communities"]
    players = _json(store, "analyse", "key-players", "--top", "3")
    assert len(players["players"]) == 3
    phone = f"phone:{truth['rings'][0]['phones'][0]}"
    around = _json(store, "analyse", "key-players", "--around", phone, "--depth", "2")
    assert phone in around["scope"]["description"]
    timeline = _json(store, "analyse", "timeline", phone)
    assert timeline["entries"] and timeline["entity"]["id"] == phone
    found_leads = _json(store, "analyse", "leads", "--top", "5")
    assert len(found_leads["leads"]) == 5 and all(lead["why"] for lead in found_leads["leads"]) and found_leads["network"]
    readable = _caselink(store, "analyse", "communities").stdout
    assert "method:" in readable and "scope:" in readable


def test_watch_and_alerts_commands(store: Path, truth: dict[str, Any], tmp_path: Path) -> None:
    phone = truth["rings"][2]["phones"][0]
    _caselink(store, "users", "add", "inv-x", "--role", "investigator", "--agency", "OPP", "--json")
    _caselink(store, "users", "add", "inv-y", "--role", "investigator", "--agency", "TPS", "--json")
    added = _json(store, "watch", "add", f"phone:{phone}", "--reason", "ring phone")
    assert added["entities"] == [f"phone:{phone}"] and added["owner"].startswith("operator:")
    assert [w["id"] for w in _json(store, "watch", "list")["watches"]] == [added["id"]]
    # A TPS investigator watches a phone she can see (it is in Toronto records)...
    graph = EmbeddedGraphStore(store / "graph.db")
    try:
        tps_phone = next(e.id for e in graph.get_entities(graph.entity_ids(kinds=frozenset({"phone"}), viewer=SYSTEM), viewer=SYSTEM)
                         if e.agencies == ("TPS",))
    finally:
        graph.close()
    _json(store, "watch", "add", tps_phone, "--as", "inv-y")
    export = tmp_path / "mcm_OPP_alert.jsonl"
    export.write_text(json.dumps({
        "export_version": "2.3", "agency": "OPP", "case_no": "OPP-26-950001", "revision": 1, "case_type": "MISSING_PERSON",
        "status": "OPEN", "opened": "2026-11-21T08:00:00-05:00", "caveats": [],
        "subjects": [{"subject_id": "S1", "role": "MISSING", "surname": "Whitebird", "given": "Tessa", "dob": "2009-01-05", "sex": "F",
                      "phones": [], "addresses": []}],
        "vehicles": [], "locations": [], "narrative": f"Tessa left with a man; the number she called was {phone}, "
                                                 f"and her friend's was {tps_phone.split(':', 1)[1]}."}) + "\n",
        encoding="utf-8")
    _caselink(store, "ingest", str(export), "--json")
    lines = [json.loads(line) for line in _caselink(store, "alerts", "--json").stdout.splitlines()]
    assert [a["record_key"] for a in lines] == ["OPP:OPP-26-950001"]
    assert lines[0]["path_nodes"] == ["record:OPP:OPP-26-950001", f"phone:{phone}"]
    # ... and the new OPP record names it: her watch matched, but the record is not hers to see (OPP does not
    # share with TPS), so nothing shows, not even that something was hidden.
    held = AlertStore(store / "alerts.db")
    try:
        assert [a.record_key for a in held.alerts("inv-y")] == ["OPP:OPP-26-950001"]  # raised, and held back from her
    finally:
        held.close()
    assert _caselink(store, "alerts", "--as", "inv-y", "--json").stdout.strip() == ""
    assert _caselink(store, "alerts", "--as", "inv-x", "--json").stdout.strip() == ""  # she watches nothing
    bad = _caselink(store, "watch", "add", "phone:+10000000000", ok=False)
    assert bad.returncode == 1 and "no entity" in bad.stderr

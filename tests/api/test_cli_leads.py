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

from tests.conftest import REPO


@pytest.fixture(scope="module")
def store(linked_dev: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("leads") / "store"
    shutil.copytree(linked_dev, copy)
    return copy


def _caselink(store: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CASELINK_ENV": "test", "CASELINK_STORE": str(store)}
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
    added = _json(store, "watch", "add", f"phone:{phone}", "--as", "inv-x", "--reason", "ring phone")
    assert added["entities"] == [f"phone:{phone}"] and added["owner"] == "inv-x"
    assert [w["id"] for w in _json(store, "watch", "list", "--as", "inv-x")["watches"]] == [added["id"]]
    export = tmp_path / "mcm_OPP_alert.jsonl"
    export.write_text(json.dumps({
        "export_version": "2.3", "agency": "OPP", "case_no": "OPP-26-950001", "revision": 1, "case_type": "MISSING_PERSON",
        "status": "OPEN", "opened": "2026-11-21T08:00:00-05:00", "caveats": [],
        "subjects": [{"subject_id": "S1", "role": "MISSING", "surname": "Whitebird", "given": "Tessa", "dob": "2009-01-05", "sex": "F",
                      "phones": [], "addresses": []}],
        "vehicles": [], "locations": [], "narrative": f"Tessa left with a man; the number she called was {phone}."}) + "\n",
        encoding="utf-8")
    _caselink(store, "ingest", str(export), "--json")
    lines = [json.loads(line) for line in _caselink(store, "alerts", "--as", "inv-x", "--json").stdout.splitlines()]
    assert [a["record_key"] for a in lines] == ["OPP:OPP-26-950001"]
    assert lines[0]["path_nodes"] == ["record:OPP:OPP-26-950001", f"phone:{phone}"]
    assert _caselink(store, "alerts", "--as", "someone-else", "--json").stdout.strip() == ""
    bad = _caselink(store, "watch", "add", "phone:+10000000000", "--as", "inv-x", ok=False)
    assert bad.returncode == 1 and "no entity" in bad.stderr

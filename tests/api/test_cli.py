"""The terminal mirrors, through the installed ``caselink`` command, agree with the API."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

CASELINK = shutil.which("caselink") or str(Path(sys.executable).with_name("caselink"))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CASELINK, *args], capture_output=True, text=True, timeout=120)


def cli_json(store: Path, *args: str) -> Any:
    done = run(*args, "--store", str(store), "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_search_network_path_show_match_the_api(linked_dev: Path, http: httpx.Client, truth: dict[str, Any]) -> None:
    assert cli_json(linked_dev, "search", "905-555-0111") == http.get("/search", params={"q": "905-555-0111"}).json()
    ring = truth["rings"][0]
    t = truth["persons"][ring["members"][0]]
    pid = cli_json(linked_dev, "search", f"{t['given']} {t['surname']}", "--kinds", "person")["hits"][0]["entity"]["id"]
    assert cli_json(linked_dev, "network", pid, "--depth", "2") == http.get(f"/entities/{pid}/network", params={"depth": 2}).json()
    assert cli_json(linked_dev, "show", pid) == http.get(f"/entities/{pid}").json()
    record = next(r["key"] for r in truth["records"] if r["key"] not in truth["purged"])
    agency, number = record.split(":")
    assert cli_json(linked_dev, "show", f"{agency}/{number}") == http.get(f"/records/{agency}/{number}").json()
    phone = "phone:+19055550111"
    assert cli_json(linked_dev, "path", phone, pid, "--max", "4") == http.get("/paths", params={"from": phone, "to": pid, "max": 4}).json()


def test_tables_for_a_person_at_a_terminal(linked_dev: Path) -> None:
    done = run("search", "905 555 0111", "--store", str(linked_dev))
    assert done.returncode == 0 and "+19055550111" in done.stdout


@pytest.mark.parametrize(("args", "needle"), [
    (["network", "person:nobody"], "no entity"),
    (["network", "phone:+19055550111", "--depth", "9"], "depth"),
    (["show", "OPP/NOPE"], "no record"),
])
def test_clear_errors(linked_dev: Path, args: list[str], needle: str) -> None:
    done = run(*args, "--store", str(linked_dev))
    assert done.returncode != 0 and needle in (done.stderr + done.stdout).lower()


def test_no_store_is_a_clear_error(tmp_path: Path) -> None:
    done = run("search", "x", "--store", str(tmp_path / "none"))
    assert done.returncode == 2 and "no store" in done.stderr


def test_dead_letters_at_a_terminal_are_checked_and_audited_like_http(linked_dev: Path, http: httpx.Client) -> None:
    """Finding 4: `caselink dead-letters` read every service's rejected payloads with no viewer, no check, no audit."""
    assert cli_json(linked_dev, "dead-letters") == http.get("/dead-letters").json()
    added = run("users", "add", "dl-analyst", "--role", "analyst", "--agency", "OPP", "--store", str(linked_dev), "--json")
    assert added.returncode == 0, added.stderr
    refused = run("dead-letters", "--as", "dl-analyst", "--store", str(linked_dev), "--reason", "curious")
    assert refused.returncode == 1 and "may not read the dead letters" in refused.stderr and "Traceback" not in refused.stderr
    assert refused.stdout == ""
    entries = [json.loads(line) for line in (linked_dev / "audit.log").read_text().splitlines()]
    mine = [e for e in entries if e.get("channel") == "cli" and e.get("path") == "dead-letters"]
    assert [(e["user"], e["outcome"]) for e in mine][-1] == ("dl-analyst", "refused")
    assert mine[-1]["reason"] == "curious" and len(mine) >= 2

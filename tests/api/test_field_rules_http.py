"""Findings 5 and 10 of the security issue, through HTTP and through the CLI, on every store.

5. Field rules: reporting contacts (``contacts``, the payload's real name) reach neither analysts nor Crown on
   any path; a youth's date of birth and home reach nobody without YOUTH, through any record naming him;
   subjects' phones and addresses reach no analyst through the network, entity or search answers either.
10. VICTIM_MINOR protects the minor, not the record: an analyst sees the adult suspect, the escort ad's phone,
   the vehicle and the motel of the case, and never the minor's name, alias, date of birth, phones, home or
   person id (nor her mother's).

The world is hand-written (:mod:`tests.protection_world`) and ingested by the real pipeline (the three
formats' adapters, the extractors, the resolver, the graph build).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.runtime import ingest_and_link
from graph.store.factory import create_graph_store
from models.access import SYSTEM, UserRole
from models.settings import Settings
from tests.api.conftest import serving, settings_for, token_for
from tests.protection_world import CONTACT, MINOR, VISIBLE_IN_MINOR_CASE, YOUTH, write_exports

CASELINK = shutil.which("caselink") or str(Path(sys.executable).with_name("caselink"))
RECORDS = ["OPP/OPP-26-900001", "OPP/OPP-26-900002", "OPP/OPP-26-900003", "NAPS/NAPS-26-900004"]


@pytest.fixture(params=["embedded", "neo4j"], scope="module")
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, dict[str, str]]]:
    tmp = tmp_path_factory.mktemp(f"fields-{request.param}")
    env = {}
    if request.param == "neo4j":
        uri = os.environ.get("CASELINK_TEST_NEO4J")
        if not uri:
            pytest.skip("CASELINK_TEST_NEO4J is not set: no Neo4j server started for this run (deploy/local/services.sh)")
        password = os.environ.get("CASELINK_NEO4J_PASSWORD")
        settings = settings_for(tmp, graph=uri, neo4j_password=password)
        from graph.store.neo4j import Neo4jGraphStore

        neo = Neo4jGraphStore(uri, auth=("neo4j", password) if password else None)
        neo.clear()
        neo.close()
        env = {"CASELINK_GRAPH": uri, "CASELINK_NEO4J_PASSWORD": password or ""}
    else:
        settings = settings_for(tmp)
    ingest_and_link(settings, write_exports(tmp / "exports"))
    yield settings, env


def _ids(settings: Settings) -> tuple[list[str], str]:
    """Every entity id (the oracle reads as the system), and the minor's person id."""
    store = create_graph_store(settings)
    try:
        row = store.record("OPP:OPP-26-900001", viewer=SYSTEM)
        assert row is not None
        return store.entity_ids(viewer=SYSTEM), row.subjects["S2"]
    finally:
        store.close()


#: role -> (what must never appear in any answer, what must appear somewhere)
CASES: dict[UserRole, tuple[list[str], list[str]]] = {
    UserRole.ANALYST: (MINOR["names"] + [MINOR["dob"], MINOR["home"]] + MINOR["phone_forms"] + [YOUTH["dob"], YOUTH["home"]]
                       + CONTACT["names"] + CONTACT["phone_forms"] + ["+17055550170", "88 Quarry Rd", "+18075550121"],
                       [VISIBLE_IN_MINOR_CASE["suspect"], VISIBLE_IN_MINOR_CASE["ad_phone"], VISIBLE_IN_MINOR_CASE["plate"],
                        VISIBLE_IN_MINOR_CASE["place"], "Tobias Wrenfield", "Nova Kestrel", "protected person"]),
    # Investigators hold VICTIM_MINOR, not YOUTH; their role withholds no field.
    UserRole.INVESTIGATOR: ([YOUTH["dob"], YOUTH["home"]],
                            ["Maddie Quillfeather", MINOR["phone"], MINOR["home"], "Irene", CONTACT["phone"], "+17055550170"]),
    # Crown holds both caveats; reporting contacts are not theirs.
    UserRole.CROWN: (CONTACT["names"] + CONTACT["phone_forms"], ["Maddie Quillfeather", YOUTH["dob"], YOUTH["home"]]),
}


def _http_answers(client: httpx.Client, h: dict[str, str], ids: list[str], probes: list[str], youth: bool) -> list[str]:
    out = []
    for q in probes:
        r = client.get("/search", params={"q": q}, headers=h)
        assert r.status_code == 200
        out.append(json.dumps(r.json()["hits"]))  # not the query it echoes
    for eid in ids:
        for path in (f"/entities/{eid}", f"/entities/{eid}/network"):
            r = client.get(path, params={"depth": 2} if path.endswith("network") else None, headers=h)
            assert r.status_code in (200, 404)
            if r.status_code == 200:  # a 404 names the id it was asked for, nothing more
                out.append(r.text)
    for rec in RECORDS:
        r = client.get(f"/records/{rec}", headers=h)
        # VICTIM_MINOR protects parts of its record, YOUTH hides its record.
        assert r.status_code == (200 if youth or rec != "OPP/OPP-26-900002" else 404), rec
        out.append(r.text)
    return out


def _leaks(answers: list[str], forbidden: list[str]) -> list[str]:
    text = "\n".join(answers).lower()
    return [f for f in forbidden if f.lower() in text]


@pytest.mark.parametrize("role", list(CASES), ids=lambda r: r.value)
def test_field_rules_and_protection_over_http(world: tuple[Settings, dict[str, str]], role: UserRole) -> None:
    settings, _ = world
    ids, minor = _ids(settings)
    forbidden, shown = CASES[role]
    probes = [*MINOR["names"], MINOR["phone"], *CONTACT["names"], CONTACT["phone"], "Darnell Pike", "Tobias Wrenfield", "Nova Kestrel"]
    with serving(settings.store, settings, as_admin=False) as client:
        h = {"Authorization": f"Bearer {token_for(settings, f'u-{role.value}', role, 'OPP')}"}
        answers = _http_answers(client, h, ids, probes, youth=role is UserRole.CROWN)
        if role is UserRole.ANALYST:
            # The minor's person id is no handle: not found, and named by no answer.
            assert client.get(f"/entities/{minor}", headers=h).status_code == 404
            forbidden = [*forbidden, minor]
            record = client.get("/records/OPP/OPP-26-900001", headers=h).json()
            roles = [(s["role"], s.get("name_raw"), s.get("surname")) for s in record["record"]["subjects"]]
            assert roles == [("SUSPECT", None, "Pike"), ("VICTIM", "protected person", None)]
            assert set(record["subjects"]) == {"S1"}
            assert "705-555-0177" in record["record"]["narrative"] and "Darnell Pike" in record["record"]["narrative"]
            for m in record["mentions"]:  # offsets still point at the text they name after the cuts
                assert record["record"]["narrative"][m["start"]:m["end"]] == m["text"]
            net = client.get(f"/entities/{record['entity_id']}/network", headers=h).json()
            assert {VISIBLE_IN_MINOR_CASE["suspect"], VISIBLE_IN_MINOR_CASE["ad_phone"]} <= {e["caption"] for e in net["entities"]}
        assert _leaks(answers, forbidden) == []
        missing = [s for s in shown if s.lower() not in "\n".join(answers).lower()]
        assert missing == []


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CASELINK, *args], capture_output=True, text=True, timeout=180, env={**os.environ, **env})


def test_field_rules_and_protection_through_the_cli(world: tuple[Settings, dict[str, str]]) -> None:
    settings, env = world
    store = str(settings.store)
    ids, minor = _ids(settings)
    assert _cli(env, "users", "add", "cli-analyst", "--role", "analyst", "--agency", "OPP", "--store", store).returncode == 0
    answers: list[str] = []
    for q in [*MINOR["names"], MINOR["phone"], *CONTACT["names"], "Darnell Pike"]:
        r = _cli(env, "search", q, "--as", "cli-analyst", "--store", store, "--json")
        assert r.returncode == 0, r.stderr
        answers.append(json.dumps(json.loads(r.stdout)["hits"]))
    for target in [*RECORDS, *ids]:
        r = _cli(env, "show", target, "--as", "cli-analyst", "--store", store, "--json")
        assert r.returncode in (0, 1), r.stderr
        answers.append(r.stdout)  # stdout only: "no entity <id>" goes to stderr
    record: Any = json.loads(_cli(env, "show", "OPP/OPP-26-900001", "--as", "cli-analyst", "--store", store, "--json").stdout)
    net = _cli(env, "network", record["entity_id"], "--depth", "2", "--as", "cli-analyst", "--store", store, "--json")
    assert net.returncode == 0, net.stderr
    answers.append(net.stdout)
    assert {"Darnell Pike", "+17055550177"} <= {e["caption"] for e in json.loads(net.stdout)["entities"]}
    forbidden, _ = CASES[UserRole.ANALYST]
    assert _leaks(answers, [*forbidden, minor]) == []
    assert _cli(env, "show", minor, "--as", "cli-analyst", "--store", store, "--json").returncode == 1

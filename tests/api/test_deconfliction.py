"""Deconfliction through HTTP and the CLI: an OPP analyst reaches the suspect Darnell Pike, who also stands
in a TPS record OPP may not see. TPS investigators get a notice (who, which entity, when); the analyst's
answers are exactly those of a world without the TPS record (nothing tells of it, the notice included) until
a TPS investigator chooses to send a contact. Others cannot read or answer the notice."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.runtime import ingest_and_link
from models.access import UserRole
from models.settings import Settings
from tests.api.conftest import serving, settings_for, token_for
from tests.protection_world import write_exports

CASELINK = shutil.which("caselink") or str(Path(sys.executable).with_name("caselink"))


def _world(tmp: Path, *, tps: bool, engine: str = "embedded") -> Settings:
    if engine == "embedded":
        settings = settings_for(tmp)
    else:
        uri = os.environ.get("CASELINK_TEST_NEO4J")
        if not uri:
            pytest.skip("CASELINK_TEST_NEO4J is not set: no Neo4j server started for this run (deploy/local/services.sh)")
        password = os.environ.get("CASELINK_NEO4J_PASSWORD")
        from graph.store.neo4j import Neo4jGraphStore

        neo = Neo4jGraphStore(uri, auth=("neo4j", password) if password else None)
        neo.clear()
        neo.close()
        settings = settings_for(tmp, graph=uri, neo4j_password=password)
    ingest_and_link(settings, write_exports(tmp / "exports", tps=tps))
    return settings


def _analyst_answers(client: httpx.Client, h: dict[str, str]) -> list[Any]:
    hits = client.get("/search", params={"q": "Darnell Pike"}, headers=h).json()["hits"]
    assert [x["entity"]["caption"] for x in hits][:1] == ["Darnell Pike"]
    pid = hits[0]["entity"]["id"]
    return [hits, client.get(f"/entities/{pid}", headers=h).json(),
            client.get(f"/entities/{pid}/network", params={"depth": 2}, headers=h).json()]


def _wait_for(client: httpx.Client, path: str, h: dict[str, str]) -> dict[str, Any]:
    deadline = time.monotonic() + 20
    while True:
        body: dict[str, Any] = client.get(path, headers=h).json()
        if body["items"] or time.monotonic() > deadline:
            return body
        time.sleep(0.1)


@pytest.mark.parametrize("engine", ["embedded", "neo4j"])
def test_a_notice_reaches_the_owning_service_and_nothing_reaches_the_searcher(tmp_path: Path, engine: str) -> None:
    without = _world(tmp_path / "without", tps=False, engine=engine)
    with serving(without.store, without, as_admin=False) as client:
        h = {"Authorization": f"Bearer {token_for(without, 'ana', UserRole.ANALYST, 'OPP')}"}
        alone = _analyst_answers(client, h)
    settings = _world(tmp_path / "with", tps=True, engine=engine)
    with serving(settings.store, settings, as_admin=False) as client:
        ana = {"Authorization": f"Bearer {token_for(settings, 'ana', UserRole.ANALYST, 'OPP')}"}
        tps_inv = {"Authorization": f"Bearer {token_for(settings, 'tina', UserRole.INVESTIGATOR, 'TPS')}"}
        opp_inv = {"Authorization": f"Bearer {token_for(settings, 'oscar', UserRole.INVESTIGATOR, 'OPP')}"}
        tps_analyst = {"Authorization": f"Bearer {token_for(settings, 'tom', UserRole.ANALYST, 'TPS')}"}
        # The searcher's answers are those of the world without TPS's record: no sign of it.
        assert _analyst_answers(client, ana) == alone
        assert client.get("/deconfliction/contacts", headers=ana).json() == {"items": []}
        notices = _wait_for(client, "/deconfliction/notices", tps_inv)["items"]
        assert len(notices) == 1, notices
        (notice,) = notices
        assert notice["searcher"] == "ana" and notice["searcher_agency"] == "OPP" and notice["records"] == ["TPS:TPS-26-900005"]
        assert notice["entity_id"] == alone[0][0]["entity"]["id"] and notice["contact_sent_at"] is None
        # Not OPP's to read, not an analyst's, and no answer to someone else's notice.
        assert client.get("/deconfliction/notices", headers=opp_inv).json() == {"items": []}
        assert client.get("/deconfliction/notices", headers=tps_analyst).status_code == 403
        assert client.post(f"/deconfliction/notices/{notice['id']}/contact", json={"message": "x"}, headers=opp_inv).status_code == 404
        assert client.get("/deconfliction/contacts", headers=ana).json() == {"items": []}
        # The owning service chooses to answer: now the searcher learns who to call.
        sent = client.post(f"/deconfliction/notices/{notice['id']}/contact", json={"message": "call D/Sgt Tina, 416-555-0100"},
                           headers=tps_inv)
        assert sent.status_code == 200 and sent.json()["contact_by"] == "tina"
        contacts = client.get("/deconfliction/contacts", headers=ana).json()["items"]
        assert [(c["from_user"], c["from_agency"], c["entity_id"]) for c in contacts] == [("tina", "TPS", notice["entity_id"])]
    # The CLI reads the same store through the same service functions (the notices live beside the ledger).
    store = str(settings.store)
    out = subprocess.run([CASELINK, "deconfliction", "notices", "--as", "tina", "--store", store, "--json"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert [n["id"] for n in json.loads(out.stdout)["items"]] == [notice["id"]]
    refused = subprocess.run([CASELINK, "deconfliction", "notices", "--as", "tom", "--store", store, "--json"],
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1 and "may not" in refused.stderr
    mine = subprocess.run([CASELINK, "deconfliction", "contacts", "--as", "ana", "--store", store, "--json"],
                          capture_output=True, text=True, timeout=120)
    assert json.loads(mine.stdout)["items"][0]["from_user"] == "tina"


def test_a_cli_search_leaves_a_notice(tmp_path: Path) -> None:
    settings = _world(tmp_path, tps=True)
    store = str(settings.store)
    for name, role, agency in (("ana", "analyst", "OPP"), ("tina", "investigator", "TPS")):
        assert subprocess.run([CASELINK, "users", "add", name, "--role", role, "--agency", agency, "--store", store],
                              capture_output=True, timeout=120).returncode == 0
    found = subprocess.run([CASELINK, "search", "Darnell Pike", "--as", "ana", "--store", store, "--json"],
                           capture_output=True, text=True, timeout=120)
    assert found.returncode == 0 and "TPS" not in found.stdout
    out = subprocess.run([CASELINK, "deconfliction", "notices", "--as", "tina", "--store", store, "--json"],
                         capture_output=True, text=True, timeout=120)
    items = json.loads(out.stdout)["items"]
    assert [(n["searcher"], n["records"]) for n in items] == [("ana", ["TPS:TPS-26-900005"])]

"""Watches, alerts (the live stream), analytics and disclosures over real HTTP, with real tokens."""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.runtime import ingest_and_link
from graph.alerts import AlertStore
from graph.store.embedded import EmbeddedGraphStore
from models.access import SYSTEM, UserRole
from tests.api.conftest import serving, settings_for, token_for


@pytest.fixture(scope="module")
def store(linked_dev: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("http-leads") / "store"
    shutil.copytree(linked_dev, copy)
    return copy


def _phone_of(store: Path, agencies: tuple[str, ...]) -> str:
    graph = EmbeddedGraphStore(store / "graph.db")
    try:
        phones = graph.get_entities(graph.entity_ids(kinds=frozenset({"phone"}), viewer=SYSTEM), viewer=SYSTEM)
        return next(e.id for e in phones if e.agencies == agencies and not e.hub)
    finally:
        graph.close()


def _record(path: Path, case_no: str, narrative: str, *, revision: int = 1, status: str = "OPEN") -> Path:
    path.write_text(json.dumps({
        "export_version": "2.3", "agency": "OPP", "case_no": case_no, "revision": revision, "case_type": "MISSING_PERSON",
        "status": status, "opened": "2026-11-26T20:00:00-05:00", "caveats": [],
        "subjects": [{"subject_id": "S1", "role": "MISSING", "surname": "Cheechoo", "given": "Layla", "dob": "2010-07-01", "sex": "F",
                      "phones": [], "addresses": []}],
        "vehicles": [], "locations": [], "narrative": narrative}) + "\n", encoding="utf-8")
    return path


def _listen(client: httpx.Client, events: list[tuple[str, dict[str, Any]]], stop: threading.Event) -> None:
    with client.stream("GET", "/alerts/stream", timeout=httpx.Timeout(60, read=60)) as response:
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
        kind = ""
        for line in response.iter_lines():
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                events.append((kind, json.loads(line[6:])))
            if stop.is_set():
                return


def _wait(predicate: Any, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_the_live_stream_delivers_an_alert_with_its_path_hides_what_the_watcher_may_not_see_and_retracts_on_purge(
        store: Path, tmp_path: Path) -> None:
    settings = settings_for(store)
    opp_phone, tps_phone = _phone_of(store, ("OPP",)), _phone_of(store, ("TPS",))
    opp = {"Authorization": f"Bearer {token_for(settings, 'inv-opp', UserRole.INVESTIGATOR, 'OPP')}"}
    tps = {"Authorization": f"Bearer {token_for(settings, 'inv-tps', UserRole.INVESTIGATOR, 'TPS')}"}
    with serving(store, settings, as_admin=False) as client:
        assert client.post("/watches", json={"entities": [tps_phone]}, headers=opp).status_code == 404  # not hers to see
        watch = client.post("/watches", json={"entities": [opp_phone], "reason": "ring phone"}, headers=opp)
        assert watch.status_code == 200, watch.text
        assert client.post("/watches", json={"entities": [tps_phone]}, headers=tps).status_code == 200
        events: list[tuple[str, dict[str, Any]]] = []
        stop = threading.Event()
        listener = threading.Thread(target=_listen, args=(httpx.Client(base_url=str(client.base_url), headers=opp), events, stop),
                                    daemon=True)
        listener.start()
        time.sleep(1)
        number = opp_phone.split(":", 1)[1]
        ingest_and_link(settings, [_record(tmp_path / "mcm_OPP_live.jsonl", "OPP-26-970001",
                                           f"Layla was picked up by a driver; her last call was to {number}, then "
                                           f"{tps_phone.split(':', 1)[1]}.")])
        held = AlertStore(store / "alerts.db")
        try:
            raised = held.alerts("inv-opp")
        finally:
            held.close()
        assert [a.record_key for a in raised] == ["OPP:OPP-26-970001"], (raised, events)
        _wait(lambda: any(kind == "alert" for kind, _ in events))
        alert = next(data for kind, data in events if kind == "alert")
        assert alert["record_key"] == "OPP:OPP-26-970001" and alert["path_nodes"] == ["record:OPP:OPP-26-970001", opp_phone]
        assert alert["path"][0]["records"] == ["OPP:OPP-26-970001"] and "ring phone" in alert["reason"]

        # The TPS investigator's watch matched as well, but the record is OPP's: nothing reaches her.
        held = AlertStore(store / "alerts.db")
        try:
            assert [a.record_key for a in held.alerts("inv-tps")] == ["OPP:OPP-26-970001"]
        finally:
            held.close()
        assert client.get("/alerts", headers=tps).json()["alerts"] == []
        assert [a["record_key"] for a in client.get("/alerts", headers=opp).json()["alerts"]] == ["OPP:OPP-26-970001"]

        ingest_and_link(settings, [_record(tmp_path / "mcm_OPP_purge.jsonl", "OPP-26-970001", "", revision=2, status="PURGED")])
        _wait(lambda: any(kind == "retracted" for kind, _ in events))
        stop.set()
        retracted = next(data for kind, data in events if kind == "retracted")
        assert retracted["id"] == alert["id"] and retracted["retraction"] == "the record was purged"


def test_analytics_answer_for_the_callers_viewer(store: Path) -> None:
    settings = settings_for(store)
    admin = {"Authorization": f"Bearer {token_for(settings, 'an-admin', UserRole.ADMIN)}"}
    tps = {"Authorization": f"Bearer {token_for(settings, 'an-tps', UserRole.ANALYST, 'TPS')}"}
    with serving(store, settings, as_admin=False) as client:
        everything = client.get("/analytics/communities", headers=admin).json()
        toronto = client.get("/analytics/communities", headers=tps).json()
        assert everything["method"].startswith("louvain/") and toronto["scope"]["entities"] < everything["scope"]["entities"]
        visible = {m for c in toronto["communities"] for m in c["members"]}
        graph = EmbeddedGraphStore(store / "graph.db")
        try:
            from models.access import Policy

            viewer = Policy().viewer("an-tps", UserRole.ANALYST, "TPS")
            assert visible <= set(graph.entity_ids(viewer=viewer))
        finally:
            graph.close()
        players = client.get("/analytics/key-players", params={"top": 3}, headers=tps)
        assert players.status_code == 200 and len(players.json()["players"]) == 3
        assert client.get("/leads", params={"top": 5}, headers=tps).status_code == 200
        assert client.get("/analytics/communities").status_code == 401
        # An alert cursor past SQLite's integers is a refused parameter, not a server error (found by schemathesis).
        for path in ("/alerts", "/alerts/stream"):
            assert client.get(path, params={"after": 2**80}, headers=tps).status_code == 422


def test_a_disclosure_over_http_is_crown_only_and_issues_a_verifiable_package(store: Path) -> None:
    settings = settings_for(store)
    crown = {"Authorization": f"Bearer {token_for(settings, 'crown-h', UserRole.CROWN, 'OPP')}"}
    analyst = {"Authorization": f"Bearer {token_for(settings, 'analyst-h', UserRole.ANALYST, 'OPP')}"}
    body = {"case": "OPP:OPP-25-000001", "recipient": "Defence counsel", "reason": "disclosure", "depth": 2}
    with serving(store, settings, as_admin=False) as client:
        assert client.post("/disclosures", json=body, headers=analyst).status_code == 403
        draft = client.post("/disclosures", json=body, headers=crown)
        assert draft.status_code == 200, draft.text
        draft_id, proposals = draft.json()["draft"], draft.json()["proposals"]
        assert proposals  # the case's network holds youth and complainant records
        early = client.post(f"/disclosures/{draft_id}/issue", headers=crown)
        assert early.status_code == 400 and "not yet confirmed" in early.json()["message"]
        assert client.post(f"/disclosures/{draft_id}/decisions", json={"proposals": ["all"]}, headers=analyst).status_code == 403
        decided = client.post(f"/disclosures/{draft_id}/decisions", json={"proposals": ["all"]}, headers=crown)
        assert decided.status_code == 200 and all(p["decision"] == "confirmed" for p in decided.json()["proposals"])
        issued = client.post(f"/disclosures/{draft_id}/issue", headers=crown)
        assert issued.status_code == 200, issued.text
        directory = Path(issued.json()["directory"])
        assert client.post(f"/disclosures/{draft_id}/issue", headers=crown).status_code == 400  # issued once, then immutable
        manifest = json.loads((directory / "manifest.json").read_bytes())
        files = {name: (directory / name).read_bytes() for name in manifest["files"]}
        from api.services.disclosure import build

        assert build.verify(files, manifest) == []

"""Watchlists and alerts through the real ingest path (local transport, embedded store)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from api.runtime import ingest_and_link
from graph.alerts import AlertStore, WatchError
from graph.store.embedded import EmbeddedGraphStore
from models.access import SYSTEM
from models.settings import Settings


def _mcm(path: Path, *records: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _missing(case_no: str, revision: int, narrative: str, *, status: str = "OPEN", caveats: list[str] | None = None) -> dict[str, Any]:
    return {"export_version": "2.3", "agency": "OPP", "case_no": case_no, "revision": revision, "case_type": "MISSING_PERSON",
            "status": status, "opened": "2026-11-20T21:00:00-05:00", "caveats": caveats or [],
            "subjects": [{"subject_id": "S1", "role": "MISSING", "surname": "Quillfeather", "given": "Maëlle", "dob": "2010-04-02",
                          "sex": "F", "phones": [], "addresses": []}],
            "vehicles": [], "locations": [], "narrative": narrative}


@pytest.fixture(scope="module")
def world(dev_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, dict[str, Any]]:
    store = tmp_path_factory.mktemp("alerts")
    settings = Settings(store=store, env="test")
    ingest_and_link(settings, [dev_dir])
    return settings, json.loads((dev_dir / "truth.json").read_text(encoding="utf-8"))


def test_a_new_record_sharing_a_watched_phone_raises_one_alert_with_its_path_and_a_purge_retracts_it(
        world: tuple[Settings, dict[str, Any]], tmp_path: Path) -> None:
    settings, truth = world
    phone = f"phone:{truth['rings'][0]['phones'][0]}"
    alerts = AlertStore(settings.store / "alerts.db")
    graph = EmbeddedGraphStore(settings.store / "graph.db")
    try:
        watch = alerts.add_watch("inv-a", [phone], hops=1, reason="ring phone", store=graph)
        other = alerts.add_watch("inv-b", [phone], hops=1, record_types=["ASSAULT"], store=graph)
        national = truth["rings"][0]["phones"][0][2:]
        spaced = f"{national[:3]} {national[3:6]} {national[6:]}"
        ingest_and_link(settings, [_mcm(tmp_path / "mcm_OPP_new.jsonl",
                                        _missing("OPP-26-900001", 1, f"Maëlle was last seen texting {spaced} near the bus terminal."),
                                        _missing("OPP-26-900002", 1, "Unrelated: a girl missing from a group home, no contacts known."))])
        raised = alerts.alerts("inv-a")
        assert [a.record_key for a in raised] == ["OPP:OPP-26-900001"]
        alert = raised[0]
        assert alert.watch_id == watch.id and alert.entity == phone and alert.hops == 1 and alert.retracted_at is None
        assert alert.path_nodes == ("record:OPP:OPP-26-900001", phone)
        assert alert.path[0].records == ("OPP:OPP-26-900001",)
        assert "mentions watched" in alert.reason and "ring phone" in alert.reason
        assert alerts.alerts("inv-b") == []  # that watch is for assault reports only
        assert other.record_types == ("ASSAULT",)

        # A new revision of the same record, and the same items again: still one alert.
        ingest_and_link(settings, [_mcm(tmp_path / "mcm_OPP_rev.jsonl",
                                        _missing("OPP-26-900001", 2, f"Update: Maëlle still missing; phone {spaced} still active."))])
        assert len(alerts.alerts("inv-a")) == 1

        ingest_and_link(settings, [_mcm(tmp_path / "mcm_OPP_purge.jsonl", _missing("OPP-26-900001", 3, "", status="PURGED"))])
        after = alerts.alerts("inv-a")
        assert len(after) == 1 and after[0].retracted_at is not None and after[0].retraction == "the record was purged"
        assert alerts.alerts("inv-a", include_retracted=False) == []
    finally:
        alerts.close()
        graph.close()


def test_a_watch_within_two_hops_gets_the_connecting_path(world: tuple[Settings, dict[str, Any]], tmp_path: Path) -> None:
    settings, truth = world
    alerts = AlertStore(settings.store / "alerts.db")
    graph = EmbeddedGraphStore(settings.store / "graph.db")
    try:
        ring = truth["rings"][1]
        phone = f"phone:{ring['phones'][0]}"
        users = [lk.source if lk.target == phone else lk.target for lk in graph.links_of([phone], viewer=SYSTEM) if lk.kind == "USES_PHONE"]
        assert users, "the ring phone has a known user in the dev world"
        person = sorted(users)[0]
        alerts.add_watch("inv-c", [person], hops=2, record_types=["MISSING_PERSON"], reason="suspect", store=graph)
        ingest_and_link(settings, [_mcm(tmp_path / "mcm_OPP_two.jsonl",
                                        _missing("OPP-26-900010", 1, f"Seen getting into a car; her friend gave the number {ring['phones'][0]}."))])
        raised = alerts.alerts("inv-c")
        assert len(raised) == 1
        alert = raised[0]
        assert alert.hops == 2 and alert.path_nodes[0] == "record:OPP:OPP-26-900010" and alert.path_nodes[-1] == person
        assert alert.path_nodes[1] == phone and "is 2 hops from" in alert.reason
    finally:
        alerts.close()
        graph.close()


@pytest.mark.parametrize(("entities", "hops", "message"), [
    ([], 1, "at least one entity"),
    (["phone:+19999999999"], 1, "no entity"),
    (["x"], 0, "between 1 and"),
    (["x"], 4, "between 1 and"),
])
def test_bad_watches_are_refused_with_a_reason(world: tuple[Settings, dict[str, Any]], entities: list[str], hops: int, message: str) -> None:
    settings, _ = world
    alerts = AlertStore(settings.store / "alerts.db")
    graph = EmbeddedGraphStore(settings.store / "graph.db")
    try:
        with pytest.raises(WatchError, match=message):
            alerts.add_watch("inv-a", entities, hops=hops, store=graph)
    finally:
        alerts.close()
        graph.close()

"""Investigators' decisions between entities, over HTTP and the CLI on the dev world: an alias-only
person decided to be a known person, an alias kept off the person a record binds it to, two
places made one; each holds across a re-ingest into a graph rebuilt from nothing, and its undo
gives back the graph as it was."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.service import open_graph_sync
from graph.store.factory import create_graph_store
from ingest.ledger import Ledger
from ingest.service import ledger_path
from models.access import UserRole
from models.normalise import fold
from models.settings import Settings
from tests.api.conftest import serving, settings_for, token_for
from tests.api.test_resolution_http import clear_graph, person_of, run_caselink
from tests.conftest import graph_fingerprint


@pytest.fixture
def store(linked_dev: Path, tmp_path: Path) -> Path:
    """A private copy of the linked dev world: decisions change its graph."""
    copy = tmp_path / "store"
    shutil.copytree(linked_dev, copy)
    return copy


@pytest.fixture(params=["embedded", "neo4j"])
def engine(request: pytest.FixtureRequest, store: Path) -> Settings:
    """The embedded graph, or a real Neo4j built from the same ledger (as in test_resolution_http)."""
    if request.param == "embedded":
        return settings_for(store)
    uri = os.environ.get("CASELINK_TEST_NEO4J")
    if not uri:
        pytest.skip("CASELINK_TEST_NEO4J is not set: no Neo4j server started for this run (deploy/local/services.sh)")
    settings = settings_for(store, graph=uri, neo4j_password=os.environ.get("CASELINK_NEO4J_PASSWORD"))
    clear_graph(settings)
    ledger = Ledger(ledger_path(settings))
    graph = create_graph_store(settings)
    sync = open_graph_sync(settings, ledger, graph)
    try:
        sync.commit()
    finally:
        sync.close()
        graph.close()
        ledger.close()
    return settings


def _bearer(settings: Settings, name: str, role: UserRole, agency: str | None = None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(settings, name, role, agency)}"}


def _alias_only(client: httpx.Client, alias: str, headers: dict[str, str] | None = None) -> str | None:
    """The alias-only person known by ``alias``, if the graph (as ``headers``' viewer sees it) has one."""
    hits = client.get("/search", params={"q": alias, "kinds": "person"}, headers=headers).json()["hits"]
    return next((h["entity"]["id"] for h in hits if h["entity"]["properties"].get("alias_only")
                 and fold(alias) in {fold(a) for a in h["entity"]["properties"].get("aliases", [])}), None)


def _alias_case(admin: httpx.Client, settings: Settings, truth: dict[str, Any]) -> tuple[str, str, str, dict[str, str]]:
    """An alias the dev world leaves alias-only, a subject mention of the person truth says it names,
    and an investigator of that mention's service who may see both: (alias, alias-only id, mention, bearer).
    Aliases only one person of the world goes by come first."""
    owners: dict[str, list[str]] = {}
    for pid, person in sorted(truth["persons"].items()):
        for alias in person.get("aliases", []):
            owners.setdefault(alias, []).append(pid)
    mentions = {pid: sorted({f"{r['key']}#{s}" for r in truth["records"] for s, p in r["subjects"].items() if p == pid})
                for pids in owners.values() for pid in pids}
    for alias, pids in sorted(owners.items(), key=lambda kv: (len(kv[1]), kv[0])):
        entity = _alias_only(admin, alias)
        if entity is None:
            continue
        for mention in (m for pid in pids for m in mentions[pid]):
            agency = mention.split(":", 1)[0]
            investigator = _bearer(settings, f"det.{agency.lower()}", UserRole.INVESTIGATOR, agency)
            if admin.get(f"/entities/{entity}", headers=investigator).status_code == 200:
                return alias, entity, mention, investigator
    raise AssertionError("the dev world has no alias-only person an investigator of its person's service may see")


def _key_players(client: httpx.Client) -> list[dict[str, Any]]:
    answer = client.get("/analytics/key-players", params={"top": 200})
    assert answer.status_code == 200, answer.text
    players: list[dict[str, Any]] = answer.json()["players"]
    return players


def test_an_alias_only_person_decided_to_be_a_known_person_holds_across_reingest_and_undo(
        store: Path, engine: Settings, dev_dir: Path, truth: dict[str, Any]) -> None:
    settings = engine
    before = graph_fingerprint(settings)
    with serving(store, settings) as admin:
        alias, alias_only, mention, investigator = _alias_case(admin, settings, truth)
        person = person_of(admin, mention)
        players_before = {p["entity"]: p for p in _key_players(admin)}
        assert not any(p.startswith("person:alias:") for p in players_before)

        analyst = _bearer(settings, "analyst.1", UserRole.ANALYST, mention.split(":", 1)[0])
        body = {"a": person, "b": alias_only, "verdict": "same", "reason": f"{alias} is this man's street name (debrief)"}
        assert admin.post("/review/decisions", headers=analyst, json=body).status_code == 403
        decided = admin.post("/review/decisions", headers=investigator, json=body)
        assert decided.status_code == 200, decided.text
        decision = decided.json()
        # Stored under keys no rebuild changes: one of the person's mentions, and the folded alias.
        assert decision["a"].rsplit("#", 1)[0] and "#" in decision["a"] and decision["b"] == f"alias:{fold(alias)}"
        assert person_of(admin, decision["a"]) == person
        assert decision["person_a"] == decision["person_b"] == person and decision["active"]

        # One entity: the alias-only person is gone, the alias finds the person, the join is explained.
        assert admin.get(f"/entities/{alias_only}").status_code == 404
        assert _alias_only(admin, alias) is None
        hits = admin.get("/search", params={"q": alias, "kinds": "person"}).json()["hits"]
        assert person in [h["entity"]["id"] for h in hits]
        why = admin.get(f"/entities/{person}/why", headers=investigator).json()
        join = next(j for j in why["joins"] if j["b"] == decision["b"])
        assert join["decision"]["id"] == decision["id"] and join["algorithm"].startswith("investigator-decision")
        # Key players: still no alias-only person; the person lost nothing (the alias's records are now theirs).
        players = {p["entity"]: p for p in _key_players(admin)}
        assert not any(p.startswith("person:alias:") for p in players)
        assert person in players and players[person]["degree"] > players_before.get(person, {"degree": 0})["degree"]
        # Listed for its decider; a viewer of a service that may not see the person's record is not told of it.
        listed = admin.get("/review/decisions", headers=investigator).json()["items"]
        assert [d["id"] for d in listed] == [decision["id"]]
        outsider = "TPS" if mention.startswith("SPGS:") else "SPGS"
        theirs = admin.get("/review/decisions", headers=_bearer(settings, "det.out", UserRole.INVESTIGATOR, outsider))
        assert theirs.status_code == 200 and theirs.json()["items"] == []
        decided_graph = graph_fingerprint(settings)

    # Re-ingest the world into a graph rebuilt from nothing, in another process: the decision holds.
    clear_graph(settings)
    result = run_caselink(store, "ingest", str(dev_dir), "--json", settings=settings)
    assert result.returncode == 0, result.stderr
    assert graph_fingerprint(settings) == decided_graph

    listed_cli = run_caselink(store, "review", "decisions", "--active", "--json", settings=settings)
    assert listed_cli.returncode == 0, listed_cli.stderr
    assert [(d["id"], d["b"]) for d in json.loads(listed_cli.stdout)["items"]] == [(decision["id"], decision["b"])]
    undone = run_caselink(store, "review", "undo", str(decision["id"]), "--why", "the debrief named another man", "--json",
                       settings=settings)
    assert undone.returncode == 0, undone.stderr
    answer = json.loads(undone.stdout)
    assert not answer["active"] and answer["person_b"] == alias_only
    assert graph_fingerprint(settings) == before


def test_two_places_decided_one_place_and_undone(store: Path, engine: Settings) -> None:
    settings = engine
    before = graph_fingerprint(settings)
    with serving(store, settings) as admin:
        places = [h["entity"] for h in admin.get("/search", params={"q": "Sunset Lodge", "kinds": "place", "limit": 50}).json()["hits"]]
        # A motel some narratives name without a city, and the same name known in a city.
        bare = next(p for p in places if "," not in p["caption"])
        located = next(p for p in places if p["caption"].startswith(bare["caption"] + ", "))
        bare_records = set(admin.get(f"/entities/{bare['id']}").json()["records"])
        located_records = set(admin.get(f"/entities/{located['id']}").json()["records"])
        assert bare_records and located_records

    # Decided through the CLI: the place named first stays, with its caption.
    decided = run_caselink(store, "review", "decide", located["id"], bare["id"], "same", "--why", "the clerk confirms one motel",
                        "--json", settings=settings)
    assert decided.returncode == 0, decided.stderr
    decision = json.loads(decided.stdout)
    assert (decision["a"], decision["b"]) == (located["id"], bare["id"])
    assert decision["person_a"] == decision["person_b"] == located["id"]

    with serving(store, settings) as admin:
        assert admin.get(f"/entities/{bare['id']}").status_code == 404
        one = admin.get(f"/entities/{located['id']}").json()
        assert one["entity"]["caption"] == located["caption"]
        assert set(one["records"]) == bare_records | located_records
        why = admin.get(f"/entities/{located['id']}/why").json()
        assert [j["decision"]["id"] for j in why["joins"]] == [decision["id"]]
        refused = admin.post("/review/decisions", json={"a": located["id"], "b": located["id"], "verdict": "same", "reason": "x"})
        assert refused.status_code == 400
        undone = admin.post(f"/review/decisions/{decision['id']}/undo", json={"reason": "two motels after all"})
        assert undone.status_code == 200, undone.text
        assert undone.json()["person_b"] == bare["id"]
    assert graph_fingerprint(settings) == before


def test_an_alias_a_record_binds_to_a_person_is_kept_off_them_by_a_not_same(store: Path, truth: dict[str, Any]) -> None:
    settings = settings_for(store)
    with serving(store, settings) as admin:
        # An alias the builder binds to a person: a narrative alias mention whose entity is a named person.
        found = None
        for record in truth["records"]:
            view = admin.get("/records/{}/{}".format(*record["key"].split(":", 1)))
            if view.status_code != 200:
                continue
            for m in view.json().get("mentions", []):
                if m["kind"] == "alias" and m["entity"] and not m["entity"].startswith("person:alias:"):
                    found = (record["key"], m["text"], m["entity"])
                    break
            if found:
                break
        assert found, "the dev world binds no narrative alias to a person"
        record_key, alias, person = found
        decided = admin.post("/review/decisions", json={"a": person, "b": f"alias:{alias}", "verdict": "not_same",
                                                        "reason": "two men use this name"})
        assert decided.status_code == 200, decided.text
        decision = decided.json()
        assert decision["person_a"] == person and decision["person_b"] != person
        view = admin.get("/records/{}/{}".format(*record_key.split(":", 1))).json()
        bound = {m["entity"] for m in view["mentions"] if m["kind"] == "alias" and fold(m["text"]) == fold(alias)}
        assert bound and person not in bound
        # Why are they two? The decision says so.
        assert decision["person_b"].startswith("person:alias:")
        why = admin.get("/why", params={"a": person, "b": decision["person_b"]}).json()
        assert not why["same_entity"] and f"decision {decision['id']}" in why["summary"], why["summary"]
        # Person against place, two aliases, not-same on two places: refused, clearly.
        place = admin.get("/search", params={"q": "Motel", "kinds": "place"}).json()["hits"][0]["entity"]["id"]
        other = admin.get("/search", params={"q": "Inn", "kinds": "place"}).json()["hits"][0]["entity"]["id"]
        for body, status, says in [
            ({"a": person, "b": place}, 400, "one kind"),
            ({"a": person, "b": "alias:nobody by this name"}, 404, "no alias"),
            ({"a": place, "b": other, "verdict": "not_same"}, 400, "only by a decision"),
            ({"a": "person:0000000000000000", "b": f"alias:{alias}"}, 404, "no entity"),
        ]:
            answer = admin.post("/review/decisions", json={"verdict": "same", "reason": "r", **body})
            assert answer.status_code == status and says in answer.json()["message"], answer.text
        # Two persons named by their entity ids: stored as a decision on a mention of each, as it always was.
        near = next(i for i in admin.get("/review", params={"kind": "near miss", "limit": 500}).json()["items"]
                    if "#S" in i["a"] and "#S" in i["b"])
        both = admin.post("/review/decisions", json={"a": near["person_a"], "b": near["person_b"], "verdict": "same",
                                                     "reason": "same tattoo in both reports"})
        assert both.status_code == 200, both.text
        joined = both.json()
        assert "#" in joined["a"] and "#" in joined["b"] and joined["person_a"] == joined["person_b"]

"""Access control, authentication, limits and the audit log over real HTTP, on every store.

The authorisation matrix of :mod:`tests.authz_world` is asked through the API (search, entity,
network, paths, records, health counts) for every role x agency x extra caveats; the answers must
be exactly what the oracle allows. The Neo4j case runs when ``CASELINK_TEST_NEO4J`` is set.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.http.app import create_app
from graph.store.embedded import EmbeddedGraphStore
from models.access import UserRole, Viewer
from models.settings import DEV_SIGNING_KEY, Settings
from tests.api.conftest import TEST_KEY, load_graph, serving, settings_for, store_settings, token_for
from tests.authz_world import ENTITIES, POLICY, RECORDS, Oracle, viewers, world

CASELINK = shutil.which("caselink") or str(Path(sys.executable).with_name("caselink"))


def _agreements(tmp: Path) -> Path:
    path = tmp / "agreements.json"
    path.write_text(json.dumps([{"owner": a.owner, "partners": sorted(a.partners), "basis": a.basis} for a in POLICY.agreements]))
    return path


@pytest.fixture(scope="module")
def world_settings(graph_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    tmp = tmp_path_factory.mktemp(f"authz-{graph_kind}")
    settings = store_settings(tmp, graph_kind, sharing_agreements=_agreements(tmp))
    load_graph(settings, world())
    return settings


@pytest.fixture(scope="module")
def client(world_settings: Settings) -> Iterator[httpx.Client]:
    with serving(world_settings.store, world_settings, as_admin=False) as c:
        yield c


def _as(viewer: Viewer, settings: Settings) -> dict[str, str]:
    token = token_for(settings, viewer.name, viewer.role, viewer.agency, tuple(sorted(viewer.clearances - _role_clearances(viewer))))
    return {"Authorization": f"Bearer {token}"}


def _role_clearances(viewer: Viewer) -> frozenset[str]:
    return frozenset(c.value for c in POLICY.roles[viewer.role].clearances)


def test_the_matrix_over_http(client: httpx.Client, world_settings: Settings) -> None:
    for viewer in viewers():
        want = Oracle(viewer)
        h = _as(viewer, world_settings)
        name = viewer.name
        assert client.get("/health", headers=h).json()["graph"] == want.counts(), name
        for eid, (_, caption, _, _) in ENTITIES.items():
            hits = {x["entity"]["id"] for x in client.get("/search", params={"q": caption}, headers=h).json()["hits"]}
            assert hits <= want.entities, (name, caption)
            assert (eid in hits) == (eid in want.entities and eid.startswith(("person:", "phone:"))), (name, eid)
            got = client.get(f"/entities/{eid}", headers=h)
            assert got.status_code == (200 if eid in want.entities else 404), (name, eid)
            if got.status_code == 200:
                assert set(got.json()["records"]) <= want.records
            net = client.get(f"/entities/{eid}/network", params={"depth": 3}, headers=h)
            assert net.status_code == (200 if eid in want.entities else 404)
            if net.status_code == 200:
                body = net.json()
                assert {e["id"] for e in body["entities"]} == set(want.within(eid, 3)), (name, eid)
                assert body["cut"] == {"hubs_not_expanded": [], "truncated": 0, "filtered_by_kind": 0, "filtered_by_date": 0}
        for key in RECORDS:
            agency, number = key.split(":")
            got = client.get(f"/records/{agency}/{number}", headers=h)
            assert got.status_code == (200 if key in want.records else 404), (name, key)
            if got.status_code == 200:
                record = got.json()["record"]
                assert ("contacts" in record) == (viewer.role not in (UserRole.ANALYST, UserRole.CROWN)), name
                assert ("phones" in record["subjects"][0]) == (viewer.role is not UserRole.ANALYST), name
        paths = client.get("/paths", params={"from": "person:V", "to": "person:W", "max": 6}, headers=h)
        if {"person:V", "person:W"} <= want.entities:
            found = paths.json()["paths"]
            assert bool(found) == ("person:W" in want.within("person:V", 6)), name
            assert all(n["id"] in want.entities for p in found for n in p["nodes"])
        else:
            assert paths.status_code == 404
        assert client.get("/dead-letters", headers=h).status_code == (200 if viewer.all_access else 403)


def test_unauthenticated_and_bad_tokens_are_refused(client: httpx.Client, world_settings: Settings) -> None:
    urls = ["/health", "/search?q=Vera", "/entities/person:V", "/entities/person:V/network", "/paths?from=person:V&to=person:W",
            "/records/A/1", "/dead-letters"]
    for url in urls:
        r = client.get(url)
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer" and r.json()["error"] == "unauthorized", url
    import jwt

    forged = jwt.encode({"sub": "admin", "role": "admin", "iat": int(time.time()), "exp": int(time.time()) + 60,
                         "iss": "caselink", "aud": "caselink-api"}, "x" * 40, algorithm="HS256")
    unsigned = jwt.encode({"sub": "admin", "iat": int(time.time()), "exp": int(time.time()) + 60}, None, algorithm="none")  # type: ignore[arg-type]
    for bad in (forged, unsigned, "garbage", "a.b.c"):
        assert client.get("/health", headers={"Authorization": f"Bearer {bad}"}).status_code == 401


def test_expiry_idle_disable_and_lockout(tmp_path: Path) -> None:
    graph = EmbeddedGraphStore(tmp_path / "graph.db")
    graph.replace(world())
    graph.close()
    settings = settings_for(tmp_path, idle_seconds=1, lockout_failures=3, lockout_seconds=60, rate_limit_per_minute=5)
    with serving(tmp_path, settings, as_admin=False) as c:
        good = {"Authorization": f"Bearer {token_for(settings, 'ana', UserRole.ANALYST, 'A')}"}
        assert c.get("/health", headers=good).status_code == 200
        time.sleep(1.6)
        assert c.get("/health", headers=good).status_code == 401  # idle too long
        fresh = {"Authorization": f"Bearer {token_for(settings, 'ana', UserRole.ANALYST, 'A')}"}
        for _ in range(4):
            assert c.get("/health", headers=fresh).status_code == 200
        assert c.get("/health", headers=fresh).status_code == 429  # fifth in a minute: rate limited
        from api.services.auth import User, issue_token

        expired = issue_token(settings, User("ana", UserRole.ANALYST, "A", ()), now=time.time() - 4000, ttl_seconds=3600)
        assert c.get("/health", headers={"Authorization": f"Bearer {expired}"}).status_code == 401
        other = {"Authorization": f"Bearer {token_for(settings, 'bob', UserRole.ANALYST, 'B')}"}
        subprocess.run([CASELINK, "users", "disable", "bob", "--store", str(tmp_path)], check=True, capture_output=True)
        assert c.get("/health", headers=other).status_code == 401  # disabled: refused at once
        # Three failures from this client lock it out, even with a good token afterwards.
        mallory = {"Authorization": f"Bearer {token_for(settings, 'mal', UserRole.ADMIN)}"}
        assert c.get("/health", headers=mallory).status_code == 200
        for _ in range(2):
            assert c.get("/health", headers={"Authorization": "Bearer nonsense"}).status_code == 401
        locked = c.get("/health", headers=mallory)
        assert locked.status_code == 401 and "locked out" in locked.json()["message"]
    refused = [(e["user"], e["status"], e["outcome"]) for e in map(json.loads, settings.audit_path().read_text().splitlines())]
    assert ("ana", 429, "refused") in refused and (None, 401, "refused") in refused


def test_the_development_key_is_refused_outside_development(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="development signing key"):
        Settings(store=tmp_path, env="production", signing_key=DEV_SIGNING_KEY)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="required outside development"):
        create_app(Settings(store=tmp_path, env="production"))
    assert Settings(store=tmp_path, env="development").token_key() == DEV_SIGNING_KEY


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    # The API's signing key: the audit log's checkpoints are signed with a key derived from it.
    return subprocess.run([CASELINK, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "CASELINK_SIGNING_KEY": TEST_KEY})


def test_every_request_is_audited_and_tampering_is_detected(tmp_path: Path) -> None:
    graph = EmbeddedGraphStore(tmp_path / "graph.db")
    graph.replace(world())
    graph.close()
    settings = settings_for(tmp_path, sharing_agreements=_agreements(tmp_path))
    with serving(tmp_path, settings, as_admin=False) as c:
        ana = {"Authorization": f"Bearer {token_for(settings, 'ana', UserRole.ANALYST, 'A')}", "X-Caselink-Reason": "case 2025-117"}
        calls = [c.get("/entities/person:V", headers=ana), c.get("/search", params={"q": "Yannick Youth"}, headers=ana),
                 c.get("/entities/person:H", headers=ana), c.get("/records/A/1", headers=ana), c.get("/health")]
        assert [r.status_code for r in calls] == [200, 200, 404, 200, 401]
    log = [json.loads(line) for line in settings.audit_path().read_text().splitlines()]
    assert len(log) == len(calls)
    assert [e["status"] for e in log] == [r.status_code for r in calls]
    assert log[0]["user"] == "ana" and log[0]["role"] == "analyst" and log[0]["reason"] == "case 2025-117"
    assert log[0]["entities"] == ["person:V"] and log[0]["records"] == ["A:1"]
    assert log[2]["entities"] == [] and log[2]["asked_entities"] == ["person:H"] and log[2]["outcome"] == "error"
    assert log[4]["user"] is None and log[4]["outcome"] == "refused"
    ok = _cli("audit", "verify", "--store", str(tmp_path), "--json")
    assert ok.returncode == 0 and json.loads(ok.stdout) == {"ok": True, "entries": 5, "bad_line": None, "reason": None,
                                                             "checkpoints": 1, "anchored": 5}  # signed at shutdown
    by_user = json.loads(_cli("audit", "search", "--user", "ana", "--store", str(tmp_path), "--json").stdout)
    assert len(by_user) == 4
    who = json.loads(_cli("audit", "search", "--entity", "person:Y", "--store", str(tmp_path), "--json").stdout)
    assert [e["path"] for e in who] == ["/search"]
    # Tamper: rewrite who asked for the victim.
    lines = settings.audit_path().read_text().splitlines()
    lines[0] = lines[0].replace('"user":"ana"', '"user":"someone"')
    settings.audit_path().write_text("\n".join(lines) + "\n")
    bad = _cli("audit", "verify", "--store", str(tmp_path), "--json")
    assert bad.returncode == 1 and json.loads(bad.stdout)["bad_line"] == 1
    # Delete an entry in the middle: the chain breaks there.
    del lines[0]
    settings.audit_path().write_text("\n".join(lines[1:]) + "\n")
    assert _cli("audit", "verify", "--store", str(tmp_path)).returncode == 1


def test_a_request_that_cannot_be_audited_fails(tmp_path: Path) -> None:
    graph = EmbeddedGraphStore(tmp_path / "graph.db")
    graph.replace(world())
    graph.close()
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    settings = settings_for(tmp_path, audit_log=blocker / "audit.log")
    with serving(tmp_path, settings, check_audit=False) as c:  # the point: no entry could be written
        r = c.get("/entities/person:V")
        assert r.status_code == 503 and r.json()["error"] == "audit_unavailable" and "Vera" not in r.text


def test_cli_queries_answer_as_a_registered_user(tmp_path: Path) -> None:
    graph = EmbeddedGraphStore(tmp_path / "graph.db")
    graph.replace(world())
    graph.close()
    from ingest.ledger import Ledger
    from ingest.service import ledger_path

    Ledger(ledger_path(Settings(store=tmp_path))).close()
    assert _cli("users", "add", "ana", "--role", "analyst", "--agency", "A", "--store", str(tmp_path)).returncode == 0
    hidden = _cli("show", "person:H", "--as", "ana", "--store", str(tmp_path), "--json")
    assert hidden.returncode == 1 and "no entity" in hidden.stderr
    seen: Any = json.loads(_cli("show", "person:V", "--as", "ana", "--store", str(tmp_path), "--json").stdout)
    assert seen["entity"]["id"] == "person:V"
    assert _cli("show", "person:V", "--as", "nobody", "--store", str(tmp_path)).returncode == 2
    entries = [json.loads(line) for line in (tmp_path / "audit.log").read_text().splitlines()]
    assert [(e["channel"], e["user"], e["status"]) for e in entries] == [("cli", "ana", "error"), ("cli", "ana", "ok")]


def test_a_purge_entry_names_the_record_not_its_content(tmp_path: Path) -> None:
    from api.services.audit import AuditLog, purge_entry

    log = AuditLog(tmp_path / "audit.log")
    written = log.append(purge_entry("A:1", source="mcm_OPP.jsonl:12"))
    assert written["records"] == ["A:1"] and written["method"] == "PURGE" and "payload" not in written
    assert log.verify().ok and [e["seq"] for e in log.search(record="A:1")] == [1]


def _unsigned(name: str) -> str:
    import base64

    def part(obj: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part({'sub': name, 'role': 'admin', 'exp': 4102444800, 'iat': 1})}."


def test_forged_tokens_lock_out_their_sender_never_the_user_they_name(tmp_path: Path) -> None:
    """Finding 8: five unsigned tokens naming a user used to lock that user out. Behind a trusted proxy
    the attacker's and the victim's addresses differ; only the attacker's is locked."""
    graph = EmbeddedGraphStore(tmp_path / "graph.db")
    graph.replace(world())
    graph.close()
    settings = settings_for(tmp_path, lockout_failures=5, lockout_seconds=600, trusted_proxies=("127.0.0.1",))
    attacker, victim = {"X-Forwarded-For": "203.0.113.9"}, {"X-Forwarded-For": "198.51.100.7"}
    with serving(tmp_path, settings, as_admin=False) as c:
        token = {"Authorization": f"Bearer {token_for(settings, 'vic', UserRole.ANALYST, 'A')}"}
        for _ in range(6):
            assert c.get("/health", headers={**attacker, "Authorization": f"Bearer {_unsigned('vic')}"}).status_code == 401
        assert c.get("/health", headers={**token, **victim}).status_code == 200  # the named user is not locked out
        locked = c.get("/health", headers={**token, **attacker})
        assert locked.status_code == 401 and "locked out" in locked.json()["message"]  # the sender is
    clients = [(e["user"], e["client"]) for e in map(json.loads, settings.audit_path().read_text().splitlines())]
    assert ("vic", "198.51.100.7") in clients and (None, "203.0.113.9") in clients


def test_the_audited_client_is_the_socket_unless_a_trusted_proxy_forwarded_it(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    with serving(tmp_path, settings, as_admin=False) as c:
        token = {"Authorization": f"Bearer {token_for(settings, 'ana', UserRole.ANALYST, 'A')}"}
        assert c.get("/health", headers={**token, "X-Forwarded-For": "192.0.2.44"}).status_code == 200
    entries = [json.loads(line) for line in settings.audit_path().read_text().splitlines()]
    assert [e["client"] for e in entries if e["user"] == "ana"] == ["127.0.0.1"]


@pytest.mark.parametrize(("peer", "forwarded", "trusted", "expected"), [
    ("127.0.0.1", "192.0.2.1", (), "127.0.0.1"),                              # no proxy trusted: the socket
    ("10.0.0.5", "192.0.2.1", ("127.0.0.1",), "10.0.0.5"),                    # the peer is not the trusted proxy
    ("127.0.0.1", "192.0.2.1", ("127.0.0.1",), "192.0.2.1"),                  # forwarded by the trusted proxy
    ("127.0.0.1", "6.6.6.6, 192.0.2.1", ("127.0.0.1",), "192.0.2.1"),         # a caller-written entry further left is ignored
    ("10.0.0.5", "192.0.2.1, 10.0.0.9", ("10.0.0.0/24",), "192.0.2.1"),       # a chain of trusted proxies
    ("127.0.0.1", None, ("127.0.0.1",), "127.0.0.1"),                         # nothing forwarded
    ("127.0.0.1", "not-an-address", ("127.0.0.1",), "not-an-address"),       # recorded as written, never trusted
])
def test_client_address(peer: str, forwarded: str | None, trusted: tuple[str, ...], expected: str) -> None:
    from api.services.auth import client_address

    assert client_address(peer, forwarded, trusted) == expected

"""Issue 15, finding 7: every read route's audit entry names the entities and records it returned, and
``caselink audit verify`` catches a log cut short or a chain recomputed after signed checkpoints.

Real requests (the app on a socket, the ``caselink`` command in a subprocess) write a real audit log
on a hand-written world (:mod:`tests.api.alerts_world`); what each entry should name is read back
from the response itself, by a different method from the service's (every id-shaped string in the JSON).

What an entry names depends on what the graph store returned, so the world's tests run on both stores
(the embedded graph; Neo4j when ``CASELINK_TEST_NEO4J`` is set, skipped otherwise; the CLI on the same
server). The anchored-chain tests read and rewrite only the log file: the store plays no role there,
and they run once, on the embedded graph."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from api.services.audit import GENESIS, AuditLog
from models.access import UserRole
from models.settings import DEV_SIGNING_KEY, Settings
from models.vocabulary import EntityKind
from tests.api.alerts_world import (
    CLEARED_WATCHER,
    DANA_PHONE,
    OPEN_DANA,
    OPEN_WATCHER,
    SHARED_PHONE,
    base_world,
    raise_alerts,
)
from tests.api.conftest import TEST_KEY, graph_env, serving, settings_for, store_settings, token_for
from tests.conftest import REPO

ENTITY_ID = re.compile(rf"^({'|'.join(re.escape(k.value) for k in EntityKind)}):.+$")
RECORD_KEY = re.compile(r"^[A-Z]{2,5}:[A-Z]{2,5}-\d{2}-\d{6}$")
OPEN_DANA_NODE = f"record:{OPEN_DANA}"


def disclosed(body: object) -> tuple[set[str], set[str]]:
    """Every entity id and record key anywhere in a JSON answer (record nodes name their records)."""
    entities: set[str] = set()
    records: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str):
            if ENTITY_ID.match(value):
                entities.add(value)
                if value.startswith("record:"):
                    records.add(value.removeprefix("record:"))
            elif RECORD_KEY.match(value):
                records.add(value)

    walk(body)
    return entities, records


@pytest.fixture(scope="module")
def world(graph_kind: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, dict[str, str]]:
    root = tmp_path_factory.mktemp(f"audit-world-{graph_kind}")
    settings = store_settings(root / "store", graph_kind)
    base_world(settings, root)
    tokens = {name: token_for(settings, name, UserRole.INVESTIGATOR, "OPP", caveats)
              for name, caveats in ((OPEN_WATCHER, ()), (CLEARED_WATCHER, ("INFORMANT",)))}
    with serving(settings.store, settings, as_admin=False) as client:
        for token in tokens.values():
            assert client.post("/watches", json={"entities": [DANA_PHONE, SHARED_PHONE], "hops": 2},
                               headers={"Authorization": f"Bearer {token}"}).status_code == 200
    raise_alerts(settings, root)
    return settings, tokens


@pytest.fixture(scope="module")
def http(world: tuple[Settings, dict[str, str]]) -> Iterator[httpx.Client]:
    settings, _ = world
    with serving(settings.store, settings, as_admin=False) as client:
        yield client


def _entries(settings: Settings) -> list[dict[str, Any]]:
    return [json.loads(line) for line in settings.audit_path().read_text(encoding="utf-8").splitlines()]


def _cli(settings: Settings, *args: str, key: str = TEST_KEY) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CASELINK_ENV": "test", "CASELINK_STORE": str(settings.store), "CASELINK_SIGNING_KEY": key,
           "CASELINK_AUDIT_CHECKPOINT_EVERY": str(settings.audit_checkpoint_every), **graph_env(settings)}
    return subprocess.run([sys.executable, "-m", "api.cli", *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=300)


#: (route, query, what the answer must disclose at least: entities, records).
ROUTES: list[tuple[str, dict[str, Any], set[str], set[str]]] = [
    (f"/entities/{DANA_PHONE}/timeline", {}, {DANA_PHONE}, {OPEN_DANA}),
    ("/analytics/communities", {"resolution": 0.5}, set(), set()),
    ("/analytics/key-players", {"top": 5}, set(), set()),
    ("/analytics/connect", {"ids": [DANA_PHONE, OPEN_DANA_NODE]}, {DANA_PHONE, OPEN_DANA_NODE}, {OPEN_DANA}),
    ("/analytics/timed-paths", {"from": DANA_PHONE, "to": OPEN_DANA_NODE}, {DANA_PHONE}, {OPEN_DANA}),
    ("/analytics/associates", {"a": DANA_PHONE, "b": OPEN_DANA_NODE, "depth": 2}, set(), set()),
    ("/leads", {"top": 5}, set(), set()),
    ("/alerts", {}, {DANA_PHONE}, {OPEN_DANA}),
    (f"/entities/{DANA_PHONE}/network", {"depth": 2}, {DANA_PHONE, OPEN_DANA_NODE}, {OPEN_DANA}),
    ("/search", {"q": OPEN_DANA.split(":", 1)[1]}, {OPEN_DANA_NODE}, {OPEN_DANA}),
    ("/search", {"q": "Dana Whitfield"}, set(), set()),
    ("/paths", {"from": DANA_PHONE, "to": OPEN_DANA_NODE}, {DANA_PHONE}, {OPEN_DANA}),
]


@pytest.mark.parametrize("watcher", [OPEN_WATCHER, CLEARED_WATCHER])
@pytest.mark.parametrize(("route", "query", "entities", "records"), ROUTES, ids=[f"{r[0]}?{r[1]}" for r in ROUTES])
def test_a_read_routes_audit_entry_names_every_entity_and_record_it_returned(
        world: tuple[Settings, dict[str, str]], http: httpx.Client, watcher: str, route: str, query: dict[str, Any],
        entities: set[str], records: set[str]) -> None:
    settings, tokens = world
    answer = http.get(route, params=query, headers={"Authorization": f"Bearer {tokens[watcher]}"})
    assert answer.status_code == 200, answer.text
    entry = next(e for e in reversed(_entries(settings)) if e["user"] == watcher and e["path"] == route)
    shown_entities, shown_records = disclosed(answer.json())
    assert shown_entities, "an answer with nothing in it proves nothing"
    assert entities <= shown_entities and records <= shown_records
    assert set(entry["entities"]) <= shown_entities  # nothing recorded that was not returned
    assert shown_entities <= set(entry["entities"]) | set(entry["asked_entities"])  # everything returned is recorded
    assert set(entry["records"]) == shown_records


CLI_CASES: list[tuple[list[str], Callable[[str], object]]] = [
    (["analyse", "timeline", DANA_PHONE], json.loads),
    (["analyse", "leads", "--top", "5"], json.loads),
    (["analyse", "communities", "--resolution", "0.5"], json.loads),
    (["network", DANA_PHONE, "--depth", "2"], json.loads),
    (["search", OPEN_DANA.split(":", 1)[1]], json.loads),
    (["alerts"], lambda out: [json.loads(line) for line in out.splitlines() if line.strip()]),
]


@pytest.mark.parametrize(("args", "parse"), CLI_CASES, ids=[" ".join(c[0][:2]) for c in CLI_CASES])
def test_a_cli_questions_audit_entry_names_what_it_printed(world: tuple[Settings, dict[str, str]], args: list[str],
                                                          parse: Callable[[str], object]) -> None:
    settings, _ = world
    done = _cli(settings, *args, "--as", CLEARED_WATCHER, "--json")
    assert done.returncode == 0, done.stderr[-2000:]
    shown_entities, shown_records = disclosed(parse(done.stdout))
    entry = next(e for e in reversed(_entries(settings)) if e["channel"] == "cli")
    assert entry["user"] == CLEARED_WATCHER and shown_entities
    assert shown_entities <= set(entry["entities"]) | set(entry["asked_entities"])
    assert set(entry["records"]) == shown_records


def test_http_and_cli_entries_have_the_same_fields(world: tuple[Settings, dict[str, str]], http: httpx.Client) -> None:
    settings, tokens = world
    assert http.get(f"/entities/{DANA_PHONE}/timeline", headers={"Authorization": f"Bearer {tokens[OPEN_WATCHER]}"}).status_code == 200
    assert _cli(settings, "analyse", "timeline", DANA_PHONE, "--as", OPEN_WATCHER, "--json").returncode == 0
    entries = _entries(settings)
    web = next(e for e in reversed(entries) if e["channel"] == "http")
    cli = next(e for e in reversed(entries) if e["channel"] == "cli")
    assert set(web) - {"ms"} == set(cli) and web["records"] == cli["records"] and web["entities"] == cli["entities"]


# -- the anchored chain -------------------------------------------------------------------------------------------------------


def _rehash(entries: list[dict[str, Any]]) -> list[bytes]:
    """The chain recomputed as a forger would (api.services.audit's hashing, redone here by hand)."""
    prev, out = GENESIS, []
    for seq, entry in enumerate(entries, 1):
        body = {k: v for k, v in entry.items() if k != "hash"} | {"seq": seq, "prev": prev}
        body["hash"] = prev = hashlib.sha256(prev.encode() + orjson.dumps({k: v for k, v in body.items() if k != "hash"},
                                                                          option=orjson.OPT_SORT_KEYS)).hexdigest()
        out.append(orjson.dumps(body, option=orjson.OPT_SORT_KEYS))
    return out


def _write(path: Path, lines: list[bytes]) -> None:
    path.write_bytes(b"".join(line + b"\n" for line in lines))


def _truncate(log: Path, _: Path) -> None:
    _write(log, log.read_bytes().splitlines()[:-3])


def _truncate_to_before_the_first_checkpoint(log: Path, _: Path) -> None:
    _write(log, log.read_bytes().splitlines()[:3])


def _rechain_after_editing(log: Path, _: Path) -> None:
    entries = [orjson.loads(line) for line in log.read_bytes().splitlines()]
    entries[1]["user"] = "someone-else"
    _write(log, _rehash(entries))


def _rechain_after_deleting(log: Path, _: Path) -> None:
    entries = [orjson.loads(line) for line in log.read_bytes().splitlines()]
    _write(log, _rehash(entries[:2] + entries[3:]))


def _forge_checkpoints(log: Path, checkpoints: Path) -> None:
    """Rewrite the chain and move every checkpoint onto it, keeping the old signatures (no key)."""
    _rechain_after_deleting(log, checkpoints)
    heads = {int(orjson.loads(line)["seq"]): orjson.loads(line)["hash"] for line in log.read_bytes().splitlines()}
    forged = []
    for line in checkpoints.read_bytes().splitlines():
        c = orjson.loads(line)
        c["count"] = min(c["count"], max(heads))
        c["head"] = heads[c["count"]]
        forged.append(orjson.dumps(c, option=orjson.OPT_SORT_KEYS))
    _write(checkpoints, forged)


def _untouched(log: Path, checkpoints: Path) -> None:
    return None


@pytest.mark.parametrize(("tamper", "verdict"), [
    (_untouched, None),
    (_truncate, "TRUNCATED"),
    (_truncate_to_before_the_first_checkpoint, "TRUNCATED"),
    (_rechain_after_editing, "REWRITTEN"),
    (_rechain_after_deleting, "REWRITTEN"),
    (_forge_checkpoints, "signature does not verify"),
])
def test_audit_verify_catches_a_log_cut_short_or_rechained(tmp_path: Path, tamper: Callable[[Path, Path], None],
                                                           verdict: str | None) -> None:
    base_world(settings_for(tmp_path / "store"), tmp_path)
    settings = settings_for(tmp_path / "store", audit_checkpoint_every=4)
    token = token_for(settings, "ana", UserRole.ANALYST, "OPP")
    with serving(settings.store, settings, as_admin=False) as client:
        for q in ("Dana", "Whitfield", "Ezra", "Farah", "416-555-0142", "705-555-0188", "Orillia", "motel", "Nadeau", "driver"):
            assert client.get("/search", params={"q": q}, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    log = AuditLog(settings.audit_path())
    checkpoints = settings.audit_path().with_name(settings.audit_path().name + ".checkpoints")
    written = [orjson.loads(line)["count"] for line in checkpoints.read_bytes().splitlines()]
    assert written == [4, 8, 10]  # every 4 entries, and the head at shutdown
    tamper(settings.audit_path(), checkpoints)
    assert log.verify().ok  # the hash chain alone is blind to every one of these
    done = _cli(settings, "audit", "verify", "--json")
    result = json.loads(done.stdout)
    if verdict is None:
        assert done.returncode == 0 and result == {"ok": True, "entries": 10, "bad_line": None, "reason": None, "checkpoints": 3,
                                                   "anchored": 10}
    else:
        assert done.returncode == 1 and not result["ok"] and verdict in result["reason"], result
        readable = _cli(settings, "audit", "verify")
        assert readable.returncode == 1 and "TAMPERED" in readable.stderr and verdict in " ".join(readable.stderr.split())


def test_checkpoints_signed_with_another_key_do_not_verify(tmp_path: Path) -> None:
    settings = settings_for(tmp_path / "store")
    base_world(settings, tmp_path)
    token = token_for(settings, "ana", UserRole.ANALYST, "OPP")
    with serving(settings.store, settings, as_admin=False) as client:
        assert client.get("/search", params={"q": "Dana"}, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert _cli(settings, "audit", "verify").returncode == 0
    other = _cli(settings, "audit", "verify", "--json", key="another-signing-key-of-at-least-32-bytes!")
    assert other.returncode == 1 and "signature does not verify" in json.loads(other.stdout)["reason"]


def test_cli_commands_anchor_what_they_wrote(world: tuple[Settings, dict[str, str]], tmp_path: Path) -> None:
    settings, _ = world
    assert _cli(settings, "search", "Dana", "--as", OPEN_WATCHER, "--json").returncode == 0
    verified = json.loads(_cli(settings, "audit", "verify", "--json").stdout)
    entries = len(_entries(settings))
    assert verified["ok"] and verified["anchored"] == entries == verified["entries"]


@pytest.mark.parametrize(("env", "key", "accepted"), [
    ("development", None, True),  # derived from the development signing key
    ("production", None, False),  # no signing key at all: no audit key either
    ("production", DEV_SIGNING_KEY, False),
    ("production", "too-short", False),
    ("production", "a-production-audit-key-of-32-bytes-or-more", True),
])
def test_the_audit_key_is_refused_where_unsafe(env: str, key: str | None, accepted: bool) -> None:
    def audit_key() -> bytes:
        return Settings(env=env, audit_signing_key=key).audit_key()  # type: ignore[arg-type]

    if accepted:
        assert len(audit_key()) >= 32 and audit_key() != DEV_SIGNING_KEY.encode()
    else:
        with pytest.raises(ValueError, match=r"CASELINK_(AUDIT_)?SIGNING_KEY"):
            audit_key()

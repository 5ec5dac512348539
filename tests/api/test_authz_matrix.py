"""One authorization matrix: role x agency x caveat x operation, through HTTP and the CLI alike (issue 15).

Every cell asks one operation as one user, once over HTTP (the real app on a socket, the user's
bearer token) and once at the terminal (the real typer app, ``--as`` the same registered user), on
the linked dev world. Both must give the same answer class, and the class must be the one the
declarations give (capabilities in ``models.access.ROLES``, visibility from the record's agency
and caveats and the viewer's sharing agreements and clearances):

- allowed: HTTP 200 and exit 0, with the same ids in both answers;
- refused: HTTP 403 and exit 1 with ``refused:`` and the same message;
- not found (missing or hidden alike): HTTP 404 and exit 1 with ``error:`` and the same message.

The read operations are asked of three records: a plain OPP record, a YOUTH record of TPS and the
INFORMANT record of TBPS (with OPP, TBPS shares; with TPS, it does not).

The whole matrix runs on both graph stores: the embedded graph, and Neo4j (when ``CASELINK_TEST_NEO4J``
is set; skipped otherwise) with the same ledger built into it, the API and the CLI both pointed at
that server (:func:`tests.api.conftest.cli_env`).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.store.base import GraphStore
from graph.store.factory import create_graph_store
from models.access import ROLES, SYSTEM, Capability, Policy, UserRole, Viewer
from models.settings import Settings
from tests.api.conftest import cli_env, rebuild_graph, serving, store_settings, token_for

POLICY = Policy()
AGENCIES = ("OPP", "TPS")
EXTRA_CAVEATS: tuple[tuple[str, ...], ...] = ((), ("YOUTH",), ("INFORMANT",))
USERS: list[tuple[str, UserRole, str | None, tuple[str, ...]]] = [("mx-admin", UserRole.ADMIN, None, ())] + [
    (f"mx-{role.value}-{agency}-{'+'.join(extra) or 'none'}", role, agency, extra)
    for role, agency, extra in product([r for r in UserRole if r is not UserRole.ADMIN], AGENCIES, EXTRA_CAVEATS)]
OPERATIONS = ("search", "show entity", "show record", "network", "path", "dead-letters", "data-quality", "disclose create",
              "disclose list", "review decide", "watch add", "alerts", "audit")
#: The capability each operation needs (None: any signed-in user; what they see is filtered instead).
NEEDS: dict[str, Capability | None] = {
    "search": None, "show entity": None, "show record": None, "network": None, "path": None, "data-quality": None,
    "dead-letters": Capability.READ_DEAD_LETTERS, "disclose create": Capability.DRAFT_DISCLOSURE,
    "disclose list": Capability.DRAFT_DISCLOSURE, "review decide": Capability.DECIDE_IDENTITY, "watch add": Capability.WATCH,
    "alerts": Capability.WATCH, "audit": Capability.READ_AUDIT,
}
#: Operations asked of each target record (the others are asked once).
PER_RECORD = frozenset({"search", "show entity", "show record", "network", "path", "disclose create", "watch add"})


@dataclass(frozen=True)
class Target:
    key: str
    agency: str
    caveats: tuple[str, ...]
    subject: str  # a person entity standing in the record

    @property
    def entity(self) -> str:
        return f"record:{self.key}"


@dataclass
class World:
    settings: Settings
    client: httpx.Client
    tokens: dict[str, str]
    targets: list[Target]


@dataclass(frozen=True)
class Answer:
    """One channel's answer to one question: its class, the ids it returned, and its message."""

    outcome: str  # ok | refused | not_found | bad_request
    ids: frozenset[str]
    message: str


def _pick(store: GraphStore, truth: dict[str, Any], agency: str, caveats: tuple[str, ...]) -> Target:
    for r in truth["records"]:
        if r["key"] in truth["purged"] or not r["key"].startswith(f"{agency}:"):
            continue
        row = store.record(r["key"], viewer=SYSTEM)
        if row is not None and tuple(row.caveats) == caveats and row.subjects:
            return Target(row.key, row.agency, tuple(row.caveats), sorted(row.subjects.values())[0])
    raise AssertionError(f"the dev world has no {agency} record with caveats {caveats}")


@pytest.fixture(scope="module")
def world(linked_dev: Path, truth: dict[str, Any], graph_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    store = tmp_path_factory.mktemp(f"authz-matrix-{graph_kind}") / "store"
    shutil.copytree(linked_dev, store)
    settings = store_settings(store, graph_kind)
    if graph_kind != "embedded":
        rebuild_graph(settings)  # the same ledger, built into Neo4j
        # No embedded graph left beside it: a channel that silently read the embedded file would find nothing.
        (store / "graph.db").unlink()
    graph = create_graph_store(settings)
    try:
        targets = [_pick(graph, truth, "OPP", ()), _pick(graph, truth, "TPS", ("YOUTH",)), _pick(graph, truth, "TBPS", ("INFORMANT",))]
    finally:
        graph.close()
    tokens = {name: token_for(settings, name, role, agency, extra) for name, role, agency, extra in USERS}
    with serving(store, settings, as_admin=False) as client:
        yield World(settings, client, tokens, targets)


def _viewer(name: str) -> Viewer:
    _, role, agency, extra = next(u for u in USERS if u[0] == name)
    return POLICY.viewer(name, role, agency, extra)


def _ids(op: str, body: Any) -> frozenset[str]:
    """The ids an answer returned, the same way for HTTP's JSON and the CLI's ``--json``."""
    if op == "search":
        return frozenset(h["entity"]["id"] for h in body["hits"])
    if op == "show entity":
        return frozenset([body["entity"]["id"], *body["records"]])
    if op == "show record":
        return frozenset([body["key"], *body["subjects"].values()])
    if op == "network":
        return frozenset(e["id"] for e in body["entities"])
    if op == "path":
        return frozenset(n["id"] for p in body["paths"] for n in p["nodes"])
    if op == "dead-letters":
        return frozenset(str(i["id"]) for i in body["items"])
    if op == "data-quality":
        return frozenset(json.dumps(a, sort_keys=True) for a in body["agencies"])
    if op == "disclose create":
        return frozenset(f"{p['record']} {p['code']} {p['action']}" for p in body["proposals"])
    if op == "disclose list":
        return frozenset(d["draft"] for d in body["drafts"])
    if op == "watch add":
        return frozenset(body["entities"])
    if op == "alerts":
        return frozenset(a["id"] for a in body)
    if op == "audit":
        return frozenset()  # each reading adds entries of its own: compared below by what both hold
    return frozenset()


def _http(w: World, name: str, op: str, t: Target) -> tuple[Answer, Any]:
    h = {"Authorization": f"Bearer {w.tokens[name]}"}
    c = w.client
    agency, number = t.key.split(":", 1)
    r = {
        "search": lambda: c.get("/search", params={"q": number}, headers=h),
        "show entity": lambda: c.get(f"/entities/{t.entity}", headers=h),
        "show record": lambda: c.get(f"/records/{agency}/{number}", headers=h),
        "network": lambda: c.get(f"/entities/{t.entity}/network", headers=h),
        "path": lambda: c.get("/paths", params={"from": t.entity, "to": t.subject}, headers=h),
        "dead-letters": lambda: c.get("/dead-letters", headers=h),
        "data-quality": lambda: c.get("/data-quality", headers=h),
        "disclose create": lambda: c.post("/disclosures", json={"case": t.key, "recipient": "defence counsel", "reason": "matrix"},
                                          headers=h),
        "disclose list": lambda: c.get("/disclosures", headers=h),
        "review decide": lambda: c.post("/review/decisions", json={"a": f"{t.key}#S1", "b": "OPP:NO-SUCH-0#S1", "verdict": "same",
                                                                   "reason": "matrix"}, headers=h),
        "watch add": lambda: c.post("/watches", json={"entities": [t.entity], "reason": "matrix"}, headers=h),
        "alerts": lambda: c.get("/alerts", headers=h),
        "audit": lambda: c.get("/audit", params={"user": name}, headers=h),
    }[op]()
    outcome = {200: "ok", 403: "refused", 404: "not_found", 400: "bad_request"}.get(r.status_code, f"http {r.status_code}")
    body = r.json()
    if op == "alerts" and r.status_code == 200:
        body = body["alerts"]
    ids = _ids(op, body) if outcome == "ok" else frozenset()
    return Answer(outcome, ids, "" if outcome == "ok" else re.sub(r"\s+", " ", body["message"]).strip()), body


def _cli(w: World, name: str, op: str, t: Target) -> tuple[Answer, Any]:
    args = {
        "search": ["search", t.key.split(":", 1)[1]],
        "show entity": ["show", t.entity],
        "show record": ["show", t.key],
        "network": ["network", t.entity],
        "path": ["path", t.entity, t.subject],
        "dead-letters": ["dead-letters"],
        "data-quality": ["data-quality"],
        "disclose create": ["disclose", "create", "--case", t.key, "--recipient", "defence counsel", "--reason", "matrix"],
        "disclose list": ["disclose", "list"],
        "review decide": ["review", "decide", f"{t.key}#S1", "OPP:NO-SUCH-0#S1", "same", "--why", "matrix"],
        "watch add": ["watch", "add", t.entity, "--reason", "matrix"],
        "alerts": ["alerts"],
        "audit": ["audit", "search", "--user", name],
    }[op]
    env = {**cli_env(w.settings), "COLUMNS": "300"}  # the same store and graph the API serves
    done = CliRunner().invoke(app, [*args, "--as", name, "--store", str(w.settings.store), "--json"], env=env)
    err = re.sub(r"\s+", " ", done.stderr).strip()
    assert "Traceback" not in done.stdout + done.stderr, (op, name, err)
    assert done.exception is None or isinstance(done.exception, SystemExit), (op, name, repr(done.exception))
    if done.exit_code == 0:
        body: Any = [json.loads(line) for line in done.stdout.splitlines() if line.strip()] if op == "alerts" else json.loads(done.stdout)
        return Answer("ok", _ids(op, body), ""), body
    assert done.exit_code == 1 and done.stdout == "", (op, name, done.exit_code, done.stdout[:300], err)
    if err.startswith("refused:"):
        return Answer("refused", frozenset(), err.removeprefix("refused:").strip()), None
    assert err.startswith("error:"), err
    message = err.removeprefix("error:").strip()
    return Answer("not_found" if message.startswith(("no ", "nothing found")) else "bad_request", frozenset(), message), None


def _expected(op: str, viewer: Viewer, t: Target) -> str:
    """The answer class the declarations give, computed without asking either channel."""
    need = NEEDS[op]
    if need is not None and need not in ROLES[viewer.role].capabilities:
        return "refused"
    if op == "review decide":
        return "not_found"  # allowed, and one of the two mentions exists nowhere: "no person mention"
    if op in PER_RECORD - {"search"} and not viewer.may_see_record(t.agency, t.caveats):
        return "not_found"  # hidden and missing answer alike
    return "ok"


CELLS = [pytest.param(name, op, id=f"{name}-{op.replace(' ', '_')}") for name, *_ in USERS for op in OPERATIONS]


@pytest.mark.parametrize(("name", "op"), CELLS)
def test_matrix_cell(world: World, name: str, op: str) -> None:
    viewer = _viewer(name)
    for t in world.targets if op in PER_RECORD else world.targets[:1]:
        want = _expected(op, viewer, t)
        over_http, http_body = _http(world, name, op, t)
        at_terminal, cli_body = _cli(world, name, op, t)
        cell = (name, op, t.key)
        assert over_http.outcome == want, (cell, over_http)
        assert at_terminal.outcome == want, (cell, at_terminal)
        assert at_terminal.message == over_http.message, cell
        if want != "ok":
            continue
        assert at_terminal.ids == over_http.ids, cell
        if op == "search":
            assert (t.entity in over_http.ids) == viewer.may_see_record(t.agency, t.caveats), cell
        elif op in ("show entity", "network", "path", "show record"):
            assert t.entity in over_http.ids or t.key in over_http.ids, cell
        elif op == "audit":
            assert {e["seq"] for e in http_body["entries"]} <= {e["seq"] for e in cli_body}, cell
            assert all(e["user"] == name for e in cli_body) and any(e.get("path") == "/audit" for e in cli_body), cell

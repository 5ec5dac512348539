"""The web sign-in, the page's assets and saved investigations, through the real app over HTTP."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.services.audit import AuditLog
from tests.api.conftest import settings_for
from tests.api.web.conftest import OPP_ANALYST, TPS_ANALYST, WebUser, add_web_users, store_copy

STATIC = Path(__file__).resolve().parents[3] / "api" / "web" / "static"


@pytest.fixture(scope="module")
def store(linked_dev: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = store_copy(linked_dev, tmp_path_factory.mktemp("web-http"))
    add_web_users(settings_for(path), OPP_ANALYST, TPS_ANALYST)
    return path


@pytest.fixture
def app_client(store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(settings_for(store, lockout_failures=3))) as client:
        yield client


def sign_in(client: TestClient, user: WebUser) -> str:
    r = client.post("/auth/login", json={"name": user.name, "password": user.password})
    assert r.status_code == 200, r.text
    csrf: str = r.json()["csrf"]
    return csrf


def test_sign_in_sets_a_strict_httponly_cookie_and_reads_go_through_the_api(app_client: TestClient) -> None:
    r = app_client.post("/auth/login", json={"name": OPP_ANALYST.name, "password": OPP_ANALYST.password})
    assert r.status_code == 200
    cookie = r.headers["set-cookie"]
    assert "caselink_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Secure" not in cookie  # test env: plain HTTP on the loopback (production sets it by default)
    body = r.json()
    assert body["name"] == OPP_ANALYST.name and body["role"] == "analyst" and body["agency"] == "OPP" and body["csrf"]
    assert app_client.get("/search", params={"q": "Michael Hamilton"}).status_code == 200
    assert app_client.get("/auth/session").json()["csrf"] == body["csrf"]


@pytest.mark.parametrize(("name", "password"), [
    (OPP_ANALYST.name, "wrong password here"),
    ("nobody-at-all", OPP_ANALYST.password),
    (OPP_ANALYST.name, ""),
])
def test_wrong_credentials_are_refused_alike(app_client: TestClient, name: str, password: str) -> None:
    r = app_client.post("/auth/login", json={"name": name, "password": password})
    assert r.status_code in (401, 422)
    assert "caselink_session" not in r.headers.get("set-cookie", "")
    if r.status_code == 401:
        assert r.json()["message"] == "wrong user name or password"


def test_repeated_failures_lock_the_name_out_even_with_the_right_password(app_client: TestClient) -> None:
    for _ in range(3):
        assert app_client.post("/auth/login", json={"name": TPS_ANALYST.name, "password": "not the password!"}).status_code == 401
    r = app_client.post("/auth/login", json={"name": TPS_ANALYST.name, "password": TPS_ANALYST.password})
    assert r.status_code == 401 and "locked out" in r.json()["message"]


def test_state_changing_requests_need_the_csrf_token(app_client: TestClient) -> None:
    csrf = sign_in(app_client, OPP_ANALYST)
    body = {"title": "t", "nodes": []}
    assert app_client.post("/investigations", json=body).status_code == 403
    assert app_client.post("/investigations", json=body, headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert app_client.post("/investigations", json=body, headers={"X-CSRF-Token": csrf}).status_code == 200
    assert app_client.post("/auth/logout").status_code == 403  # sign-out is a state change too


def test_sign_out_ends_the_session_server_side(app_client: TestClient) -> None:
    csrf = sign_in(app_client, OPP_ANALYST)
    sid = app_client.cookies.get("caselink_session")
    assert sid
    assert app_client.post("/auth/logout", headers={"X-CSRF-Token": csrf}).json() == {"signed_out": True}
    # The old cookie, replayed, is dead: the session row is gone, not just the browser's copy.
    app_client.cookies.set("caselink_session", sid)
    r = app_client.get("/search", params={"q": "Hamilton"})
    assert r.status_code == 401 and "sign in again" in r.json()["message"]


def test_idle_session_is_refused(store: Path) -> None:
    with TestClient(create_app(settings_for(store, idle_seconds=1))) as client:
        sign_in(client, OPP_ANALYST)
        import time

        time.sleep(1.2)
        assert client.get("/auth/session").status_code == 401


def test_a_session_is_audited_under_its_user(app_client: TestClient, store: Path) -> None:
    sign_in(app_client, OPP_ANALYST)
    app_client.get("/search", params={"q": "Michael Hamilton"})
    entries = [json.loads(raw) for _, raw in AuditLog(settings_for(store).audit_path()).entries()]
    last = [e for e in entries if e.get("path") == "/search"][-1]
    assert last["user"] == OPP_ANALYST.name and last["agency"] == "OPP" and last["entities"]


@pytest.mark.parametrize("path", ["/", "/docs", "/redoc"])
def test_pages_load_only_local_assets_under_a_strict_policy(app_client: TestClient, path: str) -> None:
    r = app_client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "connect-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert not re.search(r"(src|href)=\"(https?:)?//", r.text), "the page names an outside address"
    for asset in re.findall(r"(?:src|href)=\"(/static/[^\"]+)\"", r.text):
        assert app_client.get(asset).status_code == 200, asset


def test_app_script_writes_no_html_from_data() -> None:
    script = (STATIC / "app.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script


def test_shared_investigation_shows_each_viewer_only_what_it_may(store: Path) -> None:
    settings = settings_for(store)
    with TestClient(create_app(settings)) as owner, TestClient(create_app(settings)) as other:
        csrf = sign_in(owner, OPP_ANALYST)
        hit = owner.get("/search", params={"q": "Michael Hamilton"}).json()["hits"][0]["entity"]
        net = owner.get(f"/entities/{hit['id']}/network", params={"depth": 2}).json()
        ids = [e["id"] for e in net["entities"]]
        body = {"title": "Hamilton ring", "notes": "started from the OPP HT file", "shared_with": [TPS_ANALYST.name],
                "nodes": [{"id": i, "x": n * 10.0, "y": 0.0, "note": "centre" if i == hit["id"] else ""} for n, i in enumerate(ids)]}
        saved = owner.post("/investigations", json=body, headers={"X-CSRF-Token": csrf})
        assert saved.status_code == 200, saved.text
        inv = saved.json()
        assert {e["id"] for e in inv["entities"]} == set(ids) and inv["links"]

        # Unknown user to share with, a node the owner cannot see: refused, and nothing saved.
        assert owner.post("/investigations", json={**body, "shared_with": ["ghost"]}, headers={"X-CSRF-Token": csrf}).status_code == 400
        assert owner.post("/investigations", json={**body, "nodes": [{"id": "person:nope", "x": 0, "y": 0}]},
                          headers={"X-CSRF-Token": csrf}).status_code == 400

        other_csrf = sign_in(other, TPS_ANALYST)
        listed = other.get("/investigations").json()["items"]
        assert [i["id"] for i in listed] == [inv["id"]]
        seen = other.get(f"/investigations/{inv['id']}")
        assert seen.status_code == 200
        # Exactly the nodes TPS may read through the API itself, and no trace of the others.
        may_see = {i for i in ids if other.get(f"/entities/{i}").status_code == 200}
        hidden = set(ids) - may_see
        assert may_see and hidden, "the chart mixes nodes TPS may and may not see"
        assert {e["id"] for e in seen.json()["entities"]} == may_see
        for h in hidden:
            assert h not in seen.text
        for e in seen.json()["entities"]:
            assert set(e["labels"]["agencies"]) <= {"TPS", "PRP"}
        # Only the owner changes it.
        assert other.put(f"/investigations/{inv['id']}", json=body, headers={"X-CSRF-Token": other_csrf}).status_code == 403
        assert other.get("/investigations/inv-0000000000000000").status_code == 404

"""Issue 15, finding 6: alerts show only what their watcher may see, count only that, a live stream
ends when its user or credential does (or it goes idle), and every delivery is audited.

Through the real interfaces: HTTP against the real app on a socket (:func:`tests.api.conftest.serving`)
and the ``caselink`` command in a subprocess, on a hand-written world (:mod:`tests.api.alerts_world`)
whose second hop to a watched phone rests on an informer's record.

Every test runs on both graph stores (the module's world is built once per store): the embedded graph,
and Neo4j when ``CASELINK_TEST_NEO4J`` is set (skipped otherwise), the CLI pointed at the same server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from api.services.auth import UserRegistry, users_path
from graph.alerts import AlertStore
from models.access import UserRole
from models.settings import Settings
from tests.api.alerts_world import (
    CLEARED_WATCHER,
    DANA_PHONE,
    INFORMER_DANA,
    INFORMER_EZRA,
    NEW_EZRA,
    NEW_HIDDEN,
    NEW_SHOWN,
    OPEN_DANA,
    OPEN_WATCHER,
    SHARED_PHONE,
    base_world,
    raise_alerts,
)
from tests.api.conftest import cli_env, serving, store_settings, token_for
from tests.conftest import REPO

CAVEATS = {OPEN_WATCHER: (), CLEARED_WATCHER: ("INFORMANT",)}
#: What each watcher is shown: (alert record, records behind each hop of its path), in order.
SHOWN: dict[str, list[tuple[str, list[list[str]]]]] = {
    OPEN_WATCHER: [(NEW_SHOWN, [[NEW_SHOWN], [OPEN_DANA]])],
    CLEARED_WATCHER: [(NEW_HIDDEN, [[NEW_HIDDEN], [OPEN_DANA, INFORMER_DANA]]),
                      (NEW_SHOWN, [[NEW_SHOWN], [OPEN_DANA, INFORMER_DANA]]),
                      (NEW_EZRA, [[NEW_EZRA], [INFORMER_EZRA]])],
}
#: Record keys the open watcher may never read, in any form.
HIDDEN_FROM_OPEN = (INFORMER_DANA, INFORMER_EZRA, NEW_HIDDEN, NEW_EZRA)


@pytest.fixture(scope="module")
def world(graph_kind: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, dict[str, str]]:
    """The world, both watchers' watches (made over HTTP), then the three new records."""
    root = tmp_path_factory.mktemp(f"alerts-access-{graph_kind}")
    settings = store_settings(root / "store", graph_kind)
    base_world(settings, root)
    tokens = {name: token_for(settings, name, UserRole.INVESTIGATOR, "OPP", caveats) for name, caveats in CAVEATS.items()}
    with serving(settings.store, settings, as_admin=False) as client:
        for name, token in tokens.items():
            made = client.post("/watches", json={"entities": [DANA_PHONE, SHARED_PHONE], "hops": 2},
                               headers={"Authorization": f"Bearer {token}"})
            assert made.status_code == 200, made.text
    raise_alerts(settings, root)
    return settings, tokens


def _held(settings: Settings, owner: str) -> list[Any]:
    store = AlertStore(settings.store / "alerts.db")
    try:
        return store.alerts(owner, limit=1000)
    finally:
        store.close()


def _cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **cli_env(settings)}
    return subprocess.run([sys.executable, "-m", "api.cli", *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=300)


def _audit(settings: Settings) -> list[dict[str, Any]]:
    return [json.loads(line) for line in settings.audit_path().read_text(encoding="utf-8").splitlines()]


def _alerts_over(channel: str, settings: Settings, token: str, watcher: str, **params: int) -> list[dict[str, Any]]:
    if channel == "http":
        with serving(settings.store, settings, as_admin=False) as client:
            answer = client.get("/alerts", params=params, headers={"Authorization": f"Bearer {token}"})
            assert answer.status_code == 200, answer.text
            found: list[dict[str, Any]] = answer.json()["alerts"]
            return found
    done = _cli(settings, "alerts", "--as", watcher, "--json", *(f"--{k}={v}" for k, v in params.items()))
    assert done.returncode == 0, done.stderr[-2000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def test_the_world_raised_alerts_that_rest_on_hidden_records(world: tuple[Settings, dict[str, str]]) -> None:
    """The premise: the system raised all three alerts for the open watcher, paths through informer records included."""
    settings, _ = world
    held = _held(settings, OPEN_WATCHER)
    assert [a.record_key for a in held] == [NEW_HIDDEN, NEW_SHOWN, NEW_EZRA]
    assert [list(s.records) for s in held[1].path] == [[NEW_SHOWN], [OPEN_DANA, INFORMER_DANA]]


@pytest.mark.parametrize("channel", ["http", "cli"])
@pytest.mark.parametrize("watcher", [OPEN_WATCHER, CLEARED_WATCHER])
def test_an_alert_path_lists_only_records_its_watcher_may_see(world: tuple[Settings, dict[str, str]], channel: str, watcher: str) -> None:
    settings, tokens = world
    found = _alerts_over(channel, settings, tokens[watcher], watcher)
    assert [(a["record_key"], [s["records"] for s in a["path"]]) for a in found] == SHOWN[watcher]
    if watcher == OPEN_WATCHER:
        text = json.dumps(found)
        assert not [key for key in HIDDEN_FROM_OPEN if key in text]


@pytest.mark.parametrize(("watcher", "after", "limit", "shown", "last"), [
    # The open watcher's alerts are (hidden, shown, hidden): the cursor stops at the one shown.
    (OPEN_WATCHER, 0, 100, [NEW_SHOWN], NEW_SHOWN),
    (OPEN_WATCHER, 0, 1, [NEW_SHOWN], NEW_SHOWN),  # a page skips over held-back alerts rather than coming back empty
    (OPEN_WATCHER, NEW_SHOWN, 100, [], NEW_SHOWN),  # nothing new it may see: the cursor does not move past the hidden one
    (CLEARED_WATCHER, 0, 100, [NEW_HIDDEN, NEW_SHOWN, NEW_EZRA], NEW_EZRA),
    (CLEARED_WATCHER, NEW_HIDDEN, 1, [NEW_SHOWN], NEW_SHOWN),
])
def test_last_seq_counts_only_alerts_the_watcher_may_see(world: tuple[Settings, dict[str, str]], watcher: str, after: int | str,
                                                         limit: int, shown: list[str], last: str) -> None:
    settings, tokens = world
    seq = {a.record_key: a.seq for a in _held(settings, watcher)}
    cursor = seq[after] if isinstance(after, str) else after
    with serving(settings.store, settings, as_admin=False) as client:
        answer = client.get("/alerts", params={"after": cursor, "limit": limit}, headers={"Authorization": f"Bearer {tokens[watcher]}"})
    assert answer.status_code == 200, answer.text
    assert [a["record_key"] for a in answer.json()["alerts"]] == shown
    assert answer.json()["last_seq"] == seq[last]


@pytest.mark.parametrize("channel", ["http", "cli"])
def test_every_alert_delivery_is_audited_with_what_it_returned(world: tuple[Settings, dict[str, str]], channel: str) -> None:
    settings, tokens = world
    before = len(_audit(settings))
    found = _alerts_over(channel, settings, tokens[OPEN_WATCHER], OPEN_WATCHER)
    entry = next(e for e in reversed(_audit(settings)[before:]) if e["user"] == OPEN_WATCHER and e["path"] in ("/alerts", "alerts"))
    assert entry["channel"] == channel and entry["records"] == sorted({NEW_SHOWN, OPEN_DANA})
    assert set(entry["entities"]) == set(found[0]["path_nodes"]) and DANA_PHONE in entry["entities"]


# -- the live stream --------------------------------------------------------------------------------------------------------


class Listener:
    """Reads ``/alerts/stream`` in a thread: its events, and whether the server closed it."""

    def __init__(self, base: str, token: str) -> None:
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.opened = threading.Event()
        self.closed = threading.Event()
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(base, token), daemon=True)
        self._thread.start()

    def _run(self, base: str, token: str) -> None:
        try:
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as client, \
                    client.stream("GET", "/alerts/stream", timeout=httpx.Timeout(30, read=30)) as response:
                assert response.status_code == 200
                kind = ""
                for line in response.iter_lines():
                    self.opened.set()
                    if line.startswith("event: "):
                        kind = line[7:]
                    elif line.startswith("data: "):
                        self.events.append((kind, json.loads(line[6:])))
        except BaseException as exc:  # reported to the test, not swallowed
            self.error = exc
        finally:
            self.opened.set()
            self.closed.set()

    def kinds(self) -> list[str]:
        return [k for k, _ in self.events]


@pytest.fixture
def stream_settings(world: tuple[Settings, dict[str, str]]) -> Iterator[Settings]:
    settings, _ = world
    yield settings.model_copy(update={"alert_stream_heartbeat_seconds": 0.3, "alert_stream_idle_seconds": 600.0})


def test_the_stream_delivers_only_the_visible_path_audits_each_delivery_and_ends_when_idle(
        world: tuple[Settings, dict[str, str]], stream_settings: Settings) -> None:
    settings, tokens = world
    quiet = stream_settings.model_copy(update={"alert_stream_idle_seconds": 2.0})
    before = len(_audit(settings))
    with serving(settings.store, quiet, as_admin=False) as client:
        listener = Listener(str(client.base_url), tokens[OPEN_WATCHER])
        assert listener.closed.wait(30), "the stream did not end when idle"
    assert listener.error is None, listener.error
    assert listener.kinds() == ["alert", "end"]
    alert, end = listener.events[0][1], listener.events[1][1]
    assert alert["record_key"] == NEW_SHOWN and [s["records"] for s in alert["path"]] == [[NEW_SHOWN], [OPEN_DANA]]
    assert end["reason"].startswith("idle")
    streamed = [e for e in _audit(settings)[before:] if e["path"] == "/alerts/stream" and e.get("event")]
    assert [(e["event"], e["user"]) for e in streamed] == [("alert", OPEN_WATCHER), ("end", OPEN_WATCHER)]
    assert streamed[0]["records"] == sorted({NEW_SHOWN, OPEN_DANA}) and DANA_PHONE in streamed[0]["entities"]
    assert streamed[1]["query"]["ended"] == end["reason"]


def _disable(settings: Settings, name: str) -> None:
    registry = UserRegistry(users_path(settings))
    try:
        assert registry.disable(name)
    finally:
        registry.close()


@pytest.mark.parametrize(("case", "reason"), [
    ("disabled", "the user is disabled"),
    ("expired", "the token has expired"),
    ("clearance changed", "the user's role, agency or clearances changed"),
])
def test_an_open_stream_ends_when_its_user_or_token_does(stream_settings: Settings, case: str, reason: str) -> None:
    name = f"stream-{case.replace(' ', '-')}"
    token = token_for(stream_settings, name, UserRole.INVESTIGATOR, "OPP", ttl=3 if case == "expired" else None)
    with serving(stream_settings.store, stream_settings, as_admin=False) as client:
        listener = Listener(str(client.base_url), token)
        assert listener.opened.wait(10)
        time.sleep(0.5)
        assert not listener.closed.is_set(), listener.events  # open and healthy until something changes
        if case == "disabled":
            _disable(stream_settings, name)
        elif case == "clearance changed":
            token_for(stream_settings, name, UserRole.INVESTIGATOR, "OPP", ("INFORMANT",))
        assert listener.closed.wait(15), f"the stream went on after: {case}"
        # And the same token gets nothing more over a new request either.
        again = client.get("/alerts", headers={"Authorization": f"Bearer {token}"})
    assert listener.error is None, listener.error
    assert listener.events == [("end", {"reason": reason})]
    assert again.status_code == (200 if case == "clearance changed" else 401)
    ended = [e for e in _audit(stream_settings) if e["user"] == name and e.get("event") == "end"]
    assert [e["query"]["ended"] for e in ended] == [reason]


@pytest.mark.parametrize(("case", "code", "message"), [
    ("disabled", 2, "no active user"),
    ("clearance changed", 1, "clearances changed"),
])
def test_cli_alerts_follow_stops_when_its_user_does(world: tuple[Settings, dict[str, str]], case: str, code: int, message: str) -> None:
    settings, _ = world
    name = f"follow-{case.replace(' ', '-')}"
    token_for(settings, name, UserRole.INVESTIGATOR, "OPP")
    env = {**os.environ, **cli_env(settings)}
    follow = subprocess.Popen([sys.executable, "-m", "api.cli", "alerts", "--follow", "--as", name, "--json"], env=env, cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not [e for e in _audit(settings) if e["user"] == name]:  # its first page is audited: it is following
            assert follow.poll() is None and time.monotonic() < deadline, follow.communicate()
            time.sleep(0.2)
        if case == "disabled":
            _disable(settings, name)
        else:
            token_for(settings, name, UserRole.INVESTIGATOR, "OPP", ("INFORMANT",))
        _, err = follow.communicate(timeout=30)
    finally:
        if follow.poll() is None:
            follow.kill()
    assert follow.returncode == code and message in err

"""Users, token sessions, web passwords and web sessions: one contract over both databases (embedded
SQLite; PostgreSQL when CASELINK_TEST_POSTGRES names a server). What one API process writes, another
process's connection reads: a user added, disabled, a session opened or ended anywhere holds everywhere."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from api.services.auth import Authenticator, User, UserRegistry
from api.services.errors import UnauthorizedError
from api.services.queries import policy_of
from api.web.sessions import WebSessions
from models.access import UserRole
from models.database import Database
from models.settings import Settings

SETTINGS = Settings(env="test", signing_key="k" * 32)
ANA = User(name="ana.opp", role=UserRole.ANALYST, agency="OPP", caveats=("YOUTH", "VICTIM_MINOR"))


def test_users_and_token_sessions_are_shared_by_every_connection(open_db: Callable[[str], Database]) -> None:
    here, there = UserRegistry(open_db("users")), UserRegistry(open_db("users"))
    here.add(ANA)
    assert there.get("ana.opp") == User(name="ana.opp", role=UserRole.ANALYST, agency="OPP", caveats=("VICTIM_MINOR", "YOUTH"))
    there.add(User(name="ana.opp", role=UserRole.INVESTIGATOR, agency="OPP", caveats=()))  # re-added: replaced
    assert [(u.name, u.role) for u in here.all()] == [("ana.opp", UserRole.INVESTIGATOR)]
    assert here.disable("ana.opp") and not here.disable("nobody")
    assert there.get("ana.opp") is not None and there.get("ana.opp").disabled  # type: ignore[union-attr]
    assert here.touch("jti-1", "ana.opp", now=1000.0, idle_seconds=60)
    assert there.touch("jti-1", "ana.opp", now=1050.0, idle_seconds=60)  # used 50 s ago, on the other process
    assert not here.touch("jti-1", "ana.opp", now=1200.0, idle_seconds=60)  # idle 150 s


def test_a_web_session_opened_on_one_process_is_resolved_and_ended_on_another(open_db: Callable[[str], Database]) -> None:
    now = [10_000.0]
    registry = UserRegistry(open_db("users"))
    registry.add(ANA)
    auth = Authenticator(SETTINGS, policy_of(SETTINGS), registry, clock=lambda: now[0])
    one, other = (WebSessions(open_db("users"), SETTINGS, clock=lambda: now[0]) for _ in range(2))
    one.set_password("ana.opp", "correct horse battery staple")
    with pytest.raises(UnauthorizedError, match="wrong user name or password"):
        other.sign_in(auth, "ana.opp", "not the password at all", "127.0.0.1")
    sid, csrf, principal = other.sign_in(auth, "ana.opp", "correct horse battery staple", "127.0.0.1")
    assert principal.viewer.name == "ana.opp"
    now[0] += 60
    assert one.resolve(sid) == ("ana.opp", csrf)
    assert one.live_sessions("ana.opp") == 1
    one.set_password("ana.opp", "another long passphrase 42")  # a changed password signs out everywhere
    with pytest.raises(UnauthorizedError, match="no such session"):
        other.resolve(sid)
    sid, _, _ = one.sign_in(auth, "ana.opp", "another long passphrase 42", "127.0.0.1")
    assert other.sign_out(sid) and one.live_sessions("ana.opp") == 0

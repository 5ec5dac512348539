"""Alert triage over both databases (embedded SQLite; PostgreSQL when CASELINK_TEST_POSTGRES names a
server): the latest change of an alert is its state, the history stays, and a change made through one
API process is what every other shows."""

from __future__ import annotations

from collections.abc import Callable

from api.schemas.inbox import TriageState
from api.services.alert_triage import TriageStore
from models.database import Database


def test_the_latest_change_is_the_state_and_only_the_owners_alerts_are_answered(open_db: Callable[[str], Database]) -> None:
    triage = TriageStore(open_db("alert-triage"))
    triage.set("a-1", "ana", "confirmed", "ana", "seen her at the station")
    triage.set("a-1", "ana", "dismissed", "ana", "wrong person")
    triage.set("a-2", "ana", "confirmed", "ana", "")
    triage.set("a-3", "bob", "confirmed", "bob", "")
    now = triage.current("ana", ["a-1", "a-2", "a-3", "a-9"])
    assert {k: (v.state, v.note) for k, v in now.items()} == {"a-1": (TriageState.DISMISSED, "wrong person"),
                                                             "a-2": (TriageState.CONFIRMED, "")}
    assert triage.current("ana", ["a-2"]).keys() == {"a-2"}
    assert triage.current("bob", ["a-1"]) == {}


def test_a_change_made_through_one_process_shows_through_another(open_db: Callable[[str], Database]) -> None:
    here, there = TriageStore(open_db("alert-triage")), TriageStore(open_db("alert-triage"))
    here.set("a-1", "ana", "confirmed", "ana", "first")
    assert there.current("ana", ["a-1"])["a-1"].state is TriageState.CONFIRMED
    there.set("a-1", "ana", "unread", "ana", "again")
    assert (here.current("ana", ["a-1"])["a-1"].state, here.current("ana", ["a-1"])["a-1"].note) == (TriageState.UNREAD, "again")

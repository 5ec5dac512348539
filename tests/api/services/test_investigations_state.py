"""Saved investigations over both databases (embedded SQLite; PostgreSQL when CASELINK_TEST_POSTGRES names a
server): a chart saved, replaced and shared through one API process opens the same through another."""

from __future__ import annotations

from collections.abc import Callable

from api.schemas.investigations import InvestigationIn
from api.services.investigations import Investigations
from models.database import Database


def chart(title: str, nodes: list[tuple[str, float, float, str]], shared_with: list[str]) -> InvestigationIn:
    return InvestigationIn.model_validate({"title": title, "notes": f"notes of {title}", "shared_with": shared_with,
                                           "nodes": [{"id": i, "x": x, "y": y, "note": n} for i, x, y, n in nodes]})


def test_a_chart_is_saved_replaced_and_shared_as_stored(open_db: Callable[[str], Database]) -> None:
    store = Investigations(open_db("investigations"))
    inv = store.save(None, "ana", chart("Ring R000", [("E2", 10.5, -3.25, "the phone"), ("E1", 0.0, 1e6, "")], ["bob", "ana", "bob"]))
    head = store.header(inv)
    assert head is not None and head[:3] == ("ana", "Ring R000", "notes of Ring R000") and head[5] == ["bob"]  # the owner is no share
    assert store.nodes(inv) == [("E1", 0.0, 1e6, ""), ("E2", 10.5, -3.25, "the phone")]
    other = store.save(None, "bob", chart("Bob's", [], []))
    assert store.visible_to("bob") == sorted([inv, other]) and store.visible_to("ana") == [inv]
    assert store.save(inv, "ana", chart("Ring R000 v2", [("E3", 1.5, 2.5, "new")], ["user"])) == inv
    head = store.header(inv)
    assert head is not None and head[1] == "Ring R000 v2" and head[5] == ["user"]  # "user": a reserved word in SQL
    assert store.nodes(inv) == [("E3", 1.5, 2.5, "new")]
    assert store.visible_to("bob") == [other] and store.visible_to("user") == [inv]
    assert store.header("inv-none") is None


def test_a_chart_saved_through_one_process_opens_through_another(open_db: Callable[[str], Database]) -> None:
    here, there = Investigations(open_db("investigations")), Investigations(open_db("investigations"))
    inv = here.save(None, "ana", chart("Shared", [("E1", 1.0, 2.0, "n")], ["bob"]))
    assert there.visible_to("bob") == [inv] and there.nodes(inv) == [("E1", 1.0, 2.0, "n")]
    there.save(inv, "ana", chart("Shared, moved", [("E1", 3.0, 4.0, "n")], []))
    head = here.header(inv)
    assert head is not None and head[1] == "Shared, moved" and head[5] == [] and here.visible_to("bob") == []

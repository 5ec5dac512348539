"""Deconfliction notices over both databases (embedded SQLite; PostgreSQL when CASELINK_TEST_POSTGRES names a
server): one notice a day per searcher, entity and owning service, whichever API process raised it; a notice
raised through one process is answered through another, and the searcher sees the contact anywhere."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from api.services.deconfliction import NoticeStore
from api.services.errors import NotFoundError
from models.access import Policy, UserRole
from models.database import Database

POLICY = Policy()
SEARCHER = POLICY.viewer("sam.tbps", UserRole.INVESTIGATOR, "TBPS")
OWNER = POLICY.viewer("olga.opp", UserRole.INVESTIGATOR, "OPP")
CLEARED = POLICY.viewer("ivy.opp", UserRole.INVESTIGATOR, "OPP", caveats=["INFORMANT"])


def test_one_notice_a_day_per_searcher_entity_and_service_with_its_events(open_db: Callable[[str], Database]) -> None:
    store = NoticeStore(open_db("deconfliction"))
    first = store.add(SEARCHER, "E1", "OPP", ["OPP:2", "OPP:1", "OPP:1"], [])
    assert first is not None
    assert store.add(SEARCHER, "E1", "OPP", ["OPP:3"], []) is None  # today's notice exists
    second = store.add(SEARCHER, "E2", "OPP", ["OPP:4"], ["INFORMANT"])
    assert second is not None and second != first
    assert [(n.id, n.entity_id, n.records) for n in store.all()] == [(first, "E1", ("OPP:1", "OPP:2")), (second, "E2", ("OPP:4",))]
    assert [n.id for n in store.for_viewer(OWNER)] == [first]  # the INFORMANT notice reaches only the cleared
    assert [n.id for n in store.for_viewer(CLEARED)] == [second, first]
    assert store.for_viewer(SEARCHER) == []
    with pytest.raises(NotFoundError):
        store.send_contact(second, OWNER, "call me")
    sent = store.send_contact(first, OWNER, "call me")
    assert (sent.contact_by, sent.contact_agency, sent.contact_message) == ("olga.opp", "OPP", "call me")
    assert [(n.entity_id, n.contact_message) for n in store.contacts_for(SEARCHER)] == [("E1", "call me")]
    assert [(who, what) for _, who, what in store.events(first)] == [("system", "created"), ("olga.opp", "contact sent")]
    assert [(who, what) for _, who, what in store.events(second)] == [("system", "created")]


def test_a_notice_raised_through_one_process_is_answered_through_another(open_db: Callable[[str], Database]) -> None:
    here, there = NoticeStore(open_db("deconfliction")), NoticeStore(open_db("deconfliction"))
    notice = here.add(SEARCHER, "E1", "OPP", ["OPP:1"], [])
    assert notice is not None
    assert there.add(SEARCHER, "E1", "OPP", ["OPP:1"], []) is None  # the other process's notice counts
    assert [n.id for n in there.for_viewer(OWNER)] == [notice]
    there.send_contact(notice, OWNER, "ring me")
    assert [n.contact_message for n in here.contacts_for(SEARCHER)] == ["ring me"]
    assert [what for _, _, what in here.events(notice)] == ["created", "contact sent"]

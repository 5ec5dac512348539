"""Protections and per-person field rules in the stores' own queries, on every store.

Records go through the real graph builder (as every ingest does). A VICTIM_MINOR record stays visible
to a viewer without the caveat, its minor victim (node, phone, home, links, search terms) does not; a
youth's home and date of birth stay withheld when he is seen through a record without the caveat; hub
status is decided over what the viewer may see."""

from __future__ import annotations

from datetime import date

import pytest

from graph.build import GraphBuilder
from graph.redact import present_record
from graph.resolve.persons import RuleScorer
from graph.store.base import GraphStore
from models.access import SYSTEM, UserRole, Viewer
from models.records import Address, Record, SourceRef, Subject
from models.vocabulary import Caveat, RecordStatus, RecordType, Role, SourceFormat
from tests.graph.store.test_contract import store  # noqa: F401  (the fixture over every store)


def _record(agency: str, no: int, subjects: tuple[Subject, ...], caveats: tuple[Caveat, ...] = (), narrative: str = "") -> Record:
    return Record(agency=agency, record_no=f"{agency}-{no}", revision=1, record_type=RecordType.HUMAN_TRAFFICKING,
                  status=RecordStatus.OPEN, opened=date(2026, 2, no), caveats=caveats, subjects=subjects, narrative=narrative,
                  source=SourceRef(source=f"mcm_{agency}.jsonl", format=SourceFormat.MCM, position=no))


SUSPECT = Subject(subject_id="S1", role=Role.SUSPECT, surname="Pike", given="Darnell", dob=date(1990, 3, 4), phones=("705-555-0170",))
MINOR = Subject(subject_id="S2", role=Role.VICTIM, surname="Quillfeather", given="Maddie", dob=date(2010, 5, 5),
                phones=("705-555-0188",), aliases=("Sparkle",), addresses=(Address(line="12 Birchwood Lane", city="Sudbury"),))
YOUTH = Subject(subject_id="S1", role=Role.SUSPECT, surname="Wrenfield", given="Tobias", dob=date(2009, 8, 9),
                addresses=(Address(line="5 Elmcrest Ave", city="Sudbury"),))
RECORDS = [
    _record("OPP", 1, (SUSPECT, MINOR), (Caveat.VICTIM_MINOR,), "Maddie Quillfeather was seen with Darnell Pike."),
    _record("OPP", 2, (YOUTH,), (Caveat.YOUTH,)),
    _record("OPP", 3, (YOUTH,)),
]
# One phone used by six differently named people: a hub; four of them in TPS records OPP may not see.
SHARED = "705-555-0111"
RECORDS += [_record("OPP" if i < 2 else "TPS", 10 + i, (Subject(subject_id="S1", role=Role.WITNESS, surname=f"Hubbard{'abcdef'[i]}",
                                                                  given="Gail", phones=(SHARED,)),)) for i in range(6)]

#: No role field rules, no clearance: the viewer the caveats alone decide for.
PLAIN = Viewer(name="plain", role=UserRole.INVESTIGATOR, agency="OPP", agencies=frozenset({"OPP"}), clearances=frozenset())
CLEARED = Viewer(name="cleared", role=UserRole.INVESTIGATOR, agency="OPP", agencies=frozenset({"OPP"}),
                 clearances=frozenset({"VICTIM_MINOR", "YOUTH"}))


@pytest.fixture
def loaded(store: GraphStore) -> GraphStore:  # noqa: F811
    store.replace(GraphBuilder(RuleScorer()).build(RECORDS, {}))
    return store


def _pid(graph: GraphStore, key: str, sid: str) -> str:
    row = graph.record(key, viewer=SYSTEM)
    assert row is not None
    return row.subjects[sid]


@pytest.mark.parametrize(("viewer", "sees_minor"), [(PLAIN, False), (CLEARED, True), (SYSTEM, True)], ids=lambda v: getattr(v, "name", None))
def test_the_minor_is_protected_and_the_rest_of_her_record_is_not(loaded: GraphStore, viewer: Viewer, sees_minor: bool) -> None:
    minor, suspect = _pid(loaded, "OPP:OPP-1", "S2"), _pid(loaded, "OPP:OPP-1", "S1")
    row = loaded.record("OPP:OPP-1", viewer=viewer)
    assert row is not None  # the record is not hidden
    assert loaded.get_entity(suspect, viewer=viewer) is not None
    assert loaded.get_entity("phone:+17055550170", viewer=viewer) is not None
    assert (loaded.get_entity(minor, viewer=viewer) is not None) is sees_minor
    assert (loaded.get_entity("phone:+17055550188", viewer=viewer) is not None) is sees_minor
    terms = {t for t, _, _ in loaded.search_terms(viewer=viewer)}
    assert ("sparkle" in terms) is sees_minor and ("maddie quillfeather" in terms) is sees_minor
    net = loaded.neighbourhood(row.entity_id, 2, viewer=viewer)
    assert suspect in {e.id for e in net.entities}
    assert (minor in {e.id for e in net.entities}) is sees_minor
    view = present_record(loaded, row, viewer)
    text = str(view.payload) + str(view.subjects) + str(view.mentions)
    for secret in ("Maddie", "Quillfeather", "Sparkle", "2010-05-05", "555-0188", "Birchwood", minor):
        assert (secret in text) is sees_minor, secret
    assert "Darnell Pike" in view.payload["narrative"]
    assert (view.protected == []) is sees_minor


@pytest.mark.parametrize(("viewer", "sees_youth"), [(PLAIN, False), (CLEARED, True)], ids=lambda v: getattr(v, "name", None))
def test_a_youths_birth_date_and_home_follow_him_into_other_records(loaded: GraphStore, viewer: Viewer, sees_youth: bool) -> None:
    assert (loaded.record("OPP:OPP-2", viewer=viewer) is not None) is sees_youth
    youth = _pid(loaded, "OPP:OPP-3", "S1")
    person = loaded.get_entity(youth, viewer=viewer)
    assert person is not None and person.caption == "Tobias Wrenfield"
    assert ("dobs" in person.properties) is sees_youth
    homes = [e for e in loaded.neighbourhood(youth, 1, viewer=viewer).entities if e.kind == "address"]
    assert bool(homes) is sees_youth
    row = loaded.record("OPP:OPP-3", viewer=viewer)
    assert row is not None
    subject = present_record(loaded, row, viewer).payload["subjects"][0]
    assert ("dob" in subject, "addresses" in subject) == (sees_youth, sees_youth)


def test_hub_status_is_decided_over_what_the_viewer_sees(loaded: GraphStore) -> None:
    phone = "phone:+17055550111"
    everyone = loaded.get_entity(phone, viewer=SYSTEM)
    assert everyone is not None and everyone.hub  # six people: a hub over all records
    opp = loaded.get_entity(phone, viewer=PLAIN)
    assert opp is not None and not opp.hub and "hub_rule" not in opp.properties  # two of them are OPP's
    net = loaded.neighbourhood(phone, 1, viewer=PLAIN)
    assert net.hubs_not_expanded == [] and len([e for e in net.entities if e.kind == "person"]) == 2


def test_every_listing_agrees_with_what_an_analyst_is_shown(loaded: GraphStore) -> None:
    """Analysts never receive subjects' phones and addresses: the phones and homes known only from those fields
    are absent from the id listing analytics start from, as from entity reads and search."""
    from models.access import Policy

    analyst = Policy().viewer("ana", UserRole.ANALYST, "OPP")
    shown = {e.id for e in loaded.get_entities(loaded.entity_ids(viewer=SYSTEM), viewer=analyst)}
    assert set(loaded.entity_ids(viewer=analyst)) == shown
    assert "phone:+17055550170" not in shown and "phone:+17055550111" not in shown  # subjects' phones only
    assert {e for _, e, _ in loaded.search_terms(viewer=analyst)} <= shown
    assert loaded.entity_ids(viewer=analyst, limit=2) == sorted(shown)[:2]


@pytest.mark.parametrize(("viewer", "sees_minor"), [(PLAIN, False), (CLEARED, True)], ids=lambda v: getattr(v, "name", None))
def test_a_minors_home_stated_only_in_the_narrative_is_protected_too(store: GraphStore, viewer: Viewer,  # noqa: F811
                                                                     sees_minor: bool) -> None:
    """A one-subject report's narrative address is its subject's (graph.build.narrative_addresses): for a
    protected minor, the address node and its words in the narrative are withheld like a structured home."""
    minor = Subject(subject_id="S1", role=Role.VICTIM, surname="Quillfeather", given="Maddie", dob=date(2010, 5, 5))
    report = _record("OPP", 20, (minor,), (Caveat.VICTIM_MINOR,),
                     "Reported missing from 7 Larkspur Crt, Sudbury, ON, P3A 1B2. Her mother called it in.")
    store.replace(GraphBuilder(RuleScorer()).build([report], {}))
    row = store.record(report.key, viewer=viewer)
    assert row is not None
    homes = [e.id for e in store.neighbourhood(row.entity_id, 2, viewer=SYSTEM).entities if e.id.startswith("address:")]
    assert len(homes) == 1  # the narrative's address is a node, linked to the minor
    assert (store.get_entity(homes[0], viewer=viewer) is not None) is sees_minor
    narrative = present_record(store, row, viewer).payload["narrative"]
    assert ("Larkspur" in narrative) is sees_minor and ("P3A 1B2" in narrative) is sees_minor
    assert "Her mother called it in." in narrative

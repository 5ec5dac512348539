"""The field rules name fields that exist: every name a rule withholds is a field of the canonical model
(:mod:`models.records`), so a rule cannot silently protect nothing again (finding 5: ``contact`` for ``contacts``)."""

from __future__ import annotations

import pytest

from models.access import FIELD_RULES, PROTECTIONS, ROLES, Policy, UserRole
from models.records import Contact, Record, Subject
from models.vocabulary import EntityKind, Role

RECORD_FIELDS = set(Record.model_fields)
SUBJECT_FIELDS = set(Subject.model_fields)


@pytest.mark.parametrize("role", list(ROLES), ids=lambda r: r.value)
def test_role_rules_name_real_fields(role: UserRole) -> None:
    spec = ROLES[role]
    assert spec.hidden_record_fields <= RECORD_FIELDS, spec.hidden_record_fields - RECORD_FIELDS
    assert spec.hidden_subject_fields <= SUBJECT_FIELDS, spec.hidden_subject_fields - SUBJECT_FIELDS


@pytest.mark.parametrize("rule", FIELD_RULES, ids=lambda r: r.caveat.value)
def test_caveat_rules_name_real_fields(rule: object) -> None:
    from models.access import FieldRule

    assert isinstance(rule, FieldRule)
    assert rule.subject_fields <= SUBJECT_FIELDS, rule.subject_fields - SUBJECT_FIELDS
    assert rule.entity_kinds <= {k.value for k in EntityKind}
    # What a person node carries (graph.build's person entity): names, dobs, sexes, aliases, roles.
    assert rule.entity_properties <= {"names", "dobs", "sexes", "aliases", "roles"}


def test_protections_name_real_roles_and_contacts_exist() -> None:
    assert PROTECTIONS and all(p.roles <= set(Role) for p in PROTECTIONS.values())
    assert "contacts" in RECORD_FIELDS and set(Contact.model_fields) >= {"name", "phones", "relation"}


@pytest.mark.parametrize(("field", "role", "withheld"), [
    ("contacts[0]", UserRole.ANALYST, True),
    ("contacts[1].phones[0]", UserRole.CROWN, True),
    ("contacts[0]", UserRole.INVESTIGATOR, False),
    ("subjects[S1].phones[0]", UserRole.ANALYST, True),
    ("subjects[S1].addresses[2]", UserRole.ANALYST, True),
    ("subjects[S1]", UserRole.ANALYST, False),
    ("subjects[S1].role", UserRole.ANALYST, False),
    ("subjects[S1].handles[0]", UserRole.ANALYST, False),
    ("subjects[S1].phones[0]", UserRole.CROWN, False),
    (None, UserRole.ANALYST, False),
    ("record", UserRole.ANALYST, False),
])
def test_withheld_fields_by_role(field: str | None, role: UserRole, withheld: bool) -> None:
    viewer = Policy().viewer("u", role, "OPP")
    assert viewer.withholds_field(field) is withheld


def test_a_protecting_caveat_does_not_hide_the_record_but_others_do() -> None:
    analyst = Policy().viewer("u", UserRole.ANALYST, "OPP")
    assert analyst.may_see_record("OPP", ["VICTIM_MINOR"])
    assert not analyst.may_see("OPP", ["VICTIM_MINOR"])  # ...its protected parts stay hidden
    assert not analyst.may_see_record("OPP", ["VICTIM_MINOR", "YOUTH"])
    assert not analyst.may_see_record("OPP", ["INFORMANT"]) and not analyst.may_see_record("OPP", ["RESTRICTED"])

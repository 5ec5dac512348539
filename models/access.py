"""Who may see what, declared once as data (in the style of :mod:`models.vocabulary`).

A record is visible to a viewer iff its agency is the viewer's agency, or shares with it under
a declared :class:`SharingAgreement`, and every caveat on the record is unlocked by the viewer's
clearances (those of the role plus those granted to the person). Everything derived from records
(entities, links, provenance, search terms, counts) is visible iff at least one record behind it
is. The stores enforce this inside their queries: a :class:`Viewer` is passed explicitly to every
read. Field rules then hide properties a viewer may not see even on things it may see.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from models.vocabulary import Caveat, Role


class UserRole(StrEnum):
    """The part a *user* of caselink plays (not to be confused with a person's role in a record)."""

    ANALYST = "analyst"
    INVESTIGATOR = "investigator"
    CROWN = "crown"
    ADMIN = "admin"


class Capability(StrEnum):
    """What a role may *do*, beyond reading what it may see. Checked in the service layer that HTTP and
    CLI share (:func:`require`), never by comparing role names."""

    #: Read the dead letters (raw rejected payloads, unlabelled: every agency's text).
    READ_DEAD_LETTERS = "read_dead_letters"
    #: Read the audit log (who asked what, who was answered what): it names every user's questions.
    READ_AUDIT = "read_audit"
    #: Read the resolution review queue (pairs of mentions the matcher was unsure of).
    REVIEW_RESOLUTION = "review_resolution"
    #: Decide that two mentions or entities are (or are not) the same, and undo such a decision.
    DECIDE_IDENTITY = "decide_identity"
    #: Prepare a disclosure draft, read it, propose redactions.
    DRAFT_DISCLOSURE = "draft_disclosure"
    #: Confirm or reject proposed redactions on a draft.
    DECIDE_DISCLOSURE = "decide_disclosure"
    #: Issue a disclosure package (and its supplementals).
    ISSUE_DISCLOSURE = "issue_disclosure"
    #: Set watches and read the alerts they raise.
    WATCH = "watch"
    #: Register, disable and list users.
    MANAGE_USERS = "manage_users"
    #: Receive deconfliction notices about one's service's records (someone else reached an entity in
    #: them) and send the searcher one's contact (api.services.deconfliction).
    DECONFLICT = "deconflict"


class PermissionDenied(Exception):
    """A viewer lacks a capability (or clearance) for an operation."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RoleSpec:
    role: UserRole
    label: str
    #: Caveats the role unlocks by itself; a person may be granted more.
    clearances: frozenset[Caveat]
    #: Sees every agency's records whatever the agreements (and every caveat).
    all_access: bool = False
    #: Top-level fields of a record's payload this role never receives.
    hidden_record_fields: frozenset[str] = frozenset()
    #: Fields of each subject in a record's payload this role never receives.
    hidden_subject_fields: frozenset[str] = frozenset()
    #: What the role may do (see :class:`Capability`).
    capabilities: frozenset[Capability] = frozenset()


ROLES: dict[UserRole, RoleSpec] = {
    spec.role: spec
    for spec in (
        # Analysts work the network: no caveat by role; reporting contacts' details are not theirs.
        # They see the review queue (a doubtful join shapes a network) but the decision is an investigator's.
        RoleSpec(UserRole.ANALYST, "Intelligence analyst", frozenset(),
                 hidden_record_fields=frozenset({"contacts"}), hidden_subject_fields=frozenset({"phones", "addresses"}),
                 capabilities=frozenset({Capability.REVIEW_RESOLUTION, Capability.WATCH})),
        # Investigators work victims: minor victims' records are theirs to see, and who is who is theirs to decide.
        RoleSpec(UserRole.INVESTIGATOR, "Investigator", frozenset({Caveat.VICTIM_MINOR}),
                 capabilities=frozenset({Capability.REVIEW_RESOLUTION, Capability.DECIDE_IDENTITY, Capability.WATCH,
                                         Capability.DECONFLICT})),
        # Crown counsel: youth and minor-victim files for prosecution (YCJA s. 119 access).
        RoleSpec(UserRole.CROWN, "Crown counsel", frozenset({Caveat.YOUTH, Caveat.VICTIM_MINOR}),
                 hidden_record_fields=frozenset({"contacts"}),
                 capabilities=frozenset({Capability.DRAFT_DISCLOSURE, Capability.DECIDE_DISCLOSURE, Capability.ISSUE_DISCLOSURE})),
        # Administrators run the system (users, dead letters, identity) but do not prosecute: no disclosure.
        RoleSpec(UserRole.ADMIN, "Administrator", frozenset(Caveat), all_access=True,
                 capabilities=frozenset(Capability) - {Capability.DRAFT_DISCLOSURE, Capability.DECIDE_DISCLOSURE,
                                                       Capability.ISSUE_DISCLOSURE}),
    )
}


@dataclass(frozen=True)
class FieldRule:
    """Fields withheld from a viewer lacking ``caveat`` on anything that carries it.

    An entity may be visible through one record and still carry a caveat from another the
    viewer may not see (a youth also named in an uncaveated report): these fields then go."""

    caveat: Caveat
    #: Properties of entities of these kinds.
    entity_kinds: frozenset[str]
    entity_properties: frozenset[str]
    #: Fields of record subjects.
    subject_fields: frozenset[str]


#: Names as they are in :class:`models.records.Subject` (``tests/models/test_access.py`` checks every rule's
#: names against the canonical model, so a rule cannot name a field that does not exist).
_AGE_AND_HOME = frozenset({"dob", "dob_raw", "birth_year_estimate", "addresses"})

FIELD_RULES: tuple[FieldRule, ...] = (
    FieldRule(Caveat.YOUTH, frozenset({"person"}), frozenset({"dobs"}), _AGE_AND_HOME),
    FieldRule(Caveat.VICTIM_MINOR, frozenset({"person"}), frozenset({"dobs"}), _AGE_AND_HOME),
)

#: Caveats a field rule protects a *person* with: a person named in a record carrying one of these
#: carries it everywhere (their date of birth and home addresses are withheld, in every record and
#: on every node, from a viewer lacking it).
PERSON_CAVEATS: frozenset[str] = frozenset(r.caveat.value for r in FIELD_RULES)


@dataclass(frozen=True)
class Protection:
    """A caveat that protects people in a record instead of hiding the record.

    A record carrying ``caveat`` stays visible to a viewer lacking it, except the subjects with one
    of ``roles`` and the record's reporting contacts (their relatives): those are withheld from the
    graph (their nodes, phones, addresses and links carry the caveat) and replaced by
    ``placeholder`` in the record's text. Everything else in the record (suspects, other people's
    phones, places, vehicles) carries the caveat no more."""

    caveat: Caveat
    roles: frozenset[Role]
    placeholder: str = "protected person"


PROTECTIONS: dict[str, Protection] = {
    p.caveat.value: p for p in (Protection(Caveat.VICTIM_MINOR, frozenset({Role.VICTIM, Role.MISSING})),)
}


def protected_subject(record_caveats: Iterable[str], role: str) -> frozenset[str]:
    """The protecting caveats a subject with ``role`` in a record with ``record_caveats`` carries."""
    return frozenset(c for c in record_caveats if c in PROTECTIONS and role in PROTECTIONS[c].roles)


def part_caveats(record_caveats: Iterable[str], protecting: Iterable[str] = ()) -> tuple[str, ...]:
    """The caveats one part of a record carries: the record's hiding caveats (YOUTH, INFORMANT,
    RESTRICTED hide the whole record), plus ``protecting`` (those of the protected person the part
    belongs to, if any)."""
    return tuple(sorted({c for c in record_caveats if c not in PROTECTIONS} | set(protecting)))


@dataclass(frozen=True)
class SharingAgreement:
    """``owner`` shares its records with ``partners`` (one way)."""

    owner: str
    partners: frozenset[str]
    basis: str


#: The synthetic world's agreements (see ``tools/synthetic``); a deployment declares its own in
#: a JSON file named by ``CASELINK_SHARING_AGREEMENTS``.
SHARING_AGREEMENTS: tuple[SharingAgreement, ...] = (
    SharingAgreement("OPP", frozenset({"TBPS", "NAPS"}), "Northern joint trafficking team MOU (synthetic)"),
    SharingAgreement("TBPS", frozenset({"OPP", "NAPS"}), "Northern joint trafficking team MOU (synthetic)"),
    SharingAgreement("NAPS", frozenset({"OPP", "TBPS"}), "Northern joint trafficking team MOU (synthetic)"),
    SharingAgreement("TPS", frozenset({"PRP"}), "GTA missing-persons protocol (synthetic)"),
    SharingAgreement("PRP", frozenset({"TPS"}), "GTA missing-persons protocol (synthetic)"),
    SharingAgreement("SPGS", frozenset({"OPP"}), "Entente Ontario-Québec (synthétique)"),
)


def load_agreements(path: Path) -> tuple[SharingAgreement, ...]:
    """``[{"owner": "A", "partners": ["B"], "basis": "..."}]`` from a JSON file."""
    raw: Any = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(raw, list):
        raise ValueError(f"{path}: expected a JSON list of agreements")
    return tuple(SharingAgreement(owner=str(a["owner"]), partners=frozenset(str(p) for p in a["partners"]),
                                  basis=str(a.get("basis", ""))) for a in raw)


@dataclass(frozen=True)
class Viewer:
    """The clearance a read is made under. Pass one to every store read; there is no ambient one."""

    name: str
    role: UserRole
    agency: str | None
    #: Agencies whose records this viewer may see (its own plus those sharing with it).
    agencies: frozenset[str]
    clearances: frozenset[str]
    all_access: bool = False
    hidden_record_fields: frozenset[str] = field(default=frozenset())
    hidden_subject_fields: frozenset[str] = field(default=frozenset())
    capabilities: frozenset[Capability] = field(default=frozenset())

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities

    def require(self, capability: Capability, doing: str) -> None:
        """Raise :class:`PermissionDenied` unless this viewer holds ``capability`` (``doing`` names the act)."""
        if capability not in self.capabilities:
            raise PermissionDenied(f"a {self.role.value} may not {doing}")

    def may_see(self, agency: str, caveats: Iterable[str]) -> bool:
        return self.all_access or (agency in self.agencies and all(c in self.clearances for c in caveats))

    @property
    def record_clearances(self) -> frozenset[str]:
        """What a *record* (as a whole) is tested against: protecting caveats (:data:`PROTECTIONS`)
        do not hide a record, only the protected people in it."""
        return self.clearances | frozenset(PROTECTIONS)

    def may_see_record(self, agency: str, caveats: Iterable[str]) -> bool:
        return self.may_see(agency, [c for c in caveats if c not in PROTECTIONS])

    def withholds_field(self, field: str | None) -> bool:
        """Whether a provenance field path (``subjects[S1].phones[0]``, ``contacts[0]``...) names a
        part of a record this viewer's role never receives."""
        if not field:
            return False
        head = field.split("[", 1)[0].split(".", 1)[0]
        if head in self.hidden_record_fields:
            return True
        if head == "subjects" and "]." in field:
            sub = field.split("].", 1)[1].split("[", 1)[0].split(".", 1)[0]
            return sub in self.hidden_subject_fields
        return False

    def lacks(self, caveats: Iterable[str]) -> frozenset[str]:
        return frozenset() if self.all_access else frozenset(c for c in caveats if c not in self.clearances)

    def scope_key(self) -> tuple[bool, tuple[str, ...], tuple[str, ...]]:
        """Two viewers with equal keys see exactly the same records."""
        return (self.all_access, tuple(sorted(self.agencies)), tuple(sorted(self.clearances)))

    def hidden_properties(self, kind: str, caveats: Iterable[str]) -> frozenset[str]:
        missing = self.lacks(caveats)
        return frozenset(p for r in FIELD_RULES if r.caveat in missing and kind in r.entity_kinds for p in r.entity_properties)

    def hidden_subject_fields_for(self, caveats: Iterable[str]) -> frozenset[str]:
        missing = self.lacks(caveats)
        return self.hidden_subject_fields | frozenset(f for r in FIELD_RULES if r.caveat in missing for f in r.subject_fields)


@dataclass(frozen=True)
class Policy:
    agreements: tuple[SharingAgreement, ...] = SHARING_AGREEMENTS
    roles: Mapping[UserRole, RoleSpec] = field(default_factory=lambda: dict(ROLES))

    def visible_agencies(self, agency: str) -> frozenset[str]:
        return frozenset({agency} | {a.owner for a in self.agreements if agency in a.partners})

    def viewer(self, name: str, role: UserRole, agency: str | None, caveats: Iterable[str] = ()) -> Viewer:
        spec = self.roles[role]
        unknown = {c for c in caveats if c not in {k.value for k in Caveat}}
        if unknown:
            raise ValueError(f"unknown caveats: {', '.join(sorted(unknown))}")
        if not spec.all_access and not agency:
            raise ValueError(f"a {role.value} belongs to an agency")
        return Viewer(name=name, role=role, agency=agency,
                      agencies=frozenset() if agency is None else self.visible_agencies(agency),
                      clearances=frozenset({c.value for c in spec.clearances} | set(caveats)), all_access=spec.all_access,
                      hidden_record_fields=spec.hidden_record_fields, hidden_subject_fields=spec.hidden_subject_fields,
                      capabilities=spec.capabilities)


#: The system itself (ingest, linking, alerts, quality checks): sees everything, never a person.
SYSTEM = Viewer(name="system", role=UserRole.ADMIN, agency=None, agencies=frozenset(),
                clearances=frozenset(c.value for c in Caveat), all_access=True,
                capabilities=ROLES[UserRole.ADMIN].capabilities)

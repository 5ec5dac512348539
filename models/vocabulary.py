"""The caselink vocabulary, declared once as data.

Every source format speaks its own dialect (``DISPARUE`` in the francophone export is
``MISSING`` in the others); everything after the adapters speaks only the canonical terms
declared here. Each table below is the single place a term is defined: adding a caveat, a
role or a link kind is a change to this module and nowhere else.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import TypeVar


class SourceFormat(StrEnum):
    """The three export formats the police services send (see FORMATS.md)."""

    MCM = "mcm"
    MPR = "mpr"
    SFX = "sfx"


class RecordType(StrEnum):
    MISSING_PERSON = "MISSING_PERSON"
    HUMAN_TRAFFICKING = "HUMAN_TRAFFICKING"
    SEXUAL_ASSAULT = "SEXUAL_ASSAULT"
    ASSAULT = "ASSAULT"
    OTHER = "OTHER"


class RecordStatus(StrEnum):
    OPEN = "OPEN"
    LOCATED = "LOCATED"
    CLOSED = "CLOSED"
    PURGED = "PURGED"


class Caveat(StrEnum):
    """Handling restrictions; they travel with everything derived from a record."""

    YOUTH = "YOUTH"
    VICTIM_MINOR = "VICTIM_MINOR"
    INFORMANT = "INFORMANT"
    RESTRICTED = "RESTRICTED"


class Role(StrEnum):
    """The part a person plays in a record."""

    MISSING = "MISSING"
    VICTIM = "VICTIM"
    SUSPECT = "SUSPECT"
    ASSOCIATE = "ASSOCIATE"
    WITNESS = "WITNESS"
    COMPLAINANT = "COMPLAINANT"
    #: The person who reported a missing person (parent, group home): not the subject.
    REPORTING_CONTACT = "REPORTING_CONTACT"
    #: Named only in the narrative.
    MENTIONED = "MENTIONED"


class EntityKind(StrEnum):
    PERSON = "person"
    PHONE = "phone"
    EMAIL = "email"
    HANDLE = "handle"
    VEHICLE = "vehicle"
    PLACE = "place"
    ADDRESS = "address"
    RECORD = "record"


class MentionKind(StrEnum):
    """What an extractor found in a narrative. Several map onto one entity kind."""

    PERSON = "person"
    ALIAS = "alias"
    PHONE = "phone"
    EMAIL = "email"
    HANDLE = "handle"
    PLATE = "plate"
    HOTEL = "hotel"
    ADDRESS = "address"
    POSTAL_CODE = "postal_code"
    CITY = "city"
    DATE = "date"
    ORGANISATION = "organisation"


class LinkKind(StrEnum):
    SUBJECT_OF = "SUBJECT_OF"
    CONTACT_OF = "CONTACT_OF"
    MENTIONED_IN = "MENTIONED_IN"
    USES_PHONE = "USES_PHONE"
    USES_EMAIL = "USES_EMAIL"
    USES_HANDLE = "USES_HANDLE"
    LIVES_AT = "LIVES_AT"
    VEHICLE_IN = "VEHICLE_IN"
    PLACE_IN = "PLACE_IN"
    NAMED_IN_REPORT_ON = "NAMED_IN_REPORT_ON"


class KeyForm(StrEnum):
    """How an entity's id is made from its key (:func:`models.ids.entity_id`)."""

    #: ``kind:key``: the key is already normalised (E.164 phone, folded e-mail, record key).
    VALUE = "value"
    #: ``kind:key`` without spaces (``ABCD 123`` plate -> ``vehicle:ABCD123``).
    COMPACT = "compact"
    #: ``kind:`` + a hash of the key: keys that are long or personal (a street line, a person's cluster).
    HASHED = "hashed"
    #: ``kind:`` + the key as a slug of lower-case words (``place:lakeview-motel-kingston``).
    SLUG = "slug"


class TermForm(StrEnum):
    """How a search term is written from a property (:mod:`graph.search_terms`)."""

    #: As stored (an E.164 number).
    AS_IS = "as-is"
    #: Lower case (handles, e-mails, record numbers).
    LOWER = "lower"
    #: Without spaces (plates).
    COMPACT = "compact"
    #: Folded like a name (accents, case and punctuation gone).
    FOLDED = "folded"
    #: Folded like a name, the quotes an alias is shown in stripped first.
    NAME = "name"


@dataclass(frozen=True)
class SearchTerm:
    """One search term of an entity: the first of ``fields`` it has (``caption`` is its caption; a list
    property gives one term per element), written in ``form``."""

    fields: tuple[str, ...]
    form: TermForm


class HubBasis(StrEnum):
    """What makes a shared value a hub (:mod:`graph.build.hubs`)."""

    #: Used by at least ``min_people`` differently named people (in their records' structured fields).
    DISTINCT_PEOPLE = "distinct-people"
    #: Named in at least ``min_records`` records and at least ``min_share`` of all records.
    RECORD_SHARE = "record-share"


@dataclass(frozen=True)
class HubRule:
    """When a value shared by many stops being evidence: it neither merges people nor carries traversals."""

    basis: HubBasis
    min_people: int = 5
    min_records: int = 40
    min_share: float = 0.04

    def holds(self, *, people: int, records: int, total_records: int | None = None) -> bool:
        """Whether a value used by ``people`` distinct people and named in ``records`` records is a hub
        (``total_records``: all records of the build; without it the share is not asked)."""
        if self.basis is HubBasis.DISTINCT_PEOPLE:
            return people >= self.min_people
        floor = self.min_records if total_records is None else max(self.min_records, self.min_share * total_records)
        return records >= floor


@dataclass(frozen=True)
class EntityKindSpec:
    kind: EntityKind
    label: str
    #: How the id is made from the key.
    key: KeyForm
    #: Whether the key is derived deterministically from a normalised value (phones,
    #: plates...), as opposed to being decided by scored resolution (persons).
    deterministic_key: bool
    #: How the entity's one-per-key rule is told to a reader (``/entities/{id}/why``); ``{resolver}``
    #: is the person matcher's name.
    method: str
    #: How the caption is written from the entity's properties (a :meth:`str.format` template); ``None``:
    #: the build words it (a person's best name, a place's name and city, an address's parts).
    caption: str | None = None
    #: What a search finds the entity by.
    search: tuple[SearchTerm, ...] = ()
    #: The property holding the value structured fields name and hub rules count (``None``: the id).
    value_property: str | None = None
    #: Whether a narrative mention of it is an entity keyed by the mention's value (a phone, a plate), as
    #: opposed to one resolved (a person's name, a hotel's name) or not taken as an entity (an address).
    keyed_by_mention: bool = False
    #: The mention's attributes kept as properties of that entity (a handle's platform).
    mention_attrs: tuple[str, ...] = ()
    #: When one value, shared by many unrelated people (a group home's phone, a busy motel), is marked a
    #: hub rather than merge people or flood traversals; ``None``: never.
    hub: HubRule | None = None

    @property
    def may_be_hub(self) -> bool:
        return self.hub is not None


@dataclass(frozen=True)
class LinkKindSpec:
    """A link kind and the entity kinds it joins (the idea of followthemoney's ``edge:``)."""

    kind: LinkKind
    source: frozenset[EntityKind]
    target: EntityKind
    label: str
    #: A tie that repeats one already drawn through a record (entity - record - entity), drawn for
    #: reach (paths, alerts, communities); centralities leave it out so the tie is not counted twice.
    shortcut: bool = False


@dataclass(frozen=True)
class CaveatSpec:
    caveat: Caveat
    label: str
    #: What the law or the sharing agreement says, for the people who read the audit.
    basis: str


_BY_PEOPLE = HubRule(HubBasis.DISTINCT_PEOPLE)
_BY_RECORDS = HubRule(HubBasis.RECORD_SHARE)

ENTITY_KINDS: dict[EntityKind, EntityKindSpec] = {
    spec.kind: spec
    for spec in (
        EntityKindSpec(EntityKind.PERSON, "Person", KeyForm.HASHED, deterministic_key=False,
                       method="person mentions resolved by the {resolver} matcher, overridden by investigators' decisions",
                       search=(SearchTerm(("caption",), TermForm.NAME), SearchTerm(("names",), TermForm.NAME),
                               SearchTerm(("aliases",), TermForm.NAME))),
        EntityKindSpec(EntityKind.PHONE, "Phone number", KeyForm.VALUE, deterministic_key=True,
                       method="one phone per E.164 number", caption="{value}", search=(SearchTerm(("value", "caption"), TermForm.AS_IS),),
                       value_property="value", keyed_by_mention=True, hub=_BY_PEOPLE),
        # No hub rule: the build has never made an e-mail a hub (shared ones stay evidence).
        EntityKindSpec(EntityKind.EMAIL, "E-mail address", KeyForm.VALUE, deterministic_key=True,
                       method="one e-mail per normalised address", caption="{value}", search=(SearchTerm(("value", "caption"), TermForm.LOWER),),
                       value_property="value", keyed_by_mention=True),
        EntityKindSpec(EntityKind.HANDLE, "Social media handle", KeyForm.VALUE, deterministic_key=True,
                       method="one handle per platform and normalised handle", caption="{value}",
                       search=(SearchTerm(("value", "caption"), TermForm.LOWER),), value_property="value",
                       keyed_by_mention=True, mention_attrs=("platform",)),
        EntityKindSpec(EntityKind.VEHICLE, "Vehicle", KeyForm.COMPACT, deterministic_key=True,
                       method="one vehicle per normalised plate", caption="{plate}", search=(SearchTerm(("plate", "caption"), TermForm.COMPACT),),
                       value_property="plate", keyed_by_mention=True),
        EntityKindSpec(EntityKind.PLACE, "Place (hotel, motel, lodge)", KeyForm.SLUG, deterministic_key=True,
                       method="one place per normalised name and city, or made one by investigators' decisions",
                       search=(SearchTerm(("name", "caption"), TermForm.FOLDED), SearchTerm(("caption",), TermForm.FOLDED)),
                       hub=_BY_RECORDS),
        EntityKindSpec(EntityKind.ADDRESS, "Street address", KeyForm.HASHED, deterministic_key=True,
                       method="one address per folded street line and city", value_property="key", hub=_BY_PEOPLE),
        EntityKindSpec(EntityKind.RECORD, "Source record", KeyForm.VALUE, deterministic_key=True,
                       method="one record per agency and record number (its latest revision)", caption="{agency} {record_no}",
                       search=(SearchTerm(("record_no", "caption"), TermForm.LOWER),)),
    )
}

_ANY_NAMED = frozenset(
    {EntityKind.PERSON, EntityKind.PHONE, EntityKind.EMAIL, EntityKind.HANDLE,
     EntityKind.VEHICLE, EntityKind.PLACE, EntityKind.ADDRESS}
)

LINK_KINDS: dict[LinkKind, LinkKindSpec] = {
    spec.kind: spec
    for spec in (
        LinkKindSpec(LinkKind.SUBJECT_OF, frozenset({EntityKind.PERSON}), EntityKind.RECORD, "subject of"),
        LinkKindSpec(LinkKind.CONTACT_OF, frozenset({EntityKind.PERSON}), EntityKind.RECORD, "reporting contact of"),
        LinkKindSpec(LinkKind.MENTIONED_IN, _ANY_NAMED, EntityKind.RECORD, "mentioned in"),
        LinkKindSpec(LinkKind.USES_PHONE, frozenset({EntityKind.PERSON}), EntityKind.PHONE, "uses phone"),
        LinkKindSpec(LinkKind.USES_EMAIL, frozenset({EntityKind.PERSON}), EntityKind.EMAIL, "uses e-mail"),
        LinkKindSpec(LinkKind.USES_HANDLE, frozenset({EntityKind.PERSON}), EntityKind.HANDLE, "uses handle"),
        LinkKindSpec(LinkKind.LIVES_AT, frozenset({EntityKind.PERSON}), EntityKind.ADDRESS, "lives at"),
        LinkKindSpec(LinkKind.VEHICLE_IN, frozenset({EntityKind.VEHICLE}), EntityKind.RECORD, "vehicle in"),
        LinkKindSpec(LinkKind.PLACE_IN, frozenset({EntityKind.PLACE}), EntityKind.RECORD, "place in"),
        # A phone, handle or vehicle named in the narrative of a report about one person ("she kept getting
        # calls from 306-555-0175", "left with him in a grey Rogue, plate EYSM 582") is about that person:
        # linked to them directly, so she is one step from it, as she is from her own phone.
        LinkKindSpec(LinkKind.NAMED_IN_REPORT_ON, frozenset({EntityKind.PHONE, EntityKind.HANDLE, EntityKind.VEHICLE}),
                     EntityKind.PERSON, "named in the report on", shortcut=True),
    )
}

#: Entity kinds that a single-subject report's narrative ties to its subject (:attr:`LinkKind.NAMED_IN_REPORT_ON`).
NAMED_FOR_SUBJECT: frozenset[EntityKind] = LINK_KINDS[LinkKind.NAMED_IN_REPORT_ON].source

#: The entity a mention is evidence of; ``None`` for context that is not an entity of its own.
MENTION_ENTITY_KIND: dict[MentionKind, EntityKind | None] = {
    MentionKind.PERSON: EntityKind.PERSON,
    MentionKind.ALIAS: EntityKind.PERSON,
    MentionKind.PHONE: EntityKind.PHONE,
    MentionKind.EMAIL: EntityKind.EMAIL,
    MentionKind.HANDLE: EntityKind.HANDLE,
    MentionKind.PLATE: EntityKind.VEHICLE,
    MentionKind.HOTEL: EntityKind.PLACE,
    MentionKind.ADDRESS: EntityKind.ADDRESS,
    MentionKind.POSTAL_CODE: None,
    MentionKind.CITY: None,
    MentionKind.DATE: None,
    MentionKind.ORGANISATION: None,
}



@dataclass(frozen=True)
class Vocabulary:
    """The entity and link kinds a graph is built under. The code reads the shipped one,
    :data:`VOCABULARY`; a test may build under another (e-mails made hub-capable, say) by passing it in."""

    entity_kinds: Mapping[EntityKind, EntityKindSpec]
    link_kinds: Mapping[LinkKind, LinkKindSpec]

    def hub_rules(self) -> dict[EntityKind, HubRule]:
        """Each entity kind that may be a hub, with its rule."""
        return {kind: spec.hub for kind, spec in self.entity_kinds.items() if spec.hub is not None}

    def joins(self, kind: LinkKind, source: EntityKind, target: EntityKind) -> bool:
        """Whether a ``kind`` link may go from a ``source`` entity to a ``target`` one."""
        spec = self.link_kinds[kind]
        return source in spec.source and target == spec.target


VOCABULARY = Vocabulary(ENTITY_KINDS, LINK_KINDS)

CAVEATS: dict[Caveat, CaveatSpec] = {
    spec.caveat: spec
    for spec in (
        CaveatSpec(Caveat.YOUTH, "Young person (YCJA)", "Youth Criminal Justice Act ss. 110, 118"),
        CaveatSpec(Caveat.VICTIM_MINOR, "Victim is a minor", "Criminal Code s. 486.4; YCJA s. 111"),
        CaveatSpec(Caveat.INFORMANT, "Informant", "Informer privilege (R. v. Leipert)"),
        CaveatSpec(Caveat.RESTRICTED, "Restricted", "Originating agency's handling restriction"),
    )
}

# --- source dialects -------------------------------------------------------------------
# How each format spells the canonical terms. English codes are shared by mcm and mpr;
# the francophone export has its own. Lookup is accent- and case-insensitive.

RECORD_TYPE_TERMS: dict[str, RecordType] = {
    **{t.value: t for t in RecordType},
    "PERSONNE_DISPARUE": RecordType.MISSING_PERSON,
    "TRAITE_DE_PERSONNES": RecordType.HUMAN_TRAFFICKING,
    "AGRESSION_SEXUELLE": RecordType.SEXUAL_ASSAULT,
    "VOIES_DE_FAIT": RecordType.ASSAULT,
    "AUTRE": RecordType.OTHER,
}

STATUS_TERMS: dict[str, RecordStatus] = {
    **{s.value: s for s in RecordStatus},
    "OUVERT": RecordStatus.OPEN,
    "RETROUVEE": RecordStatus.LOCATED,
    "RETROUVE": RecordStatus.LOCATED,
    "FERME": RecordStatus.CLOSED,
    "PURGE": RecordStatus.PURGED,
}

CAVEAT_TERMS: dict[str, Caveat] = {
    **{c.value: c for c in Caveat},
    "JEUNESSE": Caveat.YOUTH,
    "VICTIME_MINEURE": Caveat.VICTIM_MINOR,
    "INDICATEUR": Caveat.INFORMANT,
    "RESTREINT": Caveat.RESTRICTED,
}

ROLE_TERMS: dict[str, Role] = {
    **{r.value: r for r in Role},
    "DISPARUE": Role.MISSING,
    "DISPARU": Role.MISSING,
    "VICTIME": Role.VICTIM,
    "ASSOCIE": Role.ASSOCIATE,
    "ASSOCIEE": Role.ASSOCIATE,
    "TEMOIN": Role.WITNESS,
    "PLAIGNANT": Role.COMPLAINANT,
    "PLAIGNANTE": Role.COMPLAINANT,
}


class UnknownTermError(ValueError):
    """A source used a code that is not in the vocabulary: the record is rejected, not guessed."""


T = TypeVar("T")


@cache
def fold_term(raw: str) -> str:
    """Upper-case, strip accents and spaces so ``Associé`` and ``ASSOCIE`` meet."""
    decomposed = unicodedata.normalize("NFKD", raw.strip())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.upper().replace(" ", "_").replace("-", "_")


def lookup(table: dict[str, T], raw: str, what: str) -> T:
    """Translate a source code into its canonical term, or raise :class:`UnknownTermError`."""
    try:
        return table[fold_term(raw)]
    except KeyError:
        raise UnknownTermError(f"unknown {what} {raw!r}") from None

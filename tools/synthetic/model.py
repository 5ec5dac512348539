"""The world behind the exports: true people, rings, hotels, and format-neutral record versions.

Records are drawn here once, in canonical terms (English types, statuses, caveats, E.164
phones), and only rendered into ``mcm``/``mpr``/``sfx`` at the end. That keeps the ground
truth exact: it is read off these objects, not reverse-engineered from the files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

Format = Literal["mcm", "mpr", "sfx"]
MentionKind = Literal["person", "alias", "phone", "plate", "hotel", "handle"]

#: Which export format each agency sends.
AGENCY_FORMAT: dict[str, Format] = {
    "OPP": "mcm", "TBPS": "mcm", "TPS": "mpr", "PRP": "mpr", "NAPS": "mpr", "SPGS": "sfx",
}
AGENCIES: tuple[str, ...] = tuple(AGENCY_FORMAT)


@dataclass(frozen=True)
class Address:
    line: str
    city: str
    province: str
    postal: str

    def as_dict(self) -> dict[str, str]:
        return {"line": self.line, "city": self.city, "province": self.province, "postal": self.postal}


@dataclass(frozen=True)
class Handle:
    platform: str  #: "instagram" or "snapchat"
    handle: str  #: as the platform shows it: "@name12" on Instagram, "name_123" on Snapchat


@dataclass(frozen=True)
class Guardian:
    """Who reports a person missing: not a subject, not in the truth's persons."""

    name: str
    relation: str  #: canonical English: MOTHER, FATHER, AUNT, GRANDMOTHER, SISTER, GROUP HOME
    phone: str  #: E.164


@dataclass
class Person:
    id: str
    given: str  #: first name, then any middle names
    surname: str
    dob: date
    sex: str
    french: bool
    north: bool  #: from a northern First Nations family (name pools, agencies)
    city: str
    phones: list[str]
    address: Address
    aliases: list[str] = field(default_factory=list)
    handles: list[Handle] = field(default_factory=list)
    role_hint: str = ""
    guardian: Guardian | None = None
    group_home: GroupHome | None = None

    @property
    def first(self) -> str:
        return self.given.split()[0]

    def truth(self) -> dict[str, Any]:
        return {
            "id": self.id, "given": self.given, "surname": self.surname, "dob": self.dob.isoformat(),
            "sex": self.sex, "french": self.french, "city": self.city, "phones": list(self.phones),
            "address": self.address.as_dict(), "aliases": list(self.aliases),
            "handles": [{"platform": h.platform, "handle": h.handle} for h in self.handles],
            "role_hint": self.role_hint,
        }


@dataclass(frozen=True)
class GroupHome:
    """A youth residence: one phone and one address shared by many unrelated youths (a hub)."""

    name: str
    city: str
    address: Address
    phone: str
    staff: tuple[str, ...]


@dataclass(frozen=True)
class Hotel:
    id: str
    name: str
    city: str
    address: Address


@dataclass(frozen=True)
class Vehicle:
    plate: str  #: canonical "ABCD 123"
    make: str
    model: str
    colour: str  #: English


@dataclass
class Ring:
    id: str
    members: list[Person]
    victims: list[Person]
    phones: list[str]  #: E.164: the trafficker's phones and the ring's ad/burner line(s)
    ad_phones: list[str]
    vehicles: list[Vehicle]
    hotels: list[Hotel]
    cities: list[str]
    start: date
    end: date

    @property
    def trafficker(self) -> Person:
        return self.members[0]

    @property
    def recruiter(self) -> Person:
        return self.members[1]


@dataclass(frozen=True)
class Mention:
    """One entity reference in a narrative, exactly as the truth file records it."""

    kind: MentionKind
    text: str | None
    value: str | None
    entity: str | None

    def truth(self) -> dict[str, str | None]:
        return {"kind": self.kind, "text": self.text, "value": self.value, "entity": self.entity}


@dataclass
class SubjectEntry:
    """A person as one record version writes them (name spelling, DOB, phones chosen once)."""

    sid: str
    person: Person
    role: str  #: canonical English role
    given: str
    surname: str
    dob: date | None  #: as written (may be day/month swapped), None when left empty
    phones: list[str]
    address: Address | None
    aliases: list[str] = field(default_factory=list)
    handles: list[Handle] = field(default_factory=list)
    age: int | None = None  #: mpr AGE column, when the clerk filled it


@dataclass
class Version:
    """One revision of a record, in canonical terms."""

    revision: int
    rtype: str
    status: str
    opened: datetime
    updated: datetime
    caveats: list[str]
    subjects: list[SubjectEntry]
    narrative: str
    mentions: list[Mention]
    lang: str = "en"
    vehicles: list[Vehicle] = field(default_factory=list)
    hotels: list[Hotel] = field(default_factory=list)
    guardian: Guardian | None = None
    last_seen: date | None = None
    last_seen_city: str = ""
    hostile: bool = False
    purge: bool = False


@dataclass
class Record:
    agency: str
    year: int
    number: int = 0
    versions: list[Version] = field(default_factory=list)
    #: Planted evidence a world promises (a ring's cross-agency victim): never corrupted or purged.
    protected: bool = False

    @property
    def fmt(self) -> Format:
        return AGENCY_FORMAT[self.agency]

    @property
    def record_no(self) -> str:
        return f"{self.agency}-{self.year % 100:02d}-{self.number:06d}"

    @property
    def key(self) -> str:
        return f"{self.agency}:{self.record_no}"


@dataclass
class Delivery:
    """One item in an export file: a version, maybe re-rendered, maybe corrupted."""

    record: Record
    version: Version
    position: float
    render_seed: int
    malformed: str | None = None  #: "truncated", "no_id", "bad_date", "broken_tag"

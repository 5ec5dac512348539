"""The canonical record: what every adapter produces, whatever the source format.

Text fields are kept exactly as the source sent them (hostile strings included: they are
data, never markup or query text). Normalised keys (E.164 phones, plates) are computed by the
normalisers in :mod:`models.normalise`, so a phone in a structured field and the same phone in
another record's narrative meet at one key.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from models.vocabulary import Caveat, RecordStatus, RecordType, Role, SourceFormat


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


_CANADIAN_POSTAL = re.compile(r"^([A-Z]\d[A-Z])\s*-?\s*(\d[A-Z]\d)$")


class Address(_Frozen):
    """A street address with its parts kept apart (never flattened into one string that a later
    step must take apart again). Postal codes and provinces are normalised on the way in."""

    line: str | None = None
    city: str | None = None
    province: str | None = None
    postal: str | None = None

    @field_validator("line", "city", "province", "postal")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return value.strip() or None if isinstance(value, str) else value

    @field_validator("postal")
    @classmethod
    def _postal(cls, value: str | None) -> str | None:
        # A Canadian code as Canada Post writes it ("K1K 1Y6"); any other shape kept as written.
        if value is None:
            return None
        found = _CANADIAN_POSTAL.match(value.upper())
        return f"{found.group(1)} {found.group(2)}" if found else value

    @field_validator("province")
    @classmethod
    def _province(cls, value: str | None) -> str | None:
        return value.upper() if value is not None and len(value) <= 3 else value

    @property
    def display(self) -> str:
        """One line for people: "1777 Regent St, Kingston, ON K1K 1Y6"."""
        tail = " ".join(p for p in (self.province, self.postal) if p)
        return ", ".join(p for p in (self.line, self.city, tail) if p)


class Handle(_Frozen):
    platform: str | None = None
    handle: str


class Subject(_Frozen):
    """A person the record is about, with the role the source gave them."""

    subject_id: str
    role: Role
    surname: str | None = None
    #: Given names as written ("Kendra Brittany").
    given: str | None = None
    #: The full name as the source wrote it, when it came as one string.
    name_raw: str | None = None
    dob: date | None = None
    #: Kept when the date of birth could not be read unambiguously: never guessed.
    dob_raw: str | None = None
    #: An age without a date of birth becomes an estimated birth year.
    birth_year_estimate: int | None = None
    sex: str | None = None
    phones: tuple[str, ...] = ()
    addresses: tuple[Address, ...] = ()
    aliases: tuple[str, ...] = ()
    handles: tuple[Handle, ...] = ()

    @property
    def full_name(self) -> str:
        parts = [p for p in (self.given, self.surname) if p]
        return " ".join(parts) if parts else (self.name_raw or "")


class FieldIssue(_Frozen):
    """A subject field that could not be read (an impossible date of birth, an age that is no
    number, a phone or postal code of no known shape): kept as written, left out of matching, and
    listed in the data-quality view, while the rest of the record goes on. Only a record whose
    identity or structure is broken is rejected."""

    subject_id: str
    #: ``dob``, ``age``, ``phone`` or ``postal``.
    field: str
    #: The value exactly as the source wrote it.
    raw: str
    #: What is wrong with it, for the agency that can fix it.
    problem: str


class Contact(_Frozen):
    """The reporting contact of a missing-person report: a person with a phone, not the subject."""

    name: str | None = None
    surname: str | None = None
    given: str | None = None
    relation: str | None = None
    phones: tuple[str, ...] = ()


class Vehicle(_Frozen):
    plate: str | None = None
    province: str | None = None
    make: str | None = None
    model: str | None = None
    colour: str | None = None


class Location(_Frozen):
    type: str | None = None
    name: str | None = None
    address: Address | None = None
    city: str | None = None

    @field_validator("address", mode="before")
    @classmethod
    def _address_text(cls, value: object) -> object:
        # A source that gives the address as one line of text: kept whole as the line, never parsed by guess.
        if isinstance(value, str):
            return {"line": value} if value.strip() else None
        return value

    @property
    def place_city(self) -> str | None:
        """The city the place is in: stated beside it, or in its address."""
        return self.city or (self.address.city if self.address is not None else None)
    #: "last seen" dates and similar, as written.
    date_raw: str | None = None
    when: date | None = None


class SourceRef(_Frozen):
    """Where an item came from, precisely enough to find it again in the export."""

    source: str
    format: SourceFormat
    #: 1-based line for line formats; 1-based element ordinal for XML.
    position: int
    #: Byte offset of the item's first byte in the source.
    byte_offset: int | None = None


class Record(_Frozen):
    """One revision of one record of one police service, in canonical form."""

    agency: str
    record_no: str
    #: The source's revision (mcm, sfx). ``mpr`` has none: its versions order by ``updated_at``.
    revision: int | None = None
    updated_at: datetime | None = None
    record_type: RecordType
    status: RecordStatus
    opened: datetime | date | None = None
    opened_raw: str | None = None
    caveats: tuple[Caveat, ...] = ()
    subjects: tuple[Subject, ...] = ()
    contacts: tuple[Contact, ...] = ()
    vehicles: tuple[Vehicle, ...] = ()
    locations: tuple[Location, ...] = ()
    narrative: str = ""
    #: Language the source declares for its narratives (``fr`` for sfx); detection may refine.
    language_hint: str | None = None
    source: SourceRef
    #: Problems that did not warrant rejection (ambiguous date kept raw...), for the analyst.
    warnings: tuple[str, ...] = Field(default=())
    #: Subject fields kept as written because they could not be read (see :class:`FieldIssue`).
    field_issues: tuple[FieldIssue, ...] = Field(default=())

    @property
    def key(self) -> str:
        return f"{self.agency}:{self.record_no}"

    @property
    def version(self) -> str:
        """A string that sorts like the record's versions: revision first, then update time."""
        rev = self.revision if self.revision is not None else 0
        stamp = self.updated_at.isoformat() if self.updated_at is not None else ""
        return f"{rev:010d}|{stamp}"

    @property
    def is_purge(self) -> bool:
        return self.status is RecordStatus.PURGED

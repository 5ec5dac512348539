"""Request and response models of the investigator's alert inbox."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from api.schemas.leads import AlertOut


class TriageState(StrEnum):
    UNREAD = "unread"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


class TriageIn(BaseModel):
    state: TriageState
    note: str = Field(default="", max_length=500)


class TriageOut(BaseModel):
    state: TriageState
    #: Who set the state and when (None while unread and never touched).
    by: str | None
    at: str | None
    note: str


class MissingPersonOut(BaseModel):
    """The person an alert is about, as the record (seen by the caller) names them."""

    name: str
    role: str
    #: Age in years on the record's date (from the date of birth, else an estimated birth year).
    age: int | None
    age_basis: str
    dob: str | None
    entity: str | None


class InboxItemOut(BaseModel):
    alert: AlertOut
    record_type: str | None
    opened: str | None
    persons: list[MissingPersonOut]
    triage: TriageOut


class InboxOut(BaseModel):
    items: list[InboxItemOut]
    #: How many items are in each state.
    counts: dict[str, int]
    last_seq: int

"""Response and request models of deconfliction (:mod:`api.services.deconfliction`)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class NoticeOut(BaseModel):
    """A notice to the owning service: who reached which of its entities, when, and whether contact was sent."""

    id: int
    created_at: str
    searcher: str
    searcher_role: str
    searcher_agency: str | None
    entity_id: str
    #: The owning service's records behind the entity (the reader may see them all).
    records: list[str]
    contact_sent_at: str | None
    contact_by: str | None


class NoticesOut(BaseModel):
    items: list[NoticeOut]


class ContactIn(BaseModel):
    message: str = Field(default="", max_length=2000, description="What the searcher should know (a phone, a file number)")


class ContactOut(BaseModel):
    """An investigator's contact, sent to a searcher about an entity the searcher reached."""

    entity_id: str
    from_user: str
    from_agency: str | None
    message: str
    sent_at: str


class ContactsOut(BaseModel):
    items: list[ContactOut]

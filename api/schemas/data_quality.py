"""Response models of the data-quality view (``GET /data-quality``, ``caselink data-quality``)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class FieldIssueOut(BaseModel):
    record: str
    record_no: str
    subject_id: str
    #: ``dob``, ``age``, ``phone`` or ``postal``.
    field: str
    #: The value as the source wrote it; ``None`` when the viewer may not see that field of the subject.
    raw: str | None
    problem: str


class AgencyQualityOut(BaseModel):
    agency: str
    #: Records in force of this agency that the viewer may see.
    records: int
    records_with_issues: int
    issues: list[FieldIssueOut] = Field(default_factory=list)


class DataQualityOut(BaseModel):
    """Subject fields kept as written (unreadable, impossible), per agency: what each service can fix at source."""

    agencies: list[AgencyQualityOut] = Field(default_factory=list)
    total_issues: int

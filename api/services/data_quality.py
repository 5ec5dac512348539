"""The data-quality view: subject fields each agency sent that could not be read.

An impossible date of birth, an age that is no number, a phone that is no full number or a
postal code of no known shape does not take a report out of the graph: the adapters keep the
value as written, leave it out of matching and note it on the record (``Record.field_issues``).
This view lists those notes per agency, for the records the viewer may see (agency and caveats,
as every read), with the raw value withheld where the viewer's field rules hide that subject
field. HTTP and CLI both call :func:`data_quality`; both are audited by their callers.
"""

from __future__ import annotations

from collections import defaultdict

from api.schemas.data_quality import AgencyQualityOut, DataQualityOut, FieldIssueOut
from api.services.queries import AppContext
from models.access import Viewer

#: The subject field (as the access rules name it) whose value each kind of issue shows.
_SUBJECT_FIELD = {"dob": "dob_raw", "age": "birth_year_estimate", "phone": "phones", "postal": "addresses"}
MAX_ISSUES_PER_AGENCY = 10_000


def data_quality(ctx: AppContext, *, viewer: Viewer, agency: str | None = None) -> DataQualityOut:
    """Every field issue of the records in force the viewer may see, grouped by agency (optionally one)."""
    records: dict[str, int] = defaultdict(int)
    flawed: dict[str, int] = defaultdict(int)
    issues: dict[str, list[FieldIssueOut]] = defaultdict(list)
    for record in ctx.ledger.current_records():
        if (agency is not None and record.agency != agency) or not viewer.may_see(record.agency, record.caveats):
            continue
        records[record.agency] += 1
        if not record.field_issues:
            continue
        flawed[record.agency] += 1
        hidden = viewer.hidden_subject_fields_for(record.caveats)
        listed = issues[record.agency]
        for issue in record.field_issues:
            if len(listed) >= MAX_ISSUES_PER_AGENCY:
                break
            shown = _SUBJECT_FIELD.get(issue.field, issue.field) not in hidden
            listed.append(FieldIssueOut(record=record.key, record_no=record.record_no, subject_id=issue.subject_id,
                                        field=issue.field, raw=issue.raw if shown else None, problem=issue.problem))
    out = [AgencyQualityOut(agency=a, records=n, records_with_issues=flawed[a], issues=issues[a]) for a, n in sorted(records.items())]
    return DataQualityOut(agencies=out, total_issues=sum(len(a.issues) for a in out))

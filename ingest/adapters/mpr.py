"""``mpr``: missing-person reports, CSV with a BOM, CRLF and quoted newlines.

One row is one revision of a report; there is no revision column, so versions are ordered by
``UPDATED_AT``. The reporting contact (a parent, a group home) is a person with a phone, not
the subject.

Speed: a one-line row is read without a stream (:func:`_rows`), and the record, sub-records
included, is built as plain dicts and validated once (:func:`validate_record`).
"""

from __future__ import annotations

import csv
import io
import re
from functools import cache

from ingest.adapters.common import caveats, optional, required, subject_field_issues, term, validate_record
from ingest.dates import parse_date, parse_required_date, parse_timestamp, subject_age, subject_date
from ingest.errors import RejectError
from ingest.items import SourceItem
from ingest.names import split_full_name, split_surname_first
from models.records import Record
from models.vocabulary import STATUS_TERMS, RecordStatus, RecordType, Role, SourceFormat

COLUMNS = (
    "REPORT_NO", "AGENCY", "REPORT_DATE", "UPDATED_AT", "SUBJECT_NAME", "DOB", "AGE", "SEX",
    "SUBJECT_PHONE", "LAST_SEEN_DATE", "LAST_SEEN_LOCATION", "CONTACT_NAME", "CONTACT_RELATION",
    "CONTACT_PHONE", "STATUS", "CAVEAT", "CIRCUMSTANCES",
)

_MULTI = re.compile(r"\s*[;|]\s*")


def _header(context: str | None) -> tuple[str, ...]:
    if not context:
        raise RejectError("no CSV header for this row")
    return _parse_header(context)


@cache
def _parse_header(context: str) -> tuple[str, ...]:
    """Every row of a file carries the same header: parse it once."""
    names = next(csv.reader([context]))
    missing = [c for c in ("REPORT_NO", "AGENCY", "UPDATED_AT", "SUBJECT_NAME", "STATUS") if c not in names]
    if missing:
        raise RejectError(f"CSV header lacks {', '.join(missing)}")
    return tuple(n.strip() for n in names)


def _split_multi(raw: str) -> list[str]:
    """``_MULTI.split``, without the regex when there is no separator to split on."""
    return _MULTI.split(raw) if ";" in raw or "|" in raw else [raw]


def _phones(raw: str | None) -> tuple[str, ...]:
    return tuple(p for p in _split_multi(raw) if p.strip()) if raw else ()


def _rows(payload: str) -> list[list[str]]:
    """The CSV records of a payload, read as ``csv.reader(io.StringIO(payload, newline=""))`` does.

    A payload with no line break is one line for ``StringIO`` too, so it is handed to the reader
    as such, without building a stream.
    """
    try:
        if payload and "\n" not in payload and "\r" not in payload:
            return list(csv.reader((payload,)))
        return list(csv.reader(io.StringIO(payload, newline="")))
    except csv.Error as exc:  # e.g. a field past the csv module's 128 KiB limit: this row alone is rejected
        raise RejectError(f"unreadable CSV record: {exc}") from exc


def adapt(item: SourceItem) -> Record:
    header = _header(item.context)
    rows = _rows(item.payload)
    if len(rows) != 1:
        raise RejectError(f"expected one CSV record, found {len(rows)}")
    row = rows[0]
    if len(row) != len(header):
        key = f"{row[1].strip()}:{row[0].strip()}" if len(row) > 1 and row[0].strip() and row[1].strip() else None
        raise RejectError(f"row has {len(row)} fields, header has {len(header)}", key=key)
    f = dict(zip(header, row, strict=True))
    report_no = required(f.get("REPORT_NO"), "REPORT_NO")
    agency = required(f.get("AGENCY"), "AGENCY")
    key = f"{agency}:{report_no}"
    try:
        return _adapt(f, item, agency, report_no, key)
    except RejectError as exc:
        exc.key = exc.key or key
        raise


def _adapt(f: dict[str, str], item: SourceItem, agency: str, report_no: str, key: str) -> Record:
    """The record of one row, validated once from plain dicts (pydantic builds the sub-models)."""
    updated_at = parse_timestamp(f.get("UPDATED_AT"), field="UPDATED_AT")
    status = term(STATUS_TERMS, f.get("STATUS"), "STATUS", key)
    source = {"source": item.source, "format": SourceFormat.MPR, "position": item.position, "byte_offset": item.byte_offset}
    if status is RecordStatus.PURGED:
        # A purge order carries its identity and version only.
        return validate_record({"agency": agency, "record_no": report_no, "updated_at": updated_at,
                                "record_type": RecordType.MISSING_PERSON, "status": status, "source": source})
    warnings: list[str] = []
    report_date = parse_required_date(f.get("REPORT_DATE"), ("MDY",), field="REPORT_DATE")
    dob, dob_problem = subject_date(optional(f.get("DOB")), ("MDY", "ISO"), field="DOB")
    age_raw = optional(f.get("AGE"))
    birth_year, age_problem = (None, None) if dob.value else subject_age(age_raw, report_date)
    last_seen = parse_date(optional(f.get("LAST_SEEN_DATE")), ("MDY",), field="LAST_SEEN_DATE")
    if last_seen.ambiguous:
        warnings.append(f"LAST_SEEN_DATE kept as written: {last_seen.raw!r}")
    # A blank name is a field error, not a broken record: the report (its number, dates, narrative)
    # stays, its subject unnamed, listed in data quality by subject_field_issues.
    name_raw = optional(f.get("SUBJECT_NAME"))
    surname, given = split_surname_first(name_raw) if name_raw else (None, None)
    subject = {
        "subject_id": "S1", "role": Role.MISSING, "surname": surname, "given": given, "name_raw": name_raw,
        "dob": dob.value, "dob_raw": dob.raw, "birth_year_estimate": birth_year,
        "sex": optional(f.get("SEX")), "phones": _phones(optional(f.get("SUBJECT_PHONE"))),
    }
    issues: list[dict[str, str]] = []
    subject_field_issues(subject, "SUBJECT", warnings, issues, dob_problem=dob_problem,
                         age=(age_raw, age_problem) if age_raw and age_problem else None)
    contacts: tuple[dict[str, object], ...] = ()
    contact_name = optional(f.get("CONTACT_NAME"))
    contact_phones = _phones(optional(f.get("CONTACT_PHONE")))
    if contact_name or contact_phones:
        c_surname, c_given = split_full_name(contact_name) if contact_name else (None, None)
        contacts = ({"name": contact_name, "surname": c_surname, "given": c_given,
                     "relation": optional(f.get("CONTACT_RELATION")), "phones": contact_phones},)
    locations: tuple[dict[str, object], ...] = ()
    if optional(f.get("LAST_SEEN_LOCATION")) or last_seen.value or last_seen.raw:
        locations = ({"type": "LAST_SEEN", "city": optional(f.get("LAST_SEEN_LOCATION")),
                      "when": last_seen.value, "date_raw": last_seen.raw},)
    return validate_record({
        "agency": agency,
        "record_no": report_no,
        "revision": None,
        "updated_at": updated_at,
        "record_type": RecordType.MISSING_PERSON,
        "status": status,
        "opened": report_date,
        "caveats": caveats(_split_multi(f.get("CAVEAT") or ""), key),
        "subjects": (subject,),
        "contacts": contacts,
        "locations": locations,
        "narrative": f.get("CIRCUMSTANCES") or "",
        "language_hint": "en",
        "source": source,
        "warnings": tuple(warnings),
        "field_issues": tuple(issues),
    })

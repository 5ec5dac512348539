"""Helpers shared by the adapters: required fields, vocabulary lookups, list splitting."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from ingest.errors import RejectError
from models.normalise import phone_e164, postal_code_key
from models.records import Record
from models.vocabulary import (
    CAVEAT_TERMS,
    Caveat,
    UnknownTermError,
    lookup,
)

T = TypeVar("T")

_RECORD_VALIDATOR = Record.__pydantic_validator__


def validate_record(data: dict[str, Any]) -> Record:
    """``Record.model_validate(data)``: the same validator, without the classmethod's argument handling.

    The adapters build the whole record, sub-records included, as plain dicts and validate it
    here once, so pydantic builds every sub-model in Rust rather than one Python ``__init__``
    each; each dict holds the keys a keyword construction would have passed, so even
    ``model_fields_set`` is unchanged.
    """
    record: Record = _RECORD_VALIDATOR.validate_python(data)
    return record


def required(value: str | None, field: str, key: str | None = None) -> str:
    if value is None or not str(value).strip():
        raise RejectError(f"{field}: missing", key=key)
    return str(value).strip()


def optional(value: object) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if text.strip() else None


def term(table: dict[str, T], raw: str | None, what: str, key: str | None) -> T:
    if raw is None or not raw.strip():
        raise RejectError(f"{what}: missing", key=key)
    # Fast path: a code already spelled canonically. Every key of a vocabulary table is its own
    # folded form (upper-case ASCII and underscores), so this is the answer ``lookup`` would give.
    hit = table.get(raw)
    if hit is not None:
        return hit
    try:
        return lookup(table, raw, what)
    except UnknownTermError as exc:
        raise RejectError(str(exc), key=key) from None


def caveats(raws: list[str], key: str | None) -> tuple[Caveat, ...]:
    """Canonical caveats, de-duplicated, in a stable order."""
    if not raws:
        return ()
    found = {term(CAVEAT_TERMS, raw, "caveat", key) for raw in raws if raw and raw.strip()}
    return tuple(sorted(found))


def guard(key: str | None, fn: Callable[[], T]) -> T:
    """Run ``fn`` and attach the record key to any rejection it raises."""
    try:
        return fn()
    except RejectError as exc:
        if exc.key is None:
            exc.key = key
        raise


#: A Canadian postal code's shape with letters or digits out of place (``K1K 1Y``, ``KIK 1Y6``), or a
#: value with characters no postal code has. Other countries' codes (US ZIP, UK) are not issues.
_CANADIAN_LOOKING = re.compile(r"^[A-Z]\w[A-Z]\b|^[A-Z]\d[A-Z]", re.IGNORECASE)
_POSTAL_CHARS = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 \-]{1,11}$")


def _postal_problem(raw: str) -> str | None:
    if postal_code_key(raw) is not None:
        return None
    text = raw.strip()
    if not _POSTAL_CHARS.match(text) or not any(ch.isdigit() for ch in text):
        return "not a postal code"
    if _CANADIAN_LOOKING.match(text):
        return "not a Canadian postal code (letters and digits out of place)"
    return None


def subject_field_issues(subject: dict[str, Any], where: str, warnings: list[str], issues: list[dict[str, str]], *,
                         dob_problem: str | None = None, age: tuple[str, str] | None = None) -> None:
    """Note the fields of one subject that could not be read, kept as written and left out of matching.

    ``dob_problem`` says what is wrong with ``subject["dob_raw"]`` (from :func:`ingest.dates.subject_date`);
    ``age`` is an unreadable age and its problem. Phones that are no full number and postal codes of
    no known shape are noted too (they stay in the subject as written; matching reads only normalised
    keys, which they have none of). Each becomes a warning on the record and a ``FieldIssue``.
    """
    sid = str(subject["subject_id"])

    def note(field: str, raw: str, problem: str) -> None:
        warnings.append(f"{where}.{field} kept as written: {raw!r} ({problem})")
        issues.append({"subject_id": sid, "field": field, "raw": raw, "problem": problem})

    if not any(subject.get(k) for k in ("surname", "given", "name_raw")):
        warnings.append(f"{where} has no name: kept unnamed, left out of name matching")
        issues.append({"subject_id": sid, "field": "name", "raw": "", "problem": "missing"})
    if dob_problem is not None and subject.get("dob_raw"):
        note("dob", str(subject["dob_raw"]), dob_problem)
    if age is not None:
        note("age", age[0], age[1])
    for phone in subject.get("phones") or ():
        if phone_e164(phone) is None:
            note("phone", phone, "not a full phone number")
    for address in subject.get("addresses") or ():
        postal = address.get("postal") if isinstance(address, dict) else None
        if postal and (problem := _postal_problem(postal)) is not None:
            note("postal", postal, problem)

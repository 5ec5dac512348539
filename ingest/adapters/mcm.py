"""``mcm``: the major case management export, one JSON object per line.

Speed: a line is read with orjson (about three times faster than ``json``), and the whole record,
sub-records included, is built as plain dicts and validated once (:func:`validate_record`), so
pydantic builds the sub-models in Rust rather than one Python ``__init__`` per subject, address
and handle. The standard library stays the reference reading: see :func:`adapt`.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

from ingest.adapters.common import caveats, optional, required, subject_field_issues, term, validate_record
from ingest.dates import parse_timestamp, subject_date
from ingest.errors import RejectError
from ingest.items import SourceItem
from models.records import Record
from models.vocabulary import RECORD_TYPE_TERMS, ROLE_TERMS, STATUS_TERMS, RecordStatus, SourceFormat


class _NotPlainJson(Exception):
    """orjson's reading of a consumed value might differ from json's: read the item again with json.

    orjson turns an integer beyond 64 bits into a float where json keeps an ``int``; any float
    reaching the record as text is therefore re-read by the reference parser.
    """


def _has_float(value: object) -> bool:
    """Whether a JSON value holds a float anywhere, walked without recursion (nesting is the sender's choice)."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, float):
            return True
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return False


def _text(value: object, exact: bool) -> str | None:
    """:func:`~ingest.adapters.common.optional` for a JSON value, with a fast path for strings.

    Outside the reference reading (``exact``), a value holding a float is not trusted (see
    :class:`_NotPlainJson`).
    """
    if value.__class__ is str:
        return value if value.strip() else None
    if value is None:
        return None
    if not exact and _has_float(value):
        raise _NotPlainJson
    return optional(value)


def _texts(values: list[Any], exact: bool) -> tuple[str, ...]:
    """The non-blank values of a list, as text (``str`` of each, kept unstripped)."""
    out = []
    for value in values:
        if value.__class__ is str:
            if value.strip():
                out.append(value)
        elif _text(value, exact) is not None:
            out.append(str(value))
    return tuple(out)


def _list(obj: dict[str, Any], name: str, where: str) -> list[Any]:
    value = obj.get(name)
    if value is None:
        return []
    if value.__class__ is not list:
        field = f"{where}.{name}" if where else name
        raise RejectError(f"{field}: expected a list, got {type(value).__name__}")
    return value


def _obj(value: Any, where: str) -> dict[str, Any]:
    if value.__class__ is not dict:
        raise RejectError(f"{where}: expected an object, got {type(value).__name__}")
    return value


def _fields(obj: dict[str, Any], names: tuple[str, ...], exact: bool) -> dict[str, str | None]:
    """``{name: _text(obj.get(name))}`` for several text fields, calling ``_text`` only for odd values."""
    out: dict[str, str | None] = {}
    for name in names:
        value = obj.get(name)
        out[name] = value if value.__class__ is str and value.strip() else _text(value, exact)
    return out


_ADDRESS = ("line", "city", "province", "postal")
_VEHICLE = ("plate", "province", "make", "model", "colour")
_LOCATION = ("type", "name", "city")
_PERSON = ("surname", "given", "sex")


def _address(raw: Any, where: str, j: int, exact: bool) -> dict[str, Any]:
    return _fields(raw if raw.__class__ is dict else _obj(raw, f"{where}.addresses[{j}]"), _ADDRESS, exact)


def _location(raw: Any, i: int, exact: bool) -> dict[str, Any]:
    """A location with its address object kept as an address (parts apart), or a one-line address as its line."""
    obj = _obj(raw, f"locations[{i}]")
    out: dict[str, Any] = _fields(obj, _LOCATION, exact)
    address = obj.get("address")
    if address.__class__ is dict:
        out["address"] = _fields(address, _ADDRESS, exact)
    elif address.__class__ is str or address is None:
        out["address"] = _text(address, exact)
    else:
        raise RejectError(f"locations[{i}].address: expected an object (line, city, province, postal) or text, "
                          f"got {type(address).__name__}")
    return out


def _handle(raw: Any, where: str, j: int, key: str, exact: bool) -> dict[str, Any]:
    hobj = raw if raw.__class__ is dict else _obj(raw, f"{where}.handles[{j}]")
    platform = _text(hobj.get("platform"), exact)
    return {"platform": platform, "handle": required(_text(hobj.get("handle"), exact), f"{where}.handles[{j}].handle", key)}


def _subject(raw: Any, index: int, key: str, warnings: list[str], issues: list[dict[str, str]], exact: bool) -> dict[str, Any]:
    """One subject as the dict ``Subject`` is validated from, with the keys the source gives.

    Checks run in the order of the fields, so the first problem found is the one reported.
    """
    where = f"subjects[{index}]"
    obj = raw if raw.__class__ is dict else _obj(raw, where)
    get = obj.get
    subject_id = get("subject_id")
    if subject_id.__class__ is not str or subject_id.isspace() or not subject_id:  # odd or blank: ``required`` says why
        subject_id = required(_text(subject_id, exact), f"{where}.subject_id", key)
    else:
        subject_id = subject_id.strip()
    dob, dob_problem = subject_date(_text(get("dob"), exact), ("ISO",), field=f"{where}.dob")
    handles = tuple([_handle(h, where, j, key, exact) for j, h in enumerate(_list(obj, "handles", where))])
    role_raw = get("role")
    role = ROLE_TERMS.get(role_raw) if role_raw.__class__ is str else None  # an exact code (see ``term``)
    subject: dict[str, Any] = {
        "subject_id": subject_id,
        "role": role or term(ROLE_TERMS, _text(role_raw, exact), f"{where}.role", key),
        **_fields(obj, _PERSON, exact),
        "dob": dob.value,
        "dob_raw": dob.raw,
    }
    subject["phones"] = _texts(_list(obj, "phones", where), exact)
    subject["addresses"] = tuple([_address(a, where, j, exact) for j, a in enumerate(_list(obj, "addresses", where))])
    subject["aliases"] = _texts(_list(obj, "aliases", where), exact)
    subject["handles"] = handles
    subject_field_issues(subject, where, warnings, issues, dob_problem=dob_problem)
    return subject


_AGENCY = re.compile(r'"agency"\s*:\s*"([^"\\]{1,32})"')
_CASE_NO = re.compile(r'"case_no"\s*:\s*"([^"\\]{1,64})"')


def _salvage_key(payload: str) -> str | None:
    """The record key of a broken line, when it can still be read, so the rejection can be traced."""
    agency, case_no = _AGENCY.search(payload), _CASE_NO.search(payload)
    return f"{agency.group(1)}:{case_no.group(1)}" if agency and case_no else None


def adapt(item: SourceItem) -> Record:
    """The record of one JSON line, or :class:`RejectError`.

    The line is first read with orjson. If that fails, if the record is rejected, or if a value
    orjson may read differently from json reaches the record (:class:`_NotPlainJson`), the line
    is read again with ``json`` and adapted from that: every rejection, and every odd value, is
    exactly what the standard library reading gives. Well-formed lines take the fast path once.
    """
    try:
        data = orjson.loads(item.payload)
    except orjson.JSONDecodeError:
        pass
    else:
        try:
            return _adapt_data(data, item, exact=False)
        except (RejectError, _NotPlainJson):
            pass
    try:
        data = json.loads(item.payload)
    except json.JSONDecodeError as exc:
        raise RejectError(f"invalid JSON: {exc.msg} at column {exc.colno}", key=_salvage_key(item.payload)) from None
    return _adapt_data(data, item, exact=True)


def _adapt_data(data: Any, item: SourceItem, exact: bool) -> Record:
    obj = _obj(data, "record")
    agency = required(_text(obj.get("agency"), exact), "agency")
    record_no = required(_text(obj.get("case_no"), exact), "case_no")
    key = f"{agency}:{record_no}"
    try:
        return _adapt(obj, item, agency, record_no, key, exact)
    except RejectError as exc:
        exc.key = exc.key or key
        raise


def _adapt(obj: dict[str, Any], item: SourceItem, agency: str, record_no: str, key: str, exact: bool) -> Record:
    revision = obj.get("revision")
    if revision.__class__ is not int or revision < 1:  # bool is not int here, as before
        raise RejectError(f"revision: expected an integer >= 1, got {revision!r}", key=key)
    status = term(STATUS_TERMS, _text(obj.get("status"), exact), "status", key)
    opened = parse_timestamp(_text(obj.get("opened"), exact), field="opened", required=status is not RecordStatus.PURGED)
    warnings: list[str] = []
    issues: list[dict[str, str]] = []
    subjects = tuple([_subject(s, i, key, warnings, issues, exact) for i, s in enumerate(_list(obj, "subjects", ""))])
    if len(subjects) > 1 and len({s["subject_id"] for s in subjects}) != len(subjects):
        raise RejectError("subjects: duplicate subject_id", key=key)
    vehicles = [_fields(_obj(v, f"vehicles[{i}]"), _VEHICLE, exact) for i, v in enumerate(_list(obj, "vehicles", ""))]
    locations = [_location(loc, i, exact) for i, loc in enumerate(_list(obj, "locations", ""))]
    narrative = obj.get("narrative") or ""
    if not isinstance(narrative, str):
        raise RejectError("narrative: expected text", key=key)
    record_type = (term(RECORD_TYPE_TERMS, _text(obj.get("case_type"), exact), "case_type", key)
                   if status is not RecordStatus.PURGED or obj.get("case_type") else RECORD_TYPE_TERMS["OTHER"])
    return validate_record({
        "agency": agency,
        "record_no": record_no,
        "revision": revision,
        "record_type": record_type,
        "status": status,
        "opened": opened,
        "caveats": caveats([c if c.__class__ is str else _str(c, exact) for c in _list(obj, "caveats", "")], key),
        "subjects": subjects,
        "vehicles": vehicles,
        "locations": locations,
        "narrative": narrative,
        "language_hint": "en",
        "source": {"source": item.source, "format": SourceFormat.MCM, "position": item.position, "byte_offset": item.byte_offset},
        "warnings": tuple(warnings),
        "field_issues": tuple(issues),
    })


def _str(value: object, exact: bool) -> str:
    if not exact and _has_float(value):
        raise _NotPlainJson
    return str(value)

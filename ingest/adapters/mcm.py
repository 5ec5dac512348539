"""``mcm``: the major case management export, one JSON object per line."""

from __future__ import annotations

import json
import re
from typing import Any

from ingest.adapters.common import caveats, optional, required, term
from ingest.dates import parse_date, parse_timestamp
from ingest.errors import RejectError
from ingest.items import SourceItem
from models.records import Address, Handle, Location, Record, SourceRef, Subject, Vehicle
from models.vocabulary import RECORD_TYPE_TERMS, ROLE_TERMS, STATUS_TERMS, RecordStatus, SourceFormat


def _list(obj: dict[str, Any], name: str, where: str) -> list[Any]:
    value = obj.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RejectError(f"{where}{name}: expected a list, got {type(value).__name__}")
    return value


def _obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RejectError(f"{where}: expected an object, got {type(value).__name__}")
    return value


def _address(raw: Any, where: str) -> Address:
    obj = _obj(raw, where)
    return Address(line=optional(obj.get("line")), city=optional(obj.get("city")),
                   province=optional(obj.get("province")), postal=optional(obj.get("postal")))


def _subject(raw: Any, index: int, key: str, warnings: list[str]) -> Subject:
    where = f"subjects[{index}]"
    obj = _obj(raw, where)
    subject_id = required(optional(obj.get("subject_id")), f"{where}.subject_id", key)
    dob = parse_date(optional(obj.get("dob")), ("ISO",), field=f"{where}.dob")
    if dob.ambiguous:
        warnings.append(f"{where}.dob kept as written: {dob.raw!r}")
    handles = []
    for j, h in enumerate(_list(obj, "handles", f"{where}.")):
        hobj = _obj(h, f"{where}.handles[{j}]")
        handles.append(Handle(platform=optional(hobj.get("platform")),
                              handle=required(optional(hobj.get("handle")), f"{where}.handles[{j}].handle", key)))
    return Subject(
        subject_id=subject_id,
        role=term(ROLE_TERMS, optional(obj.get("role")), f"{where}.role", key),
        surname=optional(obj.get("surname")),
        given=optional(obj.get("given")),
        dob=dob.value,
        dob_raw=dob.raw,
        sex=optional(obj.get("sex")),
        phones=tuple(str(p) for p in _list(obj, "phones", f"{where}.") if optional(p)),
        addresses=tuple(_address(a, f"{where}.addresses[{j}]") for j, a in enumerate(_list(obj, "addresses", f"{where}."))),
        aliases=tuple(str(a) for a in _list(obj, "aliases", f"{where}.") if optional(a)),
        handles=tuple(handles),
    )


_AGENCY = re.compile(r'"agency"\s*:\s*"([^"\\]{1,32})"')
_CASE_NO = re.compile(r'"case_no"\s*:\s*"([^"\\]{1,64})"')


def _salvage_key(payload: str) -> str | None:
    """The record key of a broken line, when it can still be read, so the rejection can be traced."""
    agency, case_no = _AGENCY.search(payload), _CASE_NO.search(payload)
    return f"{agency.group(1)}:{case_no.group(1)}" if agency and case_no else None


def adapt(item: SourceItem) -> Record:
    try:
        data = json.loads(item.payload)
    except json.JSONDecodeError as exc:
        raise RejectError(f"invalid JSON: {exc.msg} at column {exc.colno}", key=_salvage_key(item.payload)) from None
    obj = _obj(data, "record")
    agency = required(optional(obj.get("agency")), "agency")
    record_no = required(optional(obj.get("case_no")), "case_no")
    key = f"{agency}:{record_no}"
    try:
        return _adapt(obj, item, agency, record_no, key)
    except RejectError as exc:
        exc.key = exc.key or key
        raise


def _adapt(obj: dict[str, Any], item: SourceItem, agency: str, record_no: str, key: str) -> Record:
    revision = obj.get("revision")
    if isinstance(revision, bool) or not isinstance(revision, int) or revision < 1:
        raise RejectError(f"revision: expected an integer >= 1, got {revision!r}", key=key)
    status = term(STATUS_TERMS, optional(obj.get("status")), "status", key)
    opened = parse_timestamp(optional(obj.get("opened")), field="opened", required=status is not RecordStatus.PURGED)
    warnings: list[str] = []
    subjects = tuple(_subject(s, i, key, warnings) for i, s in enumerate(_list(obj, "subjects", "")))
    ids = [s.subject_id for s in subjects]
    if len(set(ids)) != len(ids):
        raise RejectError("subjects: duplicate subject_id", key=key)
    vehicles = []
    for i, v in enumerate(_list(obj, "vehicles", "")):
        vobj = _obj(v, f"vehicles[{i}]")
        vehicles.append(Vehicle(plate=optional(vobj.get("plate")), province=optional(vobj.get("province")),
                                make=optional(vobj.get("make")), model=optional(vobj.get("model")),
                                colour=optional(vobj.get("colour"))))
    locations = []
    for i, loc in enumerate(_list(obj, "locations", "")):
        lobj = _obj(loc, f"locations[{i}]")
        locations.append(Location(type=optional(lobj.get("type")), name=optional(lobj.get("name")),
                                  address=optional(lobj.get("address")), city=optional(lobj.get("city"))))
    narrative = obj.get("narrative") or ""
    if not isinstance(narrative, str):
        raise RejectError("narrative: expected text", key=key)
    return Record(
        agency=agency,
        record_no=record_no,
        revision=revision,
        record_type=term(RECORD_TYPE_TERMS, optional(obj.get("case_type")), "case_type", key)
        if status is not RecordStatus.PURGED or obj.get("case_type") else RECORD_TYPE_TERMS["OTHER"],
        status=status,
        opened=opened,
        caveats=caveats([str(c) for c in _list(obj, "caveats", "")], key),
        subjects=subjects,
        vehicles=tuple(vehicles),
        locations=tuple(locations),
        narrative=narrative,
        language_hint="en",
        source=SourceRef(source=item.source, format=SourceFormat.MCM, position=item.position, byte_offset=item.byte_offset),
        warnings=tuple(warnings),
    )

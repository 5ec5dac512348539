"""``sfx``: the francophone XML export, one ``<dossier>`` element per record, DD/MM/YYYY dates."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ingest.adapters.common import caveats, optional, required, term
from ingest.dates import parse_date
from ingest.errors import RejectError
from ingest.items import SourceItem
from ingest.names import split_full_name
from models.records import Address, Contact, Record, SourceRef, Subject, Vehicle
from models.vocabulary import RECORD_TYPE_TERMS, ROLE_TERMS, STATUS_TERMS, RecordStatus, SourceFormat


def _text(el: ET.Element | None) -> str | None:
    if el is None:
        return None
    return optional("".join(el.itertext()))


def _address(el: ET.Element) -> Address:
    return Address(line=_text(el.find("rue")), city=_text(el.find("ville")),
                   province=_text(el.find("province")), postal=_text(el.find("code_postal")))


def adapt(item: SourceItem) -> Record:
    try:
        # defusedxml: entity expansion and external references in a source item are refused.
        el = SafeET.fromstring(item.payload)
    except ET.ParseError as exc:
        raise RejectError(f"malformed XML: {exc}") from None
    except DefusedXmlException as exc:
        raise RejectError(f"refused XML construct: {type(exc).__name__}") from None
    if el.tag != "dossier":
        raise RejectError(f"expected <dossier>, found <{el.tag}>")
    record_no = required(el.get("numero"), "numero")
    agency = item.context or record_no.split("-", 1)[0]
    key = f"{agency}:{record_no}"
    try:
        return _adapt(el, item, agency, record_no, key)
    except RejectError as exc:
        exc.key = exc.key or key
        raise


def _adapt(el: ET.Element, item: SourceItem, agency: str, record_no: str, key: str) -> Record:
    rev_raw = required(el.get("revision"), "revision", key)
    if not rev_raw.strip().isdigit() or int(rev_raw) < 1:
        raise RejectError(f"revision: expected an integer >= 1, got {rev_raw!r}", key=key)
    status = term(STATUS_TERMS, el.get("statut"), "statut", key)
    purge = status is RecordStatus.PURGED
    opened = parse_date(el.get("ouvert"), ("DMY",), field="ouvert")
    if opened.value is None and not purge:
        raise RejectError(f"ouvert: {'missing' if opened.raw is None else 'unreadable date ' + repr(opened.raw)}", key=key)
    warnings: list[str] = []
    subjects = []
    for i, p in enumerate(el.findall("personne")):
        where = f"personne[{i}]"
        birth = parse_date(_text(p.find("naissance")), ("DMY",), field=f"{where}.naissance")
        if birth.ambiguous:
            warnings.append(f"{where}.naissance kept as written: {birth.raw!r}")
        subjects.append(Subject(
            subject_id=required(p.get("id"), f"{where}@id", key),
            role=term(ROLE_TERMS, p.get("role"), f"{where}@role", key),
            surname=_text(p.find("nom")),
            given=_text(p.find("prenoms")),
            dob=birth.value,
            dob_raw=birth.raw,
            sex=_text(p.find("sexe")),
            phones=tuple(t for t in (_text(x) for x in p.findall("telephone")) if t),
            addresses=tuple(_address(a) for a in p.findall("adresse")),
            aliases=tuple(t for t in (_text(x) for x in p.findall("alias")) if t),
        ))
    ids = [s.subject_id for s in subjects]
    if len(set(ids)) != len(ids):
        raise RejectError("personne: duplicate id", key=key)
    contacts = []
    for c in el.findall("contact"):
        name = _text(c.find("nom"))
        c_surname, c_given = split_full_name(name) if name else (None, None)
        contacts.append(Contact(name=name, surname=c_surname, given=c_given, relation=optional(c.get("lien")),
                                phones=tuple(t for t in (_text(x) for x in c.findall("telephone")) if t)))
    vehicles = [Vehicle(plate=optional(v.get("plaque")), province=optional(v.get("province")),
                        make=optional(v.get("marque")), model=optional(v.get("modele")),
                        colour=optional(v.get("couleur"))) for v in el.findall("vehicule")]
    raw_caveats: list[str] = []
    for m in el.findall("mise_en_garde"):
        raw_caveats.extend(part for part in (_text(m) or "").replace(",", ";").split(";"))
    rtype = el.get("type")
    return Record(
        agency=agency,
        record_no=record_no,
        revision=int(rev_raw),
        record_type=term(RECORD_TYPE_TERMS, rtype, "type", key) if rtype or not purge else RECORD_TYPE_TERMS["AUTRE"],
        status=status,
        opened=opened.value,
        opened_raw=opened.raw,
        caveats=caveats(raw_caveats, key),
        subjects=tuple(subjects),
        contacts=tuple(contacts),
        vehicles=tuple(vehicles),
        narrative=_text(el.find("recit")) or "",
        language_hint="fr",
        source=SourceRef(source=item.source, format=SourceFormat.SFX, position=item.position, byte_offset=item.byte_offset),
        warnings=tuple(warnings),
    )

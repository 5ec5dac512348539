"""``sfx``: the francophone XML export, one ``<dossier>`` element per record, DD/MM/YYYY dates.

Speed: defusedxml wraps the pure-Python ``XMLParser`` (one Python call per start tag, end tag
and text run), which cost more than the rest of the adapter together. A payload that cannot
hold a DTD is parsed by the C parser instead (see :func:`_parse`); the record is then built as
plain dicts and validated once (:func:`validate_record`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ingest.adapters.common import caveats, optional, required, subject_field_issues, term, validate_record
from ingest.dates import parse_date, subject_date
from ingest.errors import RejectError
from ingest.items import SourceItem
from ingest.names import split_full_name
from models.records import Record
from models.vocabulary import RECORD_TYPE_TERMS, ROLE_TERMS, STATUS_TERMS, RecordStatus, SourceFormat


def _text(el: ET.Element | None) -> str | None:
    """All the text of ``el`` (``itertext``), or None when blank.

    An element without children holds exactly its ``.text``; joining ``itertext`` is only
    needed for mixed content.
    """
    if el is None:
        return None
    if len(el):
        return optional("".join(el.itertext()))
    text = el.text
    return text if text and text.strip() else None


def _texts(els: list[ET.Element]) -> tuple[str, ...]:
    """The non-blank texts of ``els`` (most lists here are empty or hold one element)."""
    if not els:
        return ()
    return tuple([t for t in map(_text, els) if t])


def _address(el: ET.Element) -> dict[str, str | None]:
    return {"line": _text(el.find("rue")), "city": _text(el.find("ville")),
            "province": _text(el.find("province")), "postal": _text(el.find("code_postal"))}


def _parse(payload: str) -> ET.Element:
    """The payload's root element, parsed as defusedxml would, or :class:`RejectError`.

    Entity declarations and external references, which defusedxml exists to refuse, can only
    come from a DTD, and a DTD can only be written with ``<!``. A payload without ``<!`` is
    therefore parsed by the C ``XMLParser`` (same expat, same C ``TreeBuilder``, same tree).
    Anything else, and any payload the C parser refuses, goes through defusedxml, so that what
    is refused and the reason given are defusedxml's own.
    """
    if "<!" not in payload:
        parser = ET.XMLParser()  # noqa: S314 - no "<!", so no DTD: nothing for defusedxml to refuse
        try:
            parser.feed(payload)
            root: ET.Element = parser.close()
            return root
        except ET.ParseError:
            pass
    try:
        # defusedxml: entity expansion and external references in a source item are refused.
        safe_root: ET.Element = SafeET.fromstring(payload)
    except ET.ParseError as exc:
        raise RejectError(f"malformed XML: {exc}") from None
    except DefusedXmlException as exc:
        raise RejectError(f"refused XML construct: {type(exc).__name__}") from None
    return safe_root


def adapt(item: SourceItem) -> Record:
    el = _parse(item.payload)
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


def _subject(p: ET.Element, i: int, key: str, warnings: list[str], issues: list[dict[str, str]]) -> dict[str, Any]:
    """One ``<personne>`` as the dict ``Subject`` is validated from; checks run in field order."""
    where = f"personne[{i}]"
    birth, birth_problem = subject_date(_text(p.find("naissance")), ("DMY",), field=f"{where}.naissance")
    subject_id, role = p.get("id"), p.get("role")
    subject = {
        # The messages of ``required`` and ``term`` are only built when the value needs them.
        "subject_id": subject_id.strip() if subject_id and not subject_id.isspace() else required(subject_id, f"{where}@id", key),
        "role": ROLE_TERMS.get(role) if role in ROLE_TERMS else term(ROLE_TERMS, role, f"{where}@role", key),
        "surname": _text(p.find("nom")),
        "given": _text(p.find("prenoms")),
        "dob": birth.value,
        "dob_raw": birth.raw,
        "sex": _text(p.find("sexe")),
        "phones": _texts(p.findall("telephone")),
        "addresses": tuple([_address(a) for a in p.findall("adresse")]),
        "aliases": _texts(p.findall("alias")),
    }
    subject_field_issues(subject, where, warnings, issues, dob_problem=birth_problem)
    return subject


def _contact(c: ET.Element) -> dict[str, Any]:
    name = _text(c.find("nom"))
    c_surname, c_given = split_full_name(name) if name else (None, None)
    return {"name": name, "surname": c_surname, "given": c_given, "relation": optional(c.get("lien")),
            "phones": _texts(c.findall("telephone"))}


def _vehicle(v: ET.Element) -> dict[str, str | None]:
    return {"plate": optional(v.get("plaque")), "province": optional(v.get("province")),
            "make": optional(v.get("marque")), "model": optional(v.get("modele")), "colour": optional(v.get("couleur"))}


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
    issues: list[dict[str, str]] = []
    subjects = tuple([_subject(p, i, key, warnings, issues) for i, p in enumerate(el.findall("personne"))])
    if len(subjects) > 1 and len({s["subject_id"] for s in subjects}) != len(subjects):
        raise RejectError("personne: duplicate id", key=key)
    contacts = tuple([_contact(c) for c in el.findall("contact")])
    vehicles = tuple([_vehicle(v) for v in el.findall("vehicule")])
    raw_caveats: list[str] = []
    for m in el.findall("mise_en_garde"):
        raw_caveats.extend(part for part in (_text(m) or "").replace(",", ";").split(";"))
    rtype = el.get("type")
    return validate_record({
        "agency": agency,
        "record_no": record_no,
        "revision": int(rev_raw),
        "record_type": term(RECORD_TYPE_TERMS, rtype, "type", key) if rtype or not purge else RECORD_TYPE_TERMS["AUTRE"],
        "status": status,
        "opened": opened.value,
        "opened_raw": opened.raw,
        "caveats": caveats(raw_caveats, key),
        "subjects": subjects,
        "contacts": contacts,
        "vehicles": vehicles,
        "narrative": _text(el.find("recit")) or "",
        "language_hint": "fr",
        "source": {"source": item.source, "format": SourceFormat.SFX, "position": item.position, "byte_offset": item.byte_offset},
        "warnings": tuple(warnings),
        "field_issues": tuple(issues),
    })

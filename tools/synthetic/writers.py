"""Rendering record versions into the three export formats, and breaking a few on purpose.

Each delivery renders from its own seed: the same seed gives the same bytes (an exact
duplicate), another seed the same content with other phone layouts and plate spacing (a
re-rendered duplicate). Files are written item by item so nothing needs the whole export in
memory.
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Final

from tools.synthetic.formats import dmy, iso_with_offset, mdy, write_phone, write_plate
from tools.synthetic.model import AGENCIES, AGENCY_FORMAT, Delivery, Format, SubjectEntry

MPR_HEADER: Final = (
    "REPORT_NO", "AGENCY", "REPORT_DATE", "UPDATED_AT", "SUBJECT_NAME", "DOB", "AGE", "SEX", "SUBJECT_PHONE",
    "LAST_SEEN_DATE", "LAST_SEEN_LOCATION", "CONTACT_NAME", "CONTACT_RELATION", "CONTACT_PHONE", "STATUS",
    "CAVEAT", "CIRCUMSTANCES",
)
BOM: Final = "\ufeff"

SFX_TYPE: Final = {"MISSING_PERSON": "PERSONNE_DISPARUE", "HUMAN_TRAFFICKING": "TRAITE_DE_PERSONNES",
                   "SEXUAL_ASSAULT": "AGRESSION_SEXUELLE", "ASSAULT": "VOIES_DE_FAIT", "OTHER": "AUTRE"}
SFX_STATUS: Final = {"OPEN": "OUVERT", "LOCATED": "RETROUVEE", "CLOSED": "FERME", "PURGED": "PURGE"}
SFX_CAVEAT: Final = {"YOUTH": "JEUNESSE", "VICTIM_MINOR": "VICTIME_MINEURE", "INFORMANT": "INDICATEUR",
                     "RESTRICTED": "RESTREINT"}
SFX_ROLE: Final = {"MISSING": "DISPARUE", "VICTIM": "VICTIME", "SUSPECT": "SUSPECT", "ASSOCIATE": "ASSOCIE",
                   "COMPLAINANT": "PLAIGNANT", "WITNESS": "TEMOIN"}
SFX_RELATION: Final = {"MOTHER": "MERE", "FATHER": "PERE", "AUNT": "TANTE", "GRANDMOTHER": "GRAND-MERE",
                       "SISTER": "SOEUR", "GROUP HOME": "FOYER DE GROUPE"}


def render(d: Delivery) -> str:
    """One item's text, including its line end (mcm, mpr) or indentation (sfx)."""
    rng = random.Random(d.render_seed)
    fmt = d.record.fmt
    if fmt == "mcm":
        return render_mcm(d, rng)
    if fmt == "mpr":
        return render_mpr(d, rng)
    return render_sfx(d, rng)


# --- mcm ----------------------------------------------------------------------------------------

def _mcm_subject(s: SubjectEntry, rng: random.Random) -> dict[str, Any]:
    out: dict[str, Any] = {
        "subject_id": s.sid, "role": s.role, "surname": s.surname, "given": s.given,
        "dob": s.dob.isoformat() if s.dob else "", "sex": s.person.sex,
        "phones": [write_phone(p, rng) for p in s.phones],
        "addresses": [s.address.as_dict()] if s.address and rng.random() > 0.1 else [],
    }
    if s.aliases:
        out["aliases"] = list(s.aliases)
    if s.handles:
        out["handles"] = [{"platform": h.platform, "handle": h.handle} for h in s.handles]
    return out


def render_mcm(d: Delivery, rng: random.Random) -> str:
    v = d.version
    obj: dict[str, Any] = {
        "export_version": "2.3", "agency": d.record.agency, "case_no": d.record.record_no, "revision": v.revision,
        "case_type": v.rtype, "status": v.status, "opened": iso_with_offset(v.opened),
        "caveats": list(v.caveats) if not v.purge else [],
        "subjects": [_mcm_subject(s, rng) for s in v.subjects],
        "vehicles": [{"plate": write_plate(x.plate, rng), "province": "ON", "make": x.make, "model": x.model,
                      "colour": x.colour} for x in v.vehicles] if not v.purge else [],
        "locations": [{"type": "HOTEL", "name": h.name, "address": h.address.as_dict()} for h in v.hotels]
        if not v.purge else [],
        "narrative": v.narrative,
    }
    if d.malformed == "no_id":
        if rng.random() < 0.5:
            del obj["case_no"]
        else:
            obj["case_no"] = ""
    elif d.malformed == "bad_date":
        obj["opened"] = _impossible_iso(v.opened, rng)
    line = json.dumps(obj, ensure_ascii=False)
    if d.malformed == "truncated":
        line = line[: rng.randint(len(line) // 4, len(line) - 2)]
    return line + "\n"


def _impossible_iso(when: datetime, rng: random.Random) -> str:
    y = when.year
    day = rng.choice((f"{y}-02-30", f"{y}-04-31", f"{y}-13-{when.day:02d}", f"{y}-{when.month:02d}-32"))
    return f"{day}T{when:%H:%M:%S}-05:00"


# --- mpr ----------------------------------------------------------------------------------------

def mpr_fields(d: Delivery, rng: random.Random) -> list[str]:
    v = d.version
    last_seen = mdy(v.last_seen) if v.last_seen else ""
    head = [d.record.record_no, d.record.agency, mdy(v.opened.date()), v.updated.strftime("%Y-%m-%dT%H:%M:%S")]
    if v.purge:
        return [*head, "", "", "", "", "", last_seen, "", "", "", "", "PURGED", "", ""]
    s = v.subjects[0]
    dob = ""
    if s.dob:
        dob = s.dob.isoformat() if rng.random() < 0.45 else mdy(s.dob)
    phones = [write_phone(p, rng) for p in s.phones]
    phone = "; ".join(phones) if len(phones) > 1 and rng.random() < 0.5 else (phones[0] if phones else "")
    g = v.guardian
    contact = [g.name, g.relation, write_phone(g.phone, rng)] if g else ["", "", ""]
    return [*head, f"{s.surname}, {s.given}", dob, str(s.age) if s.age is not None else "", s.person.sex, phone,
            last_seen, v.last_seen_city, *contact, v.status, ";".join(v.caveats), v.narrative]


def render_mpr(d: Delivery, rng: random.Random) -> str:
    fields = mpr_fields(d, rng)
    quote_all = False
    if d.malformed == "no_id":
        fields[0] = ""
    elif d.malformed == "bad_date":
        y = d.version.opened.year
        fields[2] = rng.choice((f"02/30/{y}", f"13/{d.version.opened.day:02d}/{y}", f"04/31/{y}", f"31/31/{y}"))
    elif d.malformed == "truncated":
        fields = fields[: rng.randint(5, 10)]
        quote_all = True  # as if cut from another tool's output
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL).writerow(fields)
    return buf.getvalue()


# --- sfx ----------------------------------------------------------------------------------------

def xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def xml_attr(text: str) -> str:
    return (xml_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;"))


def _sfx_person(s: SubjectEntry, rng: random.Random) -> list[str]:
    lines = [f'    <personne id="{xml_attr(s.sid)}" role="{SFX_ROLE[s.role]}">',
             f"      <nom>{xml_text(s.surname)}</nom><prenoms>{xml_text(s.given)}</prenoms>"]
    if s.dob:
        lines.append(f"      <naissance>{dmy(s.dob)}</naissance>")
    lines.append(f"      <sexe>{s.person.sex}</sexe>")
    lines += [f"      <telephone>{xml_text(write_phone(p, rng))}</telephone>" for p in s.phones]
    if s.address and rng.random() > 0.1:
        a = s.address
        lines.append(f"      <adresse><rue>{xml_text(a.line)}</rue><ville>{xml_text(a.city)}</ville>"
                     f"<province>{a.province}</province><code_postal>{a.postal}</code_postal></adresse>")
    lines.append("    </personne>")
    return lines


def render_sfx(d: Delivery, rng: random.Random) -> str:
    v = d.version
    numero = "" if d.malformed == "no_id" else f' numero="{xml_attr(d.record.record_no)}"'
    ouvert = dmy(v.opened.date())
    if d.malformed == "bad_date":
        y = v.opened.year
        ouvert = rng.choice((f"30/02/{y}", f"31/04/{y}", f"{v.opened.day:02d}/13/{y}", f"32/01/{y}"))
    lines = [f'  <dossier{numero} revision="{v.revision}" type="{SFX_TYPE[v.rtype]}" ouvert="{ouvert}" '
             f'statut="{SFX_STATUS[v.status]}">']
    if not v.purge:
        lines += [f"    <mise_en_garde>{SFX_CAVEAT[c]}</mise_en_garde>" for c in v.caveats]
        for s in v.subjects:
            lines += _sfx_person(s, rng)
        if v.guardian:
            g = v.guardian
            relation = SFX_RELATION.get(g.relation, g.relation)
            lines.append(f'    <contact lien="{xml_attr(relation)}"><nom>{xml_text(g.name)}</nom>'
                         f"<telephone>{xml_text(write_phone(g.phone, rng))}</telephone></contact>")
        for x in v.vehicles:
            lines.append(f'    <vehicule plaque="{write_plate(x.plate, rng)}" province="ON" marque="{xml_attr(x.make)}" '
                         f'modele="{xml_attr(x.model)}" couleur="{_FR_COLOUR.get(x.colour, x.colour)}"/>')
    lines.append(f"    <recit>{xml_text(v.narrative)}</recit>")
    lines.append("  </dossier>")
    text = "\n".join(lines) + "\n"
    if d.malformed == "broken_tag":
        text = _break_tag(text, rng)
    return text


_FR_COLOUR: Final = {"black": "noir", "white": "blanc", "grey": "gris", "silver": "argent", "red": "rouge",
                     "blue": "bleu", "green": "vert", "burgundy": "bordeaux"}


def _break_tag(text: str, rng: random.Random) -> str:
    """Damage one inner tag; the ``<dossier>`` boundaries stay intact so only this item is lost."""
    options = [("</prenoms>", "</prenom>"), ("</nom>", "</nom"), ("</sexe>", ""), ("</recit>", "</recit")]
    for old, new in rng.sample(options, len(options)):
        if old in text:
            return text.replace(old, new, 1)
    return text.replace("</recit>", "</recit", 1)


# --- files --------------------------------------------------------------------------------------

EXTENSION: Final[dict[Format, str]] = {"mcm": "jsonl", "mpr": "csv", "sfx": "xml"}


def file_name(agency: str) -> str:
    fmt = AGENCY_FORMAT[agency]
    return f"{fmt}_{agency}.{EXTENSION[fmt]}"


def write_header(fh: IO[str], fmt: Format, agency: str, generated: datetime) -> None:
    if fmt == "mpr":
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerow(MPR_HEADER)
        fh.write(BOM + buf.getvalue())
    elif fmt == "sfx":
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                 f'<exportation service="{agency}" version="1.2" genere="{iso_with_offset(generated)}">\n')


def write_footer(fh: IO[str], fmt: Format) -> None:
    if fmt == "sfx":
        fh.write("</exportation>\n")


def write_exports(out_dir: Path, deliveries: Iterable[Delivery], generated: datetime) -> dict[str, int]:
    """Write the six agency files; returns items written per agency."""
    out_dir.mkdir(parents=True, exist_ok=True)
    handles: dict[str, IO[str]] = {}
    counts = dict.fromkeys(AGENCIES, 0)
    try:
        for agency in AGENCIES:
            handles[agency] = (out_dir / file_name(agency)).open("w", encoding="utf-8", newline="")
            write_header(handles[agency], AGENCY_FORMAT[agency], agency, generated)
        for d in deliveries:
            handles[d.record.agency].write(render(d))
            counts[d.record.agency] += 1
        for agency in AGENCIES:
            write_footer(handles[agency], AGENCY_FORMAT[agency])
    finally:
        for handle in handles.values():
            handle.close()
    return counts

"""A deliberately plain reader of the three formats, independent of the real adapters.

It uses only ``json``, ``csv`` and ``xml.etree`` so that tests of the generator do not lean
on the code under test elsewhere, and so world statistics can be computed for any world
directory (ours or the dev one) the same way.
"""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

_DOSSIER = re.compile(r"<dossier\b.*?</dossier\s*>", re.DOTALL)
_CASE_NO = re.compile(r'"case_no":\s*"([^"]*)"')
_REVISION = re.compile(r'"revision":\s*(\d+)')


@dataclass(frozen=True)
class Item:
    """One delivered item: its identity as far as it can be read, or why it cannot be used."""

    agency: str
    key: str | None
    version: str | None  #: the revision (mcm, sfx) or ``UPDATED_AT`` (mpr), as text
    status: str | None
    error: str | None
    narrative: str = ""
    subject_ids: tuple[str, ...] = ()

    def order(self) -> tuple[int, str]:
        """Sort key for versions: revisions compare as numbers, timestamps as text."""
        v = self.version or ""
        return (int(v), "") if v.isdigit() else (0, v)


def agency_of(path: Path) -> str:
    return path.stem.split("_", 1)[1]


def read_items(path: Path) -> Iterator[Item]:
    fmt = path.name.split("_", 1)[0]
    if fmt == "mcm":
        yield from _read_mcm(path)
    elif fmt == "mpr":
        yield from _read_mpr(path)
    elif fmt == "sfx":
        yield from _read_sfx(path)


def _date_ok(text: str, pattern: str) -> bool:
    try:
        datetime.strptime(text, pattern)
    except ValueError:
        return False
    return True


def _read_mcm(path: Path) -> Iterator[Item]:
    agency = agency_of(path)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                case = _CASE_NO.search(line)
                rev = _REVISION.search(line)
                key = f"{agency}:{case.group(1)}" if case and case.group(1) else None
                yield Item(agency, key, rev.group(1) if rev else None, None, "invalid JSON")
                continue
            case_no = obj.get("case_no") or ""
            error = None
            if not case_no:
                error = "missing case_no"
            else:
                try:
                    datetime.fromisoformat(obj.get("opened") or "")
                except ValueError:
                    error = "impossible opened date"
            yield Item(agency, f"{agency}:{case_no}" if case_no else None, str(obj.get("revision")),
                       obj.get("status"), error, obj.get("narrative") or "",
                       tuple(s.get("subject_id", "") for s in obj.get("subjects") or ()))


def _read_mpr(path: Path) -> Iterator[Item]:
    agency = agency_of(path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = csv.reader(fh)
        header = next(rows, None)
        if header is None:
            return
        for row in rows:
            if not row:
                continue
            f = dict(zip(header, row, strict=False))
            report_no = f.get("REPORT_NO", "")
            key = f"{agency}:{report_no}" if report_no else None
            error = None
            if len(row) != len(header):
                error = f"{len(row)} fields"
            elif not report_no:
                error = "missing REPORT_NO"
            elif f["STATUS"] != "PURGED" and not _date_ok(f["REPORT_DATE"], "%m/%d/%Y"):
                error = "impossible REPORT_DATE"
            subjects = ("S1",) if f.get("SUBJECT_NAME") else ()
            yield Item(agency, key, f.get("UPDATED_AT"), f.get("STATUS"), error, f.get("CIRCUMSTANCES") or "", subjects)


def _read_sfx(path: Path) -> Iterator[Item]:
    agency = agency_of(path)
    text = path.read_text(encoding="utf-8")
    for match in _DOSSIER.finditer(text):
        chunk = match.group(0)
        try:
            el = ET.fromstring(chunk)  # noqa: S314 - our own or the dev world's files; expat fetches no entities
        except ET.ParseError:
            numero = re.search(r'numero="([^"]*)"', chunk)
            revision = re.search(r'revision="(\d+)"', chunk)
            yield Item(agency, f"{agency}:{numero.group(1)}" if numero else None,
                       revision.group(1) if revision else None, None, "broken XML")
            continue
        numero_attr = el.get("numero")
        error = None
        if not numero_attr:
            error = "missing numero"
        elif el.get("statut") != "PURGE" and not _date_ok(el.get("ouvert") or "", "%d/%m/%Y"):
            error = "impossible ouvert date"
        recit = el.find("recit")
        yield Item(agency, f"{agency}:{numero_attr}" if numero_attr else None, el.get("revision"),
                   el.get("statut"), error, "".join(recit.itertext()) if recit is not None else "",
                   tuple(p.get("id") or "" for p in el.findall("personne")))


EXPORT_GLOBS = ("mcm_*.jsonl", "mpr_*.csv", "sfx_*.xml")


def export_files(world: Path) -> list[Path]:
    return sorted(p for pattern in EXPORT_GLOBS for p in world.glob(pattern))

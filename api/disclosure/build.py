"""Gathering a disclosure's records from the network, applying confirmed redactions, and the
package's content as JSON with its manifest.

Every node and link of the selected network is traced back to its records (provenance), so the
package holds every source record behind what the analyst showed, each with the version in
force, its SHA-256, and where in it each node or link came from (field or text span).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from api.disclosure.vetting import RULES, Action, Proposal
from graph.build import record_id
from graph.store.base import GraphStore
from ingest.ledger import Ledger
from models.access import Viewer
from models.records import Record

FORMAT = "caselink-disclosure/1.0"


@dataclass(frozen=True)
class SourceRecord:
    record: Record
    #: SHA-256 of the record version as held (canonical JSON): what the defence can check.
    sha256: str
    #: Where the network's nodes and links come from in this record.
    traces: tuple[dict[str, Any], ...]
    #: Subject id -> the person entity it was resolved to.
    subject_entities: tuple[tuple[str, str], ...] = ()


class DisclosureError(ValueError):
    """A disclosure that cannot be built as asked (unknown case, nothing to disclose)."""


class CaseNotFound(DisclosureError):
    """No such case record in force, or one the viewer may not see: answered alike (HTTP 404)."""


def record_sha(record: Record) -> str:
    return hashlib.sha256(record.model_dump_json().encode()).hexdigest()


def gather(store: GraphStore, ledger: Ledger, viewer: Viewer, *, case: str | None = None, entities: Sequence[str] = (),
           depth: int = 2, max_nodes: int = 2000) -> tuple[Record | None, list[SourceRecord]]:
    """The case record (if any) and every record behind the network around it or the entities."""
    seeds = list(entities)
    case_record = None
    if case is not None:
        case_record = ledger.get(case)
        if case_record is None or not viewer.may_see(case_record.agency, case_record.caveats):
            # A case this viewer may not see is answered exactly like one that does not exist.
            raise CaseNotFound(f"no record {case!r} in force")
        seeds.insert(0, record_id(case))
    if not seeds:
        raise DisclosureError("name a case record or at least one entity")
    owners: set[str] = set()
    for seed in seeds:
        net = store.neighbourhood(seed, depth, viewer=viewer, max_nodes=max_nodes)
        owners.update(e.id for e in net.entities)
        owners.update(lk.id for lk in net.links)
    traces: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in store.provenance(sorted(owners), viewer=viewer):
        traces[p.record_key].append({"owner": p.owner, "field": p.field, "span": [p.span_start, p.span_end] if p.span_start is not None else None,
                                     "extractor": f"{p.extractor}/{p.extractor_version}", "version": p.version})
    if case is not None:
        traces.setdefault(case, [])
    out = []
    for key in sorted(traces):
        record = ledger.get(key)
        if record is None:
            continue  # purged since the graph was written: nothing to disclose, and nothing may be
        rows = sorted(traces[key], key=lambda t: (t["owner"], t["field"] or "", t["span"] or [-1, -1]))
        view = store.record(key, viewer=viewer)
        subjects = tuple(sorted(view.subjects.items())) if view is not None else ()
        out.append(SourceRecord(record, record_sha(record), tuple(rows), subjects))
    return case_record, out


# -- applying redactions -----------------------------------------------------------------------


Segment = dict[str, str]
hashlib_sha256 = hashlib.sha256


def _boxes(text: str, replacements: list[tuple[re.Pattern[str], Segment]]) -> list[Segment]:
    """Text cut into plain segments and redaction boxes (code, and a pseudonym where there is one)."""
    segments: list[Segment] = [{"text": text}]
    for pattern, box in replacements:
        out: list[Segment] = []
        for seg in segments:
            if "text" not in seg:
                out.append(seg)
                continue
            pos = 0
            for m in pattern.finditer(seg["text"]):
                if m.start() > pos:
                    out.append({"text": seg["text"][pos:m.start()]})
                out.append(dict(box))
                pos = m.end()
            if pos < len(seg["text"]):
                out.append({"text": seg["text"][pos:]})
        segments = out
    return [s for s in segments if s.get("text", "x")]


def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(text) + r"(?!\w)", re.IGNORECASE)


def apply(sources: Sequence[SourceRecord], confirmed: Sequence[Proposal]) -> list[dict[str, Any]]:
    """Each record as it will be disclosed: withheld (notice only), or its fields with boxes."""
    by_record: dict[str, list[Proposal]] = defaultdict(list)
    everywhere: list[tuple[re.Pattern[str], Segment]] = []
    for p in confirmed:
        by_record[p.record_key].append(p)
        if p.action is Action.REDACT and p.target:
            everywhere.append((_pattern(p.target), {"redacted": p.code.value}))
    # A pseudonymised person is replaced wherever their names appear, in every record.
    for source in sources:
        for p in by_record.get(source.record.key, []):
            if p.action is Action.PSEUDONYMISE:
                subject = next((s for s in source.record.subjects if s.subject_id == p.target), None)
                if subject is None:
                    continue
                box = {"redacted": p.code.value, "replacement": p.replacement or ""}
                names = [f"{subject.given} {subject.surname}" if subject.given and subject.surname else None,
                         f"{subject.surname}, {subject.given}" if subject.given and subject.surname else None,
                         subject.name_raw, subject.surname, subject.given, *subject.aliases]
                everywhere += [(_pattern(n), box) for n in dict.fromkeys(n for n in names if n and len(n) >= 2)]
    everywhere.sort(key=lambda pb: -len(pb[0].pattern))  # full names before their parts
    out = []
    for source in sources:
        record = source.record
        withheld = next((p for p in by_record.get(record.key, []) if p.action in (Action.WITHHOLD, Action.NOTICE)), None)
        head: dict[str, Any] = {"key": record.key, "agency": record.agency, "record_no": record.record_no, "version": record.version,
                "sha256": source.sha256}
        if withheld is not None:
            notice: dict[str, Any] = {**head, "withheld": withheld.code.value, "reason": RULES[withheld.code].basis}
            if withheld.action is Action.NOTICE:
                notice.update({"record_type": record.record_type.value, "opened": _iso(record.opened), "notice": "this record exists; its "
                               "content is produced only on an application under ss. 278.1-278.91"})
            out.append(notice)
            continue
        pseudonymised = {p.target for p in by_record.get(record.key, []) if p.action is Action.PSEUDONYMISE}
        fields: list[dict[str, Any]] = [
            {"field": "type", "segments": [{"text": record.record_type.value}]},
            {"field": "status", "segments": [{"text": record.status.value}]},
            {"field": "opened", "segments": [{"text": _iso(record.opened) or ""}]},
            {"field": "caveats", "segments": [{"text": ", ".join(c.value for c in record.caveats) or "none"}]},
        ]
        for s in record.subjects:
            code = next((p.code.value for p in by_record.get(record.key, []) if p.target == s.subject_id), None)
            name = " ".join(x for x in (s.given, s.surname) if x) or s.name_raw or "(unnamed)"
            parts = [f"{s.role.value}: {name}"]
            if code is None:
                parts += [f"born {s.dob}" if s.dob else "", f"sex {s.sex}" if s.sex else "", ", ".join(s.phones),
                          "; ".join(a.line or "" for a in s.addresses)]
            text = " | ".join(x for x in parts if x)
            segments = _boxes(text, everywhere)
            if code is not None:
                segments.append({"redacted": code})  # date of birth, phones and addresses withheld
            fields.append({"field": f"subject {s.subject_id}", "segments": segments})
        for c in record.contacts:
            fields.append({"field": "contact", "segments": _boxes(" | ".join(x for x in (c.name, c.relation, ", ".join(c.phones)) if x),
                                                                  everywhere)})
        for v in record.vehicles:
            fields.append({"field": "vehicle", "segments": [{"text": " ".join(x for x in (v.plate, v.province, v.make, v.model, v.colour)
                                                                              if x)}]})
        for loc in record.locations:
            where = (loc.type, loc.name, loc.address.display if loc.address else None, loc.city)
            fields.append({"field": "location", "segments": _boxes(" | ".join(x for x in where if x), everywhere)})
        fields.append({"field": "narrative", "segments": _boxes(record.narrative, everywhere)})
        out.append({**head, "pseudonymised_subjects": sorted(x for x in pseudonymised if x), "fields": fields,
                    "traces": list(source.traces)})
    return out


def _iso(value: object) -> str | None:
    return None if value is None else str(value)[:10]


def schedule(confirmed: Sequence[Proposal], rejected: Sequence[Proposal], decisions: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """Every withheld or redacted item, with its code, legal basis, proposer and reviewer."""
    rows = []
    for p in sorted(confirmed, key=lambda p: (p.record_key, p.code.value, p.id)):
        d = decisions.get(p.id, {})
        rows.append({"id": p.id, "record": p.record_key, "code": p.code.value, "action": p.action.value, "basis": RULES[p.code].basis,
                     "reason": p.reason, "proposed_by": p.proposed_by, "confirmed_by": d.get("by", ""), "confirmed_at": d.get("at", ""),
                     "replacement": p.replacement})
    return rows


def content(meta: dict[str, Any], records: list[dict[str, Any]], sched: list[dict[str, Any]],
            changes: dict[str, list[str]] | None) -> dict[str, Any]:
    return {"format": FORMAT, **meta, "records": records, "schedule": sched, "changes_since_previous": changes}


def canonical(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def manifest(files: dict[str, bytes], sources: Sequence[SourceRecord], meta: dict[str, Any]) -> dict[str, Any]:
    return {"format": FORMAT, **meta, "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
            "source_records": {s.record.key: {"version": s.record.version, "sha256": s.sha256} for s in sources}}


def verify(files: dict[str, bytes], manifest_data: dict[str, Any]) -> list[str]:
    """What does not match the manifest (empty when the package is intact)."""
    problems = []
    for name, digest in manifest_data["files"].items():
        data = files.get(name)
        if data is None:
            problems.append(f"{name}: missing")
        elif hashlib.sha256(data).hexdigest() != digest:
            problems.append(f"{name}: SHA-256 differs from the manifest")
    return problems

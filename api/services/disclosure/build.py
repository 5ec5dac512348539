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

from api.services.disclosure.vetting import ACCUSED_ROLES, RULES, Action, Proposal
from api.services.errors import CaselinkError
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
    #: Why Crown counsel holds this record relevant (the package says it beside the record).
    reason: str = ""


class DisclosureError(CaselinkError, ValueError):
    """A disclosure that cannot be built as asked (unknown case, nothing to disclose)."""

    status_code = 400
    code = "bad_request"


class CaseNotFound(DisclosureError):
    """No such case record in force, or one the viewer may not see: answered alike (HTTP 404)."""

    status_code = 404
    code = "not_found"


class RecordNotFound(CaseNotFound):
    """A record asked into scope that is not in force, or that the viewer may not see: answered alike (HTTP 404)."""


#: The relevance given by default: the case's own record, and the records behind its network.
CASE_REASON = "the case's own record"


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
    around = case if case is not None else ", ".join(entities)
    out = []
    for key in sorted(traces):
        record = ledger.get(key)
        if record is None:
            continue  # purged since the graph was written: nothing to disclose, and nothing may be
        rows = sorted(traces[key], key=lambda t: (t["owner"], t["field"] or "", t["span"] or [-1, -1]))
        view = store.record(key, viewer=viewer)
        subjects = tuple(sorted(view.subjects.items())) if view is not None else ()
        why = CASE_REASON if key == case else f"behind the network around {around} ({len(rows)} nodes and links traced to it)"
        out.append(SourceRecord(record, record_sha(record), tuple(rows), subjects, why))
    return case_record, out


def scoped(store: GraphStore, ledger: Ledger, viewer: Viewer, key: str, reason: str) -> SourceRecord:
    """One record Crown counsel brings into scope, with its relevance and every trace of the graph's
    nodes and links to it. A record not in force and one the viewer may not see are refused alike."""
    record = ledger.get(key)
    if record is None or not viewer.may_see(record.agency, record.caveats):
        raise RecordNotFound(f"no record {key!r} in force")
    if not reason.strip():
        raise DisclosureError(f"say why {key} is relevant")
    view = store.record(key, viewer=viewer)
    rows: list[dict[str, Any]] = []
    subjects: tuple[tuple[str, str], ...] = ()
    if view is not None:
        subjects = tuple(sorted(view.subjects.items()))
        owners = {view.entity_id, *view.subjects.values(), *(str(m["entity"]) for m in view.mentions if m.get("entity"))}
        owners |= {lk.id for lk in store.links_of(sorted(owners), viewer=viewer)}
        rows = [{"owner": p.owner, "field": p.field, "span": [p.span_start, p.span_end] if p.span_start is not None else None,
                 "extractor": f"{p.extractor}/{p.extractor_version}", "version": p.version}
                for p in store.provenance(sorted(owners), viewer=viewer) if p.record_key == key]
        rows.sort(key=lambda t: (t["owner"], t["field"] or "", t["span"] or [-1, -1]))
    return SourceRecord(record, record_sha(record), tuple(rows), subjects, reason.strip())


# -- applying redactions -----------------------------------------------------------------------


Segment = dict[str, str]
hashlib_sha256 = hashlib.sha256


#: A replacement: what to find, the box it becomes, and whether a match must stand alone (a given name or
#: surname by itself must not be the first or last word of somebody else's name: "Terrence Taylor").
Rule = tuple[re.Pattern[str], Segment, bool]

_HONORIFICS = ("Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Miss", "Mx.", "M.", "Mme", "Mlle", "Monsieur", "Madame")
_NAME_WORD = re.compile(r"[A-ZÀ-Ý][\w'’-]*")


def _stands_alone(text: str, start: int, end: int) -> bool:
    """True unless the match touches another capitalised word (then it is part of a longer name)."""
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    prev_word = before.split()[-1] if before.split() else ""
    next_word = after.split()[0] if after.split() else ""
    sentence_start = not before or before[-1] in ".!?:;\n"
    joined_before = bool(prev_word) and text[start - 1:start].isspace() and bool(_NAME_WORD.fullmatch(prev_word)) and not sentence_start \
        and prev_word not in _HONORIFICS
    joined_after = bool(next_word) and text[end:end + 1].isspace() and bool(_NAME_WORD.match(next_word))
    return not (joined_before or joined_after)


def _boxes(text: str, rules: Sequence[Rule], spans: Sequence[tuple[int, int, Segment]] = ()) -> list[Segment]:
    """Text cut into plain segments and redaction boxes (code, and a pseudonym where there is one).

    ``spans`` are exact positions in ``text`` (a person's mentions as extraction found them), boxed
    first; ``rules`` are then applied to what is left, longest pattern first."""
    segments: list[Segment] = []
    pos = 0
    for start, end, box in sorted(spans):
        if start < pos:
            continue
        if start > pos:
            segments.append({"text": text[pos:start]})
        segments.append({**box, "_was": text[start:end]})
        pos = end
    if pos < len(text):
        segments.append({"text": text[pos:]})
    for pattern, box, alone in rules:
        out: list[Segment] = []
        for seg in segments:
            if "text" not in seg:
                out.append(seg)
                continue
            part, cut = seg["text"], 0
            for m in pattern.finditer(part):
                if alone and not _stands_alone(part, m.start(), m.end()):
                    continue
                if m.start() > cut:
                    out.append({"text": part[cut:m.start()]})
                out.append({**box, "_was": m.group()})
                cut = m.end()
            if cut < len(part):
                out.append({"text": part[cut:]})
        segments = out
    return [s for s in segments if s.get("text", "x")]


def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(text) + r"(?!\w)", re.IGNORECASE)


def phone_pattern(phone: str) -> re.Pattern[str] | None:
    """Every way of writing one phone number: ``416-555-0999``, ``(416) 555-0999``, ``+1 416 555 0999``, ``4165550999``."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10:
        return None
    sep = r"[\s.\-\u00a0]*"
    return re.compile(rf"(?<!\d)(?:\+?1{sep})?\(?{digits[:3]}\)?{sep}{digits[3:6]}{sep}{digits[6:]}(?!\d)")


def person_rules(names: Sequence[str | None], surname: str | None, given: str | None, box: Segment, *,
                 partial: bool, exclude: frozenset[str] | set[str] = frozenset()) -> list[Rule]:
    """The replacements for one person: full name forms anywhere; with ``partial``, the surname (alone or
    after an honorific) and the first given name where they stand alone, unless another person of the
    record bears that word (``exclude``, case-folded): then only the full forms and exact spans serve."""
    rules: list[Rule] = [(_pattern(n), box, False) for n in dict.fromkeys(n.strip() for n in names if n and len(n.strip()) >= 2)]
    if partial:
        if surname and len(surname) >= 2 and surname.casefold() not in exclude:
            rules += [(re.compile(rf"(?<![\w-]){re.escape(h)}\s*{re.escape(surname)}(?![\w-])", re.IGNORECASE), box, False)
                      for h in _HONORIFICS]
            rules.append((_word(surname), box, True))
        first = (given or "").split()
        if first and len(first[0]) >= 2 and first[0].casefold() not in exclude:
            rules.append((_word(first[0]), box, True))
    return rules


def _word(text: str) -> re.Pattern[str]:
    """One word of a name, never the part of a hyphenated one: a mother's "Lacasse" is not her daughter's "Lacasse-Dion"."""
    return re.compile(r"(?<![\w-])" + re.escape(text) + r"(?![\w-])", re.IGNORECASE)


def _owner_entity(owner: str) -> str:
    """The entity a trace belongs to: the owner itself, or a link's source (``kind:SOURCE->TARGET``)."""
    _, _, rest = owner.partition(":")
    return rest.split("->", 1)[0] if "->" in rest else owner


def _entity_of(source: SourceRecord, field: str) -> str | None:
    """The person entity a field of a record (``subjects[S3]``, ``contacts[0]``) was resolved to."""
    if field.startswith("subjects[") and field.endswith("]"):
        return dict(source.subject_entities).get(field[9:-1])
    return next((str(t["owner"]) for t in source.traces if t.get("field") == field and str(t["owner"]).startswith("person:")), None)


def apply(sources: Sequence[SourceRecord], confirmed: Sequence[Proposal]) -> list[dict[str, Any]]:
    """Each record as it will be disclosed: withheld (notice only), or its fields with boxes.

    Redaction goes by *who*, never by words across the package: a pseudonymised person's own
    mentions (their exact spans, from the provenance of the resolved person) are replaced in every
    record, and their full name forms wherever they are written; their surname or given name alone
    only in the records they are a subject of, and only where it is not part of another name. A
    detail proposed for one record by the rules by who (a reporting contact's surname alone, a witness's
    street address) is boxed in that record, with the person's resolved mentions in every record; their
    full name forms and a phone in any format wherever they are written."""
    by_record: dict[str, list[Proposal]] = defaultdict(list)
    everywhere: list[Rule] = []
    local: dict[str, list[Rule]] = defaultdict(list)
    persons: list[tuple[str, str, Segment]] = []  # (record, field holding the person, box): a by-who name proposal
    for p in confirmed:
        by_record[p.record_key].append(p)
        if p.action is Action.REDACT and p.target:
            box = {"redacted": p.code.value, "proposal": p.id, "_who": p.about or p.reason, "_stands": p.reason}
            phone = phone_pattern(p.target) if re.fullmatch(r"[\d\s().+\-]+", p.target) else None  # any way of writing it
            if phone is not None:
                found: list[Rule] = [(phone, box, False)]
            elif len(p.target.split()) == 1:  # one word of a name: with its honorific, or where it stands alone
                found = person_rules([], p.target, None, box, partial=True)
            else:
                found = [(_pattern(p.target), box, False)]
            # A proposal made for one record (a rule by who) is that person's detail in that record; their phone
            # in any format and their full name forms (as a pseudonym's) go with them wherever they are written.
            # Crown's own and the older rules' go everywhere.
            if p.record_key == "*" or phone is not None or (p.person and len(p.target.split()) > 1):
                everywhere += found
            else:
                local[p.record_key] += found
            if p.person and p.person not in {x[1] for x in persons if x[0] == p.record_key}:
                persons.append((p.record_key, p.person, box))
    who: dict[str, Segment] = {}  # pseudonymised (or by-who redacted) person entity -> its box
    for source in sources:
        entities = dict(source.subject_entities)
        for p in by_record.get(source.record.key, []):
            if p.action is not Action.PSEUDONYMISE:
                continue
            subject = next((s for s in source.record.subjects if s.subject_id == p.target), None)
            if subject is None:
                continue
            box = {"redacted": p.code.value, "replacement": p.replacement or "", "proposal": p.id,
                   "_who": f"{subject.full_name or subject.name_raw or subject.subject_id} (subject {subject.subject_id} of "
                           f"{source.record.key}" + (f", person {entities[subject.subject_id]})" if subject.subject_id in entities else ")")}
            full = [f"{subject.given} {subject.surname}" if subject.given and subject.surname else None,
                    f"{subject.surname}, {subject.given}" if subject.given and subject.surname else None,
                    subject.name_raw, *subject.aliases]
            everywhere += person_rules(full, None, None, box, partial=False)
            entity = entities.get(subject.subject_id)
            if entity:
                who[entity] = box
            # In the records this person is a subject of, the name's parts alone are theirs too (unless another's).
            holders = [src for src in sources if entity and entity in dict(src.subject_entities).values()] or [source]
            for src in holders:
                others = {w.casefold() for s in src.record.subjects if dict(src.subject_entities).get(s.subject_id) != entity
                          for w in f"{s.given or ''} {s.surname or ''}".split()}
                local[src.record.key] += person_rules([], subject.surname, subject.given, box, partial=True, exclude=others)
    # A person redacted by who (a reporting contact): their resolved mentions in every record are boxed as
    # well, unless the resolution makes them an accused (whose own details stay) or a pseudonymised person.
    accused = {dict(src.subject_entities).get(s.subject_id) for src in sources for s in src.record.subjects if s.role in ACCUSED_ROLES}
    holding = {src.record.key: src for src in sources}
    for key, field, box in persons:
        entity = _entity_of(holding[key], field) if key in holding else None
        if entity and entity not in accused:
            who.setdefault(entity, box)
    out = []
    for source in sources:
        record = source.record
        rules = sorted([*everywhere, *local.get(record.key, [])], key=lambda r: -len(r[0].pattern))  # full names before parts
        spans = [(t["span"][0], t["span"][1], who[_owner_entity(t["owner"])]) for t in source.traces
                 if t.get("span") and _owner_entity(str(t["owner"])) in who]
        withheld = next((p for p in by_record.get(record.key, []) if p.action in (Action.WITHHOLD, Action.NOTICE)), None)
        head: dict[str, Any] = {"key": record.key, "agency": record.agency, "record_no": record.record_no, "version": record.version,
                "revision": revision_of(record), "sha256": source.sha256, "relevance": source.reason}
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
            own = next((p for p in by_record.get(record.key, []) if p.target == s.subject_id), None)
            code = own.code.value if own is not None else None
            name = " ".join(x for x in (s.given, s.surname) if x) or s.name_raw or "(unnamed)"
            parts = [f"{s.role.value}: {name}"]
            if code is None:
                parts += [f"born {s.dob}" if s.dob else "", f"sex {s.sex}" if s.sex else "", ", ".join(s.phones),
                          "; ".join(a.line or "" for a in s.addresses)]
            text = " | ".join(x for x in parts if x)
            segments = _boxes(text, rules)
            if own is not None:  # date of birth, phones and addresses withheld
                details = "; ".join(x for x in (f"born {s.dob}" if s.dob else "", ", ".join(s.phones),
                                                 "; ".join(a.line or "" for a in s.addresses)) if x)
                segments.append({"redacted": own.code.value, "proposal": own.id, "_was": details or "(no details held)",
                                 "_stands": f"the details of {own.replacement or 'a protected person'}",
                                 "_who": f"{s.full_name or s.name_raw or s.subject_id}'s date of birth, phones and addresses"})
            fields.append({"field": f"subject {s.subject_id}", "segments": segments})
        for c in record.contacts:
            fields.append({"field": "contact", "segments": _boxes(" | ".join(x for x in (c.name, c.relation, ", ".join(c.phones)) if x),
                                                                  rules)})
        for v in record.vehicles:
            fields.append({"field": "vehicle", "segments": [{"text": " ".join(x for x in (v.plate, v.province, v.make, v.model, v.colour)
                                                                              if x)}]})
        for loc in record.locations:
            where = (loc.type, loc.name, loc.address.display if loc.address else None, loc.city)
            fields.append({"field": "location", "segments": _boxes(" | ".join(x for x in where if x), rules)})
        fields.append({"field": "narrative", "segments": _boxes(record.narrative, rules, spans)})
        out.append({**head, "pseudonymised_subjects": sorted(x for x in pseudonymised if x), "fields": fields,
                    "traces": [_trace(t, rules, who, record) for t in source.traces]})
    return out


def _trace(trace: dict[str, Any], rules: Sequence[Rule], who: dict[str, Segment], record: Record) -> dict[str, Any]:
    """A trace as disclosed, said as a court reads it; an owner id naming a redacted phone or a
    pseudonymised person is boxed too."""
    owner = str(trace["owner"])
    out = {**trace, "court": court_provenance(trace, record)}
    box: Segment | None = who.get(_owner_entity(owner))
    if box is None:
        box = next((b for pattern, b, _ in rules if pattern.search(owner)), None)
    if box is not None:
        shown = {**box, "_was": owner}
        out.update({"owner": "[" + box["redacted"] + (f": {box['replacement']}" if box.get("replacement") else "") + "]",
                    "owner_box": shown})
    return out


_SUBJECT_FIELD = re.compile(r"^subjects\[([^\]]+)\]")


def revision_of(record: Record) -> str:
    if record.revision is not None:
        return f"revision {record.revision}"
    return f"as updated {record.updated_at:%Y-%m-%d %H:%M}" if record.updated_at is not None else "its only version"


def court_provenance(trace: dict[str, Any], record: Record) -> str:
    """Where a node or link of the network comes from, in words for a court: "mentioned in the narrative
    of OPP-25-000001, revision 2 (characters 120-135)", "stated in the structured field subjects[0].phones of ..."."""
    where = f"{record.record_no}, {revision_of(record)}"
    field = trace.get("field")
    span = trace.get("span")
    if span:
        return f"mentioned in the narrative of {where} (characters {span[0]}-{span[1]})"
    if field == "record":
        return f"the record {where} itself"
    if field:
        ids = [s.subject_id for s in record.subjects]
        shown = _SUBJECT_FIELD.sub(lambda m: f"subjects[{ids.index(m.group(1))}]" if m.group(1) in ids else m.group(0), str(field))
        return f"stated in the structured field {shown} of {where}"
    return f"drawn from {where}"


def number(records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every box of the records numbered in reading order, and the list of replacements: record, field,
    code, the proposal behind it, the replacement, who it stands for and the text it replaced.

    The records come back without what a box replaced (``_was``) or whom it names (``_who``): those are
    for Crown counsel's preview, never for the package."""
    found: list[dict[str, Any]] = []

    def take(seg: Segment, record: str, field: str) -> Segment:
        n = str(len(found) + 1)
        found.append({"n": int(n), "record": record, "field": field, "code": seg["redacted"], "proposal": seg.get("proposal", ""),
                      "replacement": seg.get("replacement", ""), "was": seg.get("_was", ""), "who": seg.get("_who", ""),
                      "stands_for": seg.get("replacement") or seg.get("_stands", "") or seg["redacted"]})
        return {k: v for k, v in {**seg, "n": n}.items() if not k.startswith("_")}

    out = []
    for rec in records:
        if "fields" not in rec:
            out.append(rec)
            continue
        fields = [{**f, "segments": [take(s, rec["key"], f["field"]) if "redacted" in s else s for s in f["segments"]]}
                  for f in rec["fields"]]
        traces = []
        for t in rec["traces"]:
            if t.get("owner_box"):
                boxed = take(t["owner_box"], rec["key"], f"provenance: {t['court']}")
                t = {**t, "owner": f"[#{boxed['n']} {t['owner'][1:]}", "owner_box": boxed}
            traces.append(t)
        out.append({**rec, "fields": fields, "traces": traces})
    return out, found



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

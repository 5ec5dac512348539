"""A record as one viewer may read it: the field rules of :mod:`models.access` applied to its payload.

One function, :func:`present_record`, used by every path that shows a record's content (``/records``,
the CLI's ``show``, disclosure packages), so a rule is written once and applied everywhere:

- role rules: top-level fields (``contacts``) and subject fields (``phones``, ``addresses``) the role
  never receives;
- person rules, decided on the *person*, not on the record shown: a caveat on any record naming a person
  (YOUTH, VICTIM_MINOR) withholds that person's date of birth and home addresses in every record
  (the person node's caveats carry it, see :meth:`graph.build.GraphBuilder._person_guard`);
- protections (:data:`models.access.PROTECTIONS`): a protected subject (a minor victim) and the record's
  reporting contacts (their relatives) are replaced by a placeholder, their subject-to-person join is
  dropped (a stable person id would link the record to them elsewhere), and their names, aliases, dates
  of birth, phones (in any format) and addresses are cut out of the narrative, with the narrative mentions
  that stood for them. The rest of the record stays as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graph.model import RecordRow
from graph.store.base import GraphStore
from models.access import PERSON_CAVEATS, PROTECTIONS, SYSTEM, Viewer, part_caveats, protected_subject
from models.normalise import phone_e164
from models.vocabulary import MentionKind
from nlp.patterns.residence import subject_addresses

#: Something phone-shaped in free text: digits with the usual separators.
_PHONE_LIKE = re.compile(r"\+?\d[\d\s().\-]{5,}\d")


@dataclass
class RecordView:
    """What :func:`present_record` returns: the payload, subject joins and mentions a viewer may read."""

    payload: dict[str, Any]
    #: subject_id -> person entity id, protected subjects left out.
    subjects: dict[str, str]
    mentions: list[dict[str, Any]]
    #: The subject ids replaced by a placeholder (for the audit and for tests; never their identity).
    protected: list[str]


def _text(value: object) -> list[str]:
    return [value] if isinstance(value, str) and value.strip() else []


def _identifiers(person: dict[str, Any]) -> tuple[set[str], set[str]]:
    """The strings that identify ``person`` (a subject or contact of the payload) in free text, and their
    phones in E.164."""
    words: set[str] = set()
    for key in ("surname", "given", "name_raw", "name", "dob", "dob_raw"):
        for raw in _text(person.get(key)):
            words.add(raw.strip())
            if key in {"surname", "given", "name_raw", "name"}:
                words.update(w for w in re.split(r"[\s,]+", raw) if len(w) >= 2)
    for alias in person.get("aliases") or ():
        words.update(_text(alias))
    for addr in person.get("addresses") or ():
        if isinstance(addr, dict):
            words.update(_text(addr.get("line")))
    phones = {p for p in (phone_e164(str(x)) for x in person.get("phones") or ()) if p}
    words.update(str(x) for x in person.get("phones") or () if str(x).strip())
    return words, phones


def _cut(text: str, spans: list[tuple[int, int]], placeholder: str) -> tuple[str, list[tuple[int, int, int]]]:
    """``text`` with ``spans`` (merged) replaced by ``[placeholder]``; and (start, end, shift) of each kept
    stretch, to move the offsets of the mentions kept."""
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, kept, pos, shift = [], [], 0, 0
    mark = f"[{placeholder}]"
    for a, b in merged:
        out.append(text[pos:a])
        kept.append((pos, a, shift))
        out.append(mark)
        shift += len(mark) - (b - a)
        pos = b
    out.append(text[pos:])
    kept.append((pos, len(text), shift))
    return "".join(out), kept


def _protected_spans(text: str, words: set[str], phones: set[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for word in sorted(words, key=len, reverse=True):
        for m in re.finditer(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text, flags=re.IGNORECASE):
            spans.append(m.span())
    for m in _PHONE_LIKE.finditer(text):
        if phone_e164(m.group()) in phones:
            spans.append(m.span())
    return spans


def present_record(store: GraphStore, row: RecordRow, viewer: Viewer) -> RecordView:
    """``row`` (already read with ``viewer``: the record itself is visible) as ``viewer`` may read it."""
    rcav = list(row.caveats)
    lacking = viewer.lacks(rcav)
    payload = {k: v for k, v in row.payload.items() if k not in viewer.hidden_record_fields}
    raw_subjects = [s for s in row.payload.get("subjects") or () if isinstance(s, dict)]
    protected = {str(s.get("subject_id")): protected_subject(rcav, str(s.get("role"))) & lacking for s in raw_subjects}
    protected = {k: v for k, v in protected.items() if v}
    placeholder = next((PROTECTIONS[c].placeholder for v in protected.values() for c in sorted(v)), "protected person")
    # Person rules: the caveats each shown subject's person carries from any record (read as the system:
    # they decide what is withheld, they are never shown).
    pids = sorted({p for sid, p in row.subjects.items() if sid not in protected})
    carried = {e.id: frozenset(e.caveats) & PERSON_CAVEATS for e in store.get_entities(pids, viewer=SYSTEM)}
    words: set[str] = set()
    phones: set[str] = set()
    subjects_out: list[Any] = []
    for s in row.payload.get("subjects") or ():
        if not isinstance(s, dict):
            subjects_out.append(s)
            continue
        sid = str(s.get("subject_id"))
        if sid in protected:
            w, p = _identifiers(s)
            words |= w
            phones |= p
            if len(raw_subjects) == 1 and isinstance(row.payload.get("narrative"), str):
                # The home the narrative states for a one-subject record's subject is theirs (graph.build.narrative_addresses).
                words |= {x for a in subject_addresses(row.payload["narrative"]) for x in (a.line, a.postal) if x}
            subjects_out.append({"subject_id": sid, "role": s.get("role"), "name_raw": placeholder, "protected": True})
            continue
        person = row.subjects.get(sid)
        caveats = set(part_caveats(rcav)) | set(carried.get(person, frozenset()) if person else frozenset())
        hidden = viewer.hidden_subject_fields_for(caveats)
        subjects_out.append({k: v for k, v in s.items() if k not in hidden})
    if "subjects" in payload:
        payload["subjects"] = subjects_out
    if protected:
        # The reporting contacts of a record protecting a person are that person's relatives.
        for c in row.payload.get("contacts") or ():
            if isinstance(c, dict):
                w, p = _identifiers(c)
                words |= w
                phones |= p
        if "contacts" in payload:
            payload["contacts"] = [{"name": placeholder, "protected": True} for _ in payload["contacts"] or ()]
    mentions = list(row.mentions)
    narrative = payload.get("narrative")
    if protected and isinstance(narrative, str):
        gone_pids = {row.subjects[sid] for sid in protected if sid in row.subjects}
        spans = [(int(m["start"]), int(m["end"])) for m in mentions
                 if m.get("subject_id") in protected or m.get("entity") in gone_pids
                 or (m.get("kind") == MentionKind.PHONE and m.get("value") in phones)]
        spans += _protected_spans(narrative, words, phones)
        payload["narrative"], kept = _cut(narrative, spans, placeholder)
        moved = []
        for m in mentions:
            start, end = int(m["start"]), int(m["end"])
            stretch = next((k for k in kept if k[0] <= start and end <= k[1]), None)
            if stretch is None or m.get("entity") in gone_pids:
                continue
            moved.append({**m, "start": start + stretch[2], "end": end + stretch[2]})
        mentions = moved
    return RecordView(payload=payload, subjects={k: v for k, v in row.subjects.items() if k not in protected},
                      mentions=mentions, protected=sorted(protected))

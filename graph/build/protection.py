"""What of a record belongs to a protected person (a young person, a minor victim, an informant's
relatives), marked before the record is emitted so every node and link touching them carries the caveats."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from graph.build.emit import Emitter
from graph.build.mentions import address_key, narrative_addresses
from graph.resolve.types import PersonMention
from models.access import PERSON_CAVEATS, PROTECTIONS, protected_subject
from models.ids import contact_mention, entity_id, subject_mention
from models.normalise import handle_key, phone_e164
from models.records import Address, Record
from models.vocabulary import EntityKind


def person_guard(records: Sequence[Record], person_of: Mapping[str, str]) -> dict[str, frozenset[str]]:
    """The person field-rule caveats (:data:`models.access.PERSON_CAVEATS`) each person carries from
    *any* record naming them: their home addresses carry them in every record."""
    guard: dict[str, set[str]] = defaultdict(set)
    for record in records:
        rcav = [c.value for c in record.caveats]
        hiding = {c for c in rcav if c in PERSON_CAVEATS and c not in PROTECTIONS}
        for s in record.subjects:
            pid = person_of.get(subject_mention(record.key, s.subject_id))
            if pid:
                guard[pid] |= hiding | protected_subject(rcav, s.role.value)
        for i in range(len(record.contacts)):
            pid = person_of.get(contact_mention(record.key, i))
            if pid:
                guard[pid] |= hiding
    return {pid: frozenset(g) for pid, g in guard.items() if g}


def protect(emit: Emitter, record: Record, by_key: Mapping[str, PersonMention], person_of: Callable[[str], str],
            guard: Callable[[str], frozenset[str]], told: tuple[Address, ...] | None = None) -> None:
    """Mark, before anything of ``record`` is emitted, what belongs to a protected person in it: a
    protected subject (:data:`models.access.PROTECTIONS`) and their phones, handles and addresses, the
    record's reporting contacts (their relatives) and phones; and anyone's home address under the
    person field rules they carry from any record. Links touching those carry the same caveats. ``person_of``: the
    person a mention is in; ``guard``: the person field rules a person carries (:func:`person_guard`; asked through the
    caller, which notes what its record read). ``told``: the record's
    :func:`~graph.build.mentions.narrative_addresses`, when the caller has them already."""
    emit.protected = {}
    rcav = [c.value for c in record.caveats]

    def mark(owner: str, caveats: frozenset[str]) -> None:
        if caveats:
            emit.protected[owner] = emit.protected.get(owner, frozenset()) | caveats

    any_protected = False
    told = narrative_addresses(record) if told is None else told
    for s in record.subjects:
        pid = person_of(subject_mention(record.key, s.subject_id))
        own = protected_subject(rcav, s.role.value)
        any_protected = any_protected or bool(own)
        mark(pid, own)
        for raw in s.phones:
            value = phone_e164(raw)
            if value:
                mark(entity_id(EntityKind.PHONE, value), own)
        for h in s.handles:
            mark(entity_id(EntityKind.HANDLE, handle_key(h.handle, h.platform)), own)
        for addr in (*s.addresses, *told):  # the narrative's address of a one-subject record is its subject's
            key = address_key(addr)
            if key:
                mark(entity_id(EntityKind.ADDRESS, key), own | guard(pid))
    relatives = frozenset(c for c in rcav if c in PROTECTIONS) if any_protected else frozenset()
    for i, c in enumerate(record.contacts):
        ckey = contact_mention(record.key, i)
        if ckey in by_key:
            mark(person_of(ckey), relatives)
        for raw in c.phones:
            value = phone_e164(raw)
            if value:
                mark(entity_id(EntityKind.PHONE, value), relatives)

"""The build: records and their mentions become the graph, each job done by its own module of
:mod:`graph.build` and put in order here (person mentions, hubs, person resolution, names and aliases,
protection, then each record's entities, links and provenance)."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.build.emit import Emitter, when
from graph.build.hubs import record_hubs, value_hubs
from graph.build.mentions import address_key, narrative_addresses, structured_mentions
from graph.build.merges import merge_rows, review_rows
from graph.build.names import resolve_name, stated_aliases
from graph.build.protection import person_guard, protect
from graph.build.tape import Assembler, Reader, Tape, still_reads
from graph.decided import DecidedAliases, DecidedPlaces, decided_joins, entity_of
from graph.model import GraphData, RecordRow
from graph.places import PlaceIndex, hotel_name
from graph.resolve.decisions import Decision, EntityDecisions
from graph.resolve.persons import build_name_index
from graph.resolve.types import Clustering, PersonMention, PersonResolver
from models.graph import Mention
from models.ids import alias_only_id, contact_mention, entity_id, link_id, person_id, subject_mention
from models.normalise import email_key, fold, handle_key, phone_e164, plate_key
from models.records import Address, Record
from models.vocabulary import MENTION_ENTITY_KIND, NAMED_FOR_SUBJECT, VOCABULARY, EntityKind, LinkKind, MentionKind, Vocabulary
from nlp.patterns import residence

#: How a mention's value becomes its entity's key, for the kinds whose extractor value is not the key already.
MENTION_KEYS: dict[EntityKind, Callable[[str], str]] = {EntityKind.EMAIL: lambda v: email_key(v) or v}


@dataclass(frozen=True)
class RecordParts:
    """What depends on one record alone: its person mentions and its JSON payload (read only once built)."""

    record: Record
    people: list[PersonMention]
    payload: dict[str, Any]
    #: The addresses its narrative states as its one subject's (:func:`narrative_addresses`), read three times a build.
    told: tuple[Address, ...] = ()


@dataclass(frozen=True)
class _World:
    """What a record's emission reads of the build beyond the record itself, each read asked of it by name
    (:class:`graph.build.tape.Reader` notes them, so a later build knows whether a kept emission still holds)."""

    person_of: Mapping[str, str]
    guards: Mapping[str, frozenset[str]]
    places: PlaceIndex
    name_index: dict[str, set[str]]
    members_of: Mapping[str, list[PersonMention]]
    aliases: Mapping[str, set[str]]
    stated: Mapping[tuple[str, int, str], str]
    stated_names: Mapping[str, str]
    decided: DecidedAliases

    def person(self, record: Record, key: str) -> str:
        return self.person_of[key]

    def guard(self, record: Record, pid: str) -> frozenset[str]:
        return self.guards.get(pid, frozenset())

    def place(self, record: Record, name: str, stated: str | None) -> tuple[str, str, str | None]:
        return self.places.place(name, stated, record)

    def name(self, record: Record, m: Mention) -> str | None:
        return resolve_name(m, record, self.name_index, self.members_of)

    def alias(self, record: Record, m: Mention) -> tuple[str | None, str | None]:
        """The person an alias names (stated with them, decided, or the one person known by it) and their caption;
        ``(None, None)`` when nothing ties it to one person."""
        folded = m.value or fold(m.text)
        owners = self.aliases.get(folded, set())
        stated = self.stated.get((record.key, m.start, folded))
        eid = stated or self.decided.bound(folded) or (next(iter(owners)) if len(owners) == 1 else None)
        if eid is None:
            return None, None
        known = self.members_of.get(eid)
        return eid, next((p.name for p in known if p.name), m.text) if known else self.stated_names.get(eid, m.text)


class GraphBuilder:
    def __init__(self, scorer: PersonResolver, vocabulary: Vocabulary = VOCABULARY) -> None:
        self.scorer = scorer
        #: The entity and link kinds the graph is built under (their hub rules, their ends).
        self.vocabulary = vocabulary
        #: The last build's person resolution (its review queue, how many pairs it compared).
        self.last_clustering: Clustering | None = None
        #: Where each named place of the current build is (see :mod:`graph.places`).
        self._places: PlaceIndex = PlaceIndex((), {})
        #: Aliases stated with a person in the current build (see :mod:`graph.aliases`).
        self._stated: dict[tuple[str, int, str], str] = {}
        self._stated_names: dict[str, str] = {}
        #: Investigators' decisions on aliases in the current build (see :mod:`graph.decided`).
        self._decided = DecidedAliases(EntityDecisions({}, {}, {}), {})
        #: The last build's entity decisions and alias owners (:meth:`entity_of`).
        self._entity_decisions = EntityDecisions({}, {}, {})
        self._owners: dict[str, set[str]] = {}
        #: Person id -> the person field-rule caveats they carry (set by :meth:`build`).
        self._guard: dict[str, frozenset[str]] = {}
        #: Record key -> what depends on that record alone, as the last build computed it: a record unchanged
        #: since then keeps it (see :meth:`_people`).
        self._parts: dict[str, RecordParts] = {}
        #: Seconds each stage of the last build took, in order (``bench.commit`` prints them).
        self.last_stages: dict[str, float] = {}
        #: Each record's emission and the graph folded from them, as the last build left them (:mod:`graph.build.tape`).
        self._assembler = Assembler(vocabulary)

    @property
    def last_emitted(self) -> tuple[int, int]:
        """How many records the last build emitted again (the others kept their emission: :mod:`graph.build.tape`) and
        how many nodes and edges it finished again."""
        return self._assembler.last_emitted, self._assembler.last_finished

    def entity_of(self, key: str) -> str | None:
        """The entity an alias or place key of a decision is in, in the last build."""
        return entity_of(key, self._entity_decisions, self._decided, self._owners)

    # -- person mentions from structured fields -----------------------------------------

    def _hubs(self, people: Sequence[PersonMention], records: Sequence[Record],
              mentions: Mapping[str, Sequence[Mention]]) -> frozenset[str]:
        return value_hubs(people, self.vocabulary) | record_hubs(records, mentions, self._places, self.vocabulary)

    def _people(self, records: Sequence[Record]) -> list[PersonMention]:
        """The person mentions of ``records``, in order. :func:`structured_mentions` depends on the record alone,
        so a record equal to the one the last build read keeps its mentions, the very objects: the result is
        what a fresh build computes (so is its JSON payload, kept with them), and the resolver's pair cache (keyed by the mentions) then finds its
        pairs by identity rather than comparing every field."""
        kept: dict[str, RecordParts] = {}
        out: list[PersonMention] = []
        for record in records:
            held = self._parts.get(record.key)
            if held is None or not (held.record is record or held.record == record):
                told = narrative_addresses(record)
                held = RecordParts(record, structured_mentions(record, told), record.model_dump(mode="json"), told)
            kept[record.key] = held
            out += held.people
        self._parts = kept
        return out

    # -- the build ------------------------------------------------------------------------

    def build(self, records: Sequence[Record], mentions: Mapping[str, Sequence[Mention]],
              decisions: Sequence[Decision] = ()) -> GraphData:
        """The graph of ``records``; active investigator ``decisions`` override the person matcher."""
        stages: dict[str, float] = {}
        started = time.perf_counter()

        def lap(name: str) -> None:
            nonlocal started
            now = time.perf_counter()
            stages[name] = now - started
            started = now

        self.last_stages = stages
        records = sorted(records, key=lambda r: r.key)
        decided = EntityDecisions.of(decisions)
        self._places = DecidedPlaces(records, mentions, decided.place_of)
        lap("places")
        people = self._people(records)
        by_key = {m.key: m for m in people}
        lap("person mentions")
        hubs = self._hubs(people, records, mentions)
        lap("hubs")
        clustering = self.scorer.resolve(people, hubs, decisions)
        self.last_clustering = clustering
        lap("resolve")
        person_of = {k: person_id(c) for k, c in clustering.cluster_of.items()}
        name_index = build_name_index(people, {k: person_of[k] for k in by_key})
        members_of: dict[str, list[PersonMention]] = defaultdict(list)
        aliases: dict[str, set[str]] = defaultdict(set)
        self._decided = DecidedAliases(decided, person_of)
        for m in people:
            members_of[person_of[m.key]].append(m)
            for a in m.aliases:
                if not self._decided.vetoed(a, person_of[m.key]):
                    aliases[a].add(person_of[m.key])
        self._stated, self._stated_names = stated_aliases(records, mentions, person_of, name_index, members_of, self._decided)
        caveated = {r.key for r in records if r.caveats}
        for (record_key, _, folded), pid in self._stated.items():
            # A binding stated in a caveated record (an informer's tip) stays in that record: carried to others'
            # mentions it would tell their readers what the caveated record says.
            if record_key not in caveated:
                aliases[folded].add(pid)
        self._entity_decisions, self._owners = decided, aliases
        self._guard = person_guard(records, person_of)
        lap("names+aliases")
        world = _World(person_of, self._guard, self._places, name_index, members_of, aliases, self._stated,
                       self._stated_names, self._decided)
        tapes: dict[str, Tape] = {}
        emitted: set[str] = set()
        kept = self._assembler.tapes
        for record in records:
            said = tuple(mentions.get(record.key, ()))
            tape = kept.get(record.key)
            # a kept emission holds while its record is the one the last build read (the very object: see _people),
            # its mentions are the same and every read it made of the world gives the same answer
            if tape is None or tape.record is not self._parts[record.key].record or tape.mentions != said or \
                    not still_reads(world, record, tape.reads):
                tape = self._record_tape(record, said, world, by_key)
                emitted.add(record.key)
            tapes[record.key] = tape
        lap("emit records")
        data = self._assembler.assemble(tapes, emitted, merge_rows(clustering, person_of), decided_joins(decided, self._decided),
                                        hubs)
        data.review = review_rows(clustering, by_key, person_of, records)
        lap("finish")
        return data

    def _record_tape(self, record: Record, said: tuple[Mention, ...], world: _World,
                     by_key: dict[str, PersonMention]) -> Tape:
        """``record`` emitted on its own, with every read it made of the world noted."""
        emit = Emitter(self.vocabulary)
        reader = Reader(world, record)
        self._emit_record(emit, record, by_key, reader, said)
        facets = {owner: by_record[record.key] for owner, by_record in emit.facets.items()}
        return Tape(record, said, reader.reads, emit.data, facets, emit.data.records[record.key].digest())

    def _person_entity(self, emit: Emitter, pid: str, m: PersonMention) -> None:
        emit.entity(pid, EntityKind.PERSON, m.name or "(unnamed)", names=[m.name] if m.name else [],
                    dobs=[m.dob.isoformat()] if m.dob else [], sexes=[m.sex] if m.sex else [],
                    aliases=sorted(m.aliases), roles=[m.role])

    def _emit_record(self, emit: Emitter, record: Record, by_key: dict[str, PersonMention], reader: Reader,
                     mentions: Sequence[Mention]) -> None:
        emit.current = record  # everything emitted now is this record's contribution
        protect(emit, record, by_key, lambda key: str(reader.ask("person", key)),
                lambda pid: frozenset(reader.ask("guard", pid)), self._parts[record.key].told)
        try:
            self._emit_record_contents(emit, record, by_key, reader, mentions)
        finally:
            emit.current = None
            emit.protected = {}

    def _emit_record_contents(self, emit: Emitter, record: Record, by_key: dict[str, PersonMention], reader: Reader,
                              mentions: Sequence[Mention]) -> None:
        rid = emit.keyed(EntityKind.RECORD, record.key, agency=record.agency, record_no=record.record_no,
                         record_type=record.record_type.value, status=record.status.value, opened=when(record),
                         version=record.version, caveats=[c.value for c in record.caveats]).id
        emit.prov(rid, record, field="record")
        subjects: dict[str, str] = {}
        for s in record.subjects:
            m = by_key[subject_mention(record.key, s.subject_id)]
            pid = str(reader.ask("person", m.key))
            subjects[s.subject_id] = pid
            self._person_entity(emit, pid, m)
            emit.prov(pid, record, field=f"subjects[{s.subject_id}]")
            link = emit.link(LinkKind.SUBJECT_OF, pid, rid, roles=[s.role.value])
            emit.prov(link.id, record, field=f"subjects[{s.subject_id}].role")
            for j, raw in enumerate(s.phones):
                self._uses(emit, record, pid, LinkKind.USES_PHONE, EntityKind.PHONE, phone_e164(raw), f"subjects[{s.subject_id}].phones[{j}]")
            for j, addr in enumerate(s.addresses):
                key = address_key(addr)
                if key:
                    aid = entity_id(EntityKind.ADDRESS, key)
                    emit.entity(aid, EntityKind.ADDRESS, ", ".join(x for x in (addr.line, addr.city, addr.postal) if x), key=key)
                    emit.prov(aid, record, field=f"subjects[{s.subject_id}].addresses[{j}]")
                    link = emit.link(LinkKind.LIVES_AT, pid, aid)
                    emit.prov(link.id, record, field=f"subjects[{s.subject_id}].addresses[{j}]")
            for addr in self._parts[record.key].told:  # the one subject's home as the narrative states it
                key = address_key(addr)
                if key:
                    aid = entity_id(EntityKind.ADDRESS, key)
                    emit.entity(aid, EntityKind.ADDRESS, ", ".join(x for x in (addr.line, addr.city, addr.postal) if x), key=key)
                    for owner in (aid, emit.link(LinkKind.LIVES_AT, pid, aid).id):
                        emit.prov(owner, record, field="narrative", extractor=residence.EXTRACTOR_NAME,
                                  version=residence.EXTRACTOR_VERSION)
            for j, h in enumerate(s.handles):
                hkey = handle_key(h.handle, h.platform)
                self._uses(emit, record, pid, LinkKind.USES_HANDLE, EntityKind.HANDLE, hkey, f"subjects[{s.subject_id}].handles[{j}]",
                           platform=h.platform)
        for i, c in enumerate(record.contacts):
            ckey = contact_mention(record.key, i)
            if ckey not in by_key:
                continue
            pid = str(reader.ask("person", ckey))
            self._person_entity(emit, pid, by_key[ckey])
            emit.prov(pid, record, field=f"contacts[{i}]")
            link = emit.link(LinkKind.CONTACT_OF, pid, rid, relations=[c.relation] if c.relation else [])
            emit.prov(link.id, record, field=f"contacts[{i}]")
            for j, raw in enumerate(c.phones):
                self._uses(emit, record, pid, LinkKind.USES_PHONE, EntityKind.PHONE, phone_e164(raw), f"contacts[{i}].phones[{j}]")
        for i, v in enumerate(record.vehicles):
            plate = plate_key(v.plate or "")
            if plate:
                vid = emit.keyed(EntityKind.VEHICLE, plate, plate=plate,
                                 descriptions=[" ".join(x for x in (v.colour, v.make, v.model) if x)]).id
                emit.prov(vid, record, field=f"vehicles[{i}]")
                link = emit.link(LinkKind.VEHICLE_IN, vid, rid)
                emit.prov(link.id, record, field=f"vehicles[{i}]")
        for i, loc in enumerate(record.locations):
            if loc.name:
                plid, caption, city = reader.ask("place", loc.name, loc.place_city)
                address = {k: v for k, v in (loc.address.model_dump() if loc.address else {}).items() if v}
                emit.entity(plid, EntityKind.PLACE, caption, name=loc.name, city=city, types=[loc.type] if loc.type else [],
                            addresses=[loc.address.display] if loc.address else [], address_parts=[address] if address else [])
                emit.prov(plid, record, field=f"locations[{i}]")
                link = emit.link(LinkKind.PLACE_IN, plid, rid)
                emit.prov(link.id, record, field=f"locations[{i}]")
        views = []
        sole = next(iter(subjects.values())) if len(record.subjects) == 1 and len(subjects) == 1 else None
        own = ({phone_e164(raw) for s in record.subjects for raw in s.phones} | {phone_e164(raw) for c in record.contacts for raw in c.phones}
               if sole is not None else set())
        for mention in mentions:
            entity = self._emit_mention(emit, record, rid, mention, subjects, reader)
            if sole is not None and entity is not None and mention.subject_id is None:
                self._named_for(emit, record, mention, entity, sole, own)
            views.append({"kind": mention.kind.value, "text": mention.text, "start": mention.start, "end": mention.end,
                          "value": mention.value, "subject_id": mention.subject_id, "entity": entity,
                          "extractor": mention.extractor, "extractor_version": mention.extractor_version,
                          "confidence": mention.confidence, "attrs": dict(mention.attrs)})
        emit.data.records[record.key] = RecordRow(
            key=record.key, agency=record.agency, record_no=record.record_no, version=record.version, entity_id=rid,
            payload=self._parts[record.key].payload, subjects=subjects, mentions=views,
            caveats=tuple(c.value for c in record.caveats))

    def _named_for(self, emit: Emitter, record: Record, m: Mention, entity: str, person: str, own: set[str | None]) -> None:
        """Link what a one-person report's narrative names (a phone, handle or vehicle) to that person,
        unless it is the subject's or the reporting contact's own phone (linked as theirs already)."""
        kind = MENTION_ENTITY_KIND.get(m.kind)
        if kind not in NAMED_FOR_SUBJECT or (m.kind is MentionKind.PHONE and m.value in own):
            return
        link = emit.link(LinkKind.NAMED_IN_REPORT_ON, entity, person)
        emit.prov(link.id, record, span=(m.start, m.end), extractor=m.extractor, version=m.extractor_version, confidence=m.confidence)

    def _uses(self, emit: Emitter, record: Record, pid: str, kind: LinkKind, ekind: EntityKind, value: str | None,
              field: str, **props: object) -> None:
        if not value:
            return
        eid = emit.keyed(ekind, value, value=value, **props).id
        emit.prov(eid, record, field=field)
        link = emit.link(kind, pid, eid)
        emit.prov(link.id, record, field=field)

    def _emit_mention(self, emit: Emitter, record: Record, rid: str, m: Mention, subjects: dict[str, str],
                      reader: Reader) -> str | None:
        span = (m.start, m.end)
        kind = m.kind
        eid: str | None = None
        if kind is MentionKind.PERSON:
            if m.subject_id and m.subject_id in subjects:
                emit.prov(link_id(LinkKind.SUBJECT_OF, subjects[m.subject_id], rid), record, span=span, extractor=m.extractor,
                          version=m.extractor_version, confidence=m.confidence)
                return subjects[m.subject_id]
            eid = reader.ask("name", m)
            if eid is None:
                return None
            emit.entity(eid, EntityKind.PERSON, m.text, names=[m.text], origin="narrative")
        elif kind is MentionKind.ALIAS:
            eid, caption = reader.ask("alias", m)
            if eid is None:  # nothing ties this alias to one person: a person known only by it, and labelled so
                eid = alias_only_id(m.value or fold(m.text))
                emit.entity(eid, EntityKind.PERSON, f"\u201c{m.text}\u201d", aliases=[m.text], origin="alias", alias_only=True)
            else:
                emit.entity_said(eid, EntityKind.PERSON, caption, f"\u201c{m.text}\u201d", aliases=[m.text])
        elif kind is MentionKind.HOTEL:
            name = hotel_name(m)
            eid, caption, city = reader.ask("place", name, m.attrs.get("city"))
            emit.entity(eid, EntityKind.PLACE, caption, name=name, city=city)
        else:  # a value that is its own key (a phone, a plate), as the entity kind declares
            ekind = MENTION_ENTITY_KIND[kind]
            spec = None if ekind is None else self.vocabulary.entity_kinds[ekind]
            if spec is None or not spec.keyed_by_mention or spec.value_property is None or not m.value:
                return None
            eid = emit.keyed(spec.kind, MENTION_KEYS.get(spec.kind, str)(m.value), **{spec.value_property: m.value},
                             **{a: m.attrs.get(a) for a in spec.mention_attrs}).id
        emit.prov(eid, record, span=span, extractor=m.extractor, version=m.extractor_version, confidence=m.confidence)
        link = emit.link(LinkKind.MENTIONED_IN, eid, rid)
        emit.prov(link.id, record, span=span, extractor=m.extractor, version=m.extractor_version, confidence=m.confidence)
        return eid

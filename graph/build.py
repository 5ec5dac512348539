"""Records and their mentions become the graph: entities, links, provenance and labels.

Deterministic keys for phones (E.164), plates, e-mails, handles, addresses and places
(normalised name *and* city: two Northern Star Motels in two cities are two places). Persons
are resolved by a :class:`~graph.resolve.persons.PersonResolver` (the learned matcher of
:mod:`graph.resolve.learned` by default, the deterministic rules as a named alternative) and
every merge keeps its features and score.

Values shared by very many unrelated people (a group home's phone, a busy motel) are marked as
hubs: they neither merge people nor carry traversals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from graph.aliases import stated_with
from graph.decided import DecidedAliases, DecidedPlaces, entity_of, trail
from graph.model import (
    FACETS,
    EntityRow,
    GraphData,
    LinkRow,
    ProvenanceRow,
    RecordRow,
    merge_properties,
    sort_string_lists,
    stable_hash,
)
from graph.places import PlaceIndex
from graph.resolve.decisions import Decision, EntityDecisions
from graph.resolve.persons import (
    Clustering,
    PersonMention,
    PersonResolver,
    build_name_index,
    given_agreement,
    name_candidates,
    surname_agreement,
)
from models.access import PERSON_CAVEATS, PROTECTIONS, part_caveats, protected_subject
from models.graph import Mention
from models.ids import (
    alias_only_id,
    contact_mention,
    entity_id,
    link_id,
    mention_key,
    name_only_id,
    person_id,
    record_id,
    subject_mention,
)
from models.records import Address, Record
from models.vocabulary import (
    MENTION_ENTITY_KIND,
    NAMED_FOR_SUBJECT,
    VOCABULARY,
    EntityKind,
    HubBasis,
    LinkKind,
    MentionKind,
    Vocabulary,
)
from nlp.normalise import email_key, fold, handle_key, phone_e164, plate_key, postal_code_key
from nlp.patterns import residence

__all__ = ["HUB_RULE", "MENTION_VALUES", "GraphBuilder", "address_key", "mention_key", "narrative_addresses", "person_id",
           "record_id", "structured_mentions", "value_hubs"]

STRUCTURED = "structured-fields"
STRUCTURED_VERSION = "1.0"
RESOLVER = "graph-build"
RESOLVER_VERSION = "1.0"
HUB_RULE = "hub-distinct-people/1.0"
#: A name alone joins a known person only with surname and given name agreeing (3.0 + 2.5, or typo-level).
NAME_ONLY_MIN = 4.5


def _when(record: Record) -> str | None:
    opened = record.opened
    if isinstance(opened, datetime):
        return opened.date().isoformat()
    if isinstance(opened, date):
        return opened.isoformat()
    return None


def address_key(addr: Address) -> str | None:
    if not addr.line:
        return None
    return f"{fold(addr.line)}|{fold(addr.city or '')}"


def _given_tokens(given: str | None) -> tuple[str, ...]:
    return tuple(fold(given).split()) if given else ()


def _sex(raw: str | None) -> str | None:
    if not raw:
        return None
    first = raw.strip().upper()[:1]
    return first if first in {"M", "F", "X"} else None


def _postcode(raw: str | None) -> str | None:
    """A postal code as a matching key: Canadian ones normalised (``K1K 1Y6``), others squashed upper-case."""
    if not raw or not raw.strip():
        return None
    return postal_code_key(raw) or "".join(ch for ch in raw.upper() if ch.isalnum()) or None


def _narrative_emails(record: Record) -> frozenset[str]:
    """E-mail addresses in the narrative of a record about one subject: that subject's (a report's
    "her e-mail is ..."); with several subjects nothing says whose, so none."""
    if len(record.subjects) != 1 or "@" not in record.narrative:
        return frozenset()
    from nlp.patterns import emails

    return frozenset(str(s.value) for s in emails.find(record.narrative) if s.value)


def narrative_addresses(record: Record) -> tuple[Address, ...]:
    """Addresses the narrative of a record about one subject states as where that subject lives or went
    missing from (:mod:`nlp.patterns.residence`): that subject's, compared like a structured address (a
    format with no address column writes it only there). With several subjects nothing says whose, so none."""
    if len(record.subjects) != 1 or not record.narrative:
        return ()
    return tuple(a for a in residence.subject_addresses(record.narrative) if a not in record.subjects[0].addresses)


def structured_mentions(record: Record) -> list[PersonMention]:
    """The person mentions a record's structured fields make: its subjects and named reporting contacts."""
    out = []
    plates = frozenset(p for p in (plate_key(v.plate or "") for v in record.vehicles) if p)
    narrative_emails = _narrative_emails(record)
    # A one-subject report's last-seen city is that subject's (with several, nothing says whose).
    places = frozenset(fold(loc.city) for loc in record.locations
                       if len(record.subjects) == 1 and loc.type == "LAST_SEEN" and loc.city and loc.city.strip())
    told = narrative_addresses(record)
    for s in record.subjects:
        addrs = s.addresses + told  # ``told`` is empty unless ``s`` is the record's one subject
        out.append(PersonMention(
            key=subject_mention(record.key, s.subject_id), record_key=record.key, agency=record.agency, origin="subject",
            role=s.role.value, name=s.full_name, surname=fold(s.surname or ""), given=_given_tokens(s.given),
            dob=s.dob, birth_year=s.birth_year_estimate, sex=_sex(s.sex),
            phones=frozenset(p for p in (phone_e164(x) for x in s.phones) if p),
            addresses=frozenset(a for a in (address_key(x) for x in addrs) if a),
            handles=frozenset(handle_key(h.handle, h.platform) for h in s.handles),
            aliases=frozenset(fold(a) for a in s.aliases), subject_id=s.subject_id, plates=plates,
            postcodes=frozenset(p for p in (_postcode(x.postal) for x in addrs) if p),
            cities=frozenset(fold(x.city) for x in addrs if x.city and x.city.strip()),
            streets=frozenset(fold(x.line) for x in addrs if x.line and x.line.strip()),
            emails=narrative_emails, places=places))
    for i, c in enumerate(record.contacts):
        if not (c.surname or c.given):
            continue
        out.append(PersonMention(
            key=contact_mention(record.key, i), record_key=record.key, agency=record.agency, origin="contact",
            role="REPORTING_CONTACT", name=c.name or "", surname=fold(c.surname or ""), given=_given_tokens(c.given),
            phones=frozenset(p for p in (phone_e164(x) for x in c.phones) if p)))
    return out


#: The values of each entity kind a person mention names, for the hub rules that count people
#: (:attr:`HubBasis.DISTINCT_PEOPLE`): a kind declared hub-capable that way must have an entry here.
MENTION_VALUES: dict[EntityKind, Callable[[PersonMention], frozenset[str]]] = {
    EntityKind.PHONE: lambda m: m.phones,
    EntityKind.ADDRESS: lambda m: m.addresses,
    EntityKind.EMAIL: lambda m: m.emails,
    EntityKind.HANDLE: lambda m: m.handles,
}


def value_hubs(people: Sequence[PersonMention], vocabulary: Vocabulary = VOCABULARY) -> frozenset[str]:
    """The values (of every kind whose hub rule counts people) used by so many differently named people
    that they are no evidence."""
    out: set[str] = set()
    for kind, rule in vocabulary.hub_rules().items():
        if rule.basis is not HubBasis.DISTINCT_PEOPLE:
            continue
        values_of = MENTION_VALUES[kind]
        users: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for m in people:
            for value in values_of(m):
                users[value].add((m.surname, m.first))
        out |= {v for v, names in users.items() if rule.holds(people=len(names), records=0)}
    return frozenset(out)


class _Emitter:
    """Accumulates entities, links and provenance, merging labels and dates as it goes."""

    def __init__(self) -> None:
        self.data = GraphData()
        #: The record being emitted: what each record contributes is kept apart (:data:`FACETS`).
        self.current: Record | None = None
        self._facets: dict[str, dict[str, dict[str, Any]]] = {}
        #: In the record being emitted: node or link id -> the protecting caveats it carries
        #: (:data:`models.access.PROTECTIONS`, person field rules). A protected person's node, phones,
        #: handles, addresses and every link touching them carry them; the rest of the record does not.
        self.protected: dict[str, frozenset[str]] = {}

    def _caveats(self, record: Record, owner: str) -> tuple[str, ...]:
        return part_caveats((c.value for c in record.caveats), self.protected.get(owner, frozenset()))

    def entity(self, id_: str, kind: EntityKind, caption: str, **props: object) -> EntityRow:
        return self._entity(id_, kind, caption, None, props)

    def entity_said(self, id_: str, kind: EntityKind, caption: str, said: str, **props: object) -> EntityRow:
        """``caption`` is the node's caption for a reader of every record; ``said`` is what the record
        being emitted says of it, the caption a reader of that record alone is shown (an alias's record
        says the alias, not the name another record binds it to)."""
        return self._entity(id_, kind, caption, said, props)

    def _entity(self, id_: str, kind: EntityKind, caption: str, said: str | None, props: dict[str, object]) -> EntityRow:
        row = self.data.entities.get(id_)
        if row is None:
            row = self.data.entities[id_] = EntityRow(id=id_, kind=kind.value, caption=caption)
        merge_properties(row.properties, props)
        self._facet(id_, caption if said is None else said, props, weak=said is not None)
        return row

    def link(self, kind: LinkKind, source: str, target: str, **props: object) -> LinkRow:
        id_ = link_id(kind, source, target)
        guard = self.protected.get(source, frozenset()) | self.protected.get(target, frozenset())
        if guard:
            self.protected[id_] = guard
        row = self.data.links.get(id_)
        if row is None:
            row = self.data.links[id_] = LinkRow(id=id_, kind=kind.value, source=source, target=target)
        merge_properties(row.properties, props)
        self._facet(id_, None, props)
        return row

    def _facet(self, owner: str, caption: str | None, props: dict[str, object], *, weak: bool = False) -> None:
        record = self.current
        if record is None:
            return
        facets = self._facets.setdefault(owner, {})
        facet = facets.get(record.key)
        if facet is None:
            facet = facets[record.key] = {"agency": record.agency, "caveats": list(self._caveats(record, owner)),
                                          "caption": caption, "properties": {}}
            if weak:
                facet["by_alias"] = True
        else:  # one owner emitted twice in a record, once protected: the facet takes the stricter caveats
            facet["caveats"] = sorted(set(facet["caveats"]) | set(self._caveats(record, owner)))
            if not weak and facet.pop("by_alias", False):  # the record names the person too: its name wins
                facet["caption"] = caption
        merge_properties(facet["properties"], dict(props))

    def prov(self, owner: str, record: Record, *, field: str | None = None, span: tuple[int, int] | None = None,
             extractor: str = STRUCTURED, version: str = STRUCTURED_VERSION, confidence: float = 1.0) -> None:
        self.data.provenance.setdefault(owner, []).append(ProvenanceRow(
            owner=owner, record_key=record.key, agency=record.agency, version=record.version, field=field,
            span_start=span[0] if span else None, span_end=span[1] if span else None, extractor=extractor,
            extractor_version=version, confidence=confidence, caveats=self._caveats(record, owner),
            when=_when(record)))

    def finish(self) -> GraphData:
        """Labels and first/last seen of every node and edge, from the records behind it."""
        for owner, rows in self.data.provenance.items():
            agencies = tuple(sorted({r.agency for r in rows}))
            caveats = tuple(sorted({c for r in rows for c in r.caveats}))
            dates = sorted(r.when for r in rows if r.when)
            target: EntityRow | LinkRow | None = self.data.entities.get(owner) or self.data.links.get(owner)
            if target is None:
                continue
            target.agencies, target.caveats = agencies, caveats
            target.first_seen, target.last_seen = (dates[0], dates[-1]) if dates else (None, None)
            rows.sort(key=lambda r: (r.record_key, r.field or "", r.span_start or -1))
        for row in self.data.entities.values():
            sort_string_lists(row.properties)
        for owner, facets in self._facets.items():
            target = self.data.entities.get(owner) or self.data.links.get(owner)
            if target is None:
                continue
            if isinstance(target, EntityRow):
                for facet in facets.values():
                    sort_string_lists(facet["properties"])
            # Facets matter only where hiding a record changes what is shown: not for one
            # record's node or edge (hidden with it), nor where every record said the same
            # (a phone's number, a plate), which is most nodes, unless a resolution trail
            # names the records' mentions (those of hidden records are dropped from it).
            if "resolution" in target.properties or len({stable_hash(f["caption"], f["properties"])
                                                         for f in facets.values()}) > 1:
                target.properties[FACETS] = {k: facets[k] for k in sorted(facets)}
        return self.data


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

    def entity_of(self, key: str) -> str | None:
        """The entity an alias or place key of a decision is in, in the last build."""
        return entity_of(key, self._entity_decisions, self._decided, self._owners)

    # -- person mentions from structured fields -----------------------------------------

    @staticmethod
    def _structured_mentions(record: Record) -> list[PersonMention]:
        return structured_mentions(record)

    def _hubs(self, people: Sequence[PersonMention], records: Sequence[Record],
              mentions: Mapping[str, Sequence[Mention]]) -> frozenset[str]:
        hubs = set(value_hubs(people, self.vocabulary))
        rules = {k: r for k, r in self.vocabulary.hub_rules().items() if r.basis is HubBasis.RECORD_SHARE}
        named: dict[EntityKind, dict[str, set[str]]] = {kind: defaultdict(set) for kind in rules}
        for record in records:
            for mention in mentions.get(record.key, ()):
                kind = MENTION_ENTITY_KIND[mention.kind]
                if kind in named:
                    # Counted by what marks the hub: its value property, or (a place) its id.
                    value = mention.value if self.vocabulary.entity_kinds[kind].value_property else \
                        self._places.place(mention.text, mention.attrs.get("city"), record)[0]
                    if value:
                        named[kind][value].add(record.key)
        for kind, rule in rules.items():
            hubs |= {v for v, recs in named[kind].items() if rule.holds(people=0, records=len(recs), total_records=len(records))}
        return frozenset(hubs)

    # -- the build ------------------------------------------------------------------------

    def build(self, records: Sequence[Record], mentions: Mapping[str, Sequence[Mention]],
              decisions: Sequence[Decision] = ()) -> GraphData:
        """The graph of ``records``; active investigator ``decisions`` override the person matcher."""
        records = sorted(records, key=lambda r: r.key)
        decided = EntityDecisions.of(decisions)
        self._places = DecidedPlaces(records, mentions, decided.place_of)
        people = [m for r in records for m in self._structured_mentions(r)]
        by_key = {m.key: m for m in people}
        hubs = self._hubs(people, records, mentions)
        clustering = self.scorer.resolve(people, hubs, decisions)
        self.last_clustering = clustering
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
        self._stated_names = {}
        self._stated = self._stated_aliases(records, mentions, person_of, name_index, members_of)
        caveated = {r.key for r in records if r.caveats}
        for (record_key, _, folded), pid in self._stated.items():
            # A binding stated in a caveated record (an informer's tip) stays in that record: carried to others'
            # mentions it would tell their readers what the caveated record says.
            if record_key not in caveated:
                aliases[folded].add(pid)
        self._entity_decisions, self._owners = decided, aliases
        self._guard = self._person_guard(records, person_of)
        emit = _Emitter()
        for (a, b), score in sorted(clustering.merges.items()):
            merge: dict[str, Any] = {"a": a, "b": b, "person": person_of[a], "score": score.score, "features": score.features,
                                     "algorithm": score.algorithm}
            if score.values is not None:
                merge["values"] = score.values
            if score.decision is not None:
                merge["decision"] = score.decision
            emit.data.merges.append(merge)
        labels = {r.key: (r.agency, sorted(c.value for c in r.caveats)) for r in records}
        for item in clustering.review:
            ma, mb = by_key[item.a], by_key[item.b]
            emit.data.review.append({
                "a": item.a, "b": item.b, "person_a": person_of[item.a], "person_b": person_of[item.b],
                "record_a": ma.record_key, "agency_a": labels[ma.record_key][0], "caveats_a": labels[ma.record_key][1],
                "record_b": mb.record_key, "agency_b": labels[mb.record_key][0], "caveats_b": labels[mb.record_key][1],
                "kind": item.kind, "probability": item.probability, "score": item.score.score,
                "contributions": item.score.features, "values": item.score.values, "reason": item.reason})
        for record in records:
            self._emit_record(emit, record, by_key, person_of, name_index, aliases, hubs, mentions.get(record.key, ()),
                              members_of)
        for merge in emit.data.merges:  # why each person is one person: every join, its features and score
            person = emit.data.entities.get(merge["person"])
            if person is not None:
                person.properties.setdefault("resolution", []).append(
                    {k: merge[k] for k in ("a", "b", "score", "features", "algorithm", "values", "decision") if k in merge})
        trail(emit.data, decided, self._decided)
        data = emit.finish()
        for row in data.entities.values():
            spec = self.vocabulary.entity_kinds[EntityKind(row.kind)]
            if spec.hub is None:
                continue
            value = row.id if spec.value_property is None else row.properties.get(spec.value_property)
            if value in hubs:
                row.hub = True
                row.properties["hub_rule"] = HUB_RULE
        return data

    def _stated_aliases(self, records: Sequence[Record], mentions: Mapping[str, Sequence[Mention]], person_of: dict[str, str],
                        name_index: dict[str, set[str]], members_of: dict[str, list[PersonMention]]) -> dict[tuple[str, int, str], str]:
        """``(record key, alias start, folded alias) -> person id`` for every alias stated with a person (:mod:`graph.aliases`)."""
        out: dict[tuple[str, int, str], str] = {}
        for record in records:
            for alias, person in stated_with(mentions.get(record.key, ()), record.narrative):
                pid = (person_of.get(subject_mention(record.key, person.subject_id)) if person.subject_id
                       else self._resolve_name(person, record, name_index, members_of))
                folded = alias.value or fold(alias.text)
                if pid is not None and not self._decided.vetoed(folded, pid):
                    out[(record.key, alias.start, folded)] = pid
                    self._stated_names.setdefault(pid, person.text)
        return out

    @staticmethod
    def _person_guard(records: Sequence[Record], person_of: Mapping[str, str]) -> dict[str, frozenset[str]]:
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

    def _protect(self, emit: _Emitter, record: Record, by_key: dict[str, PersonMention], person_of: dict[str, str]) -> None:
        """Mark, before anything of ``record`` is emitted, what belongs to a protected person in it: a
        protected subject (:data:`models.access.PROTECTIONS`) and their phones, handles and addresses, the
        record's reporting contacts (their relatives) and phones; and anyone's home address under the
        person field rules they carry from any record. Links touching those carry the same caveats."""
        emit.protected = {}
        rcav = [c.value for c in record.caveats]

        def mark(owner: str, caveats: frozenset[str]) -> None:
            if caveats:
                emit.protected[owner] = emit.protected.get(owner, frozenset()) | caveats

        any_protected = False
        told = narrative_addresses(record)
        for s in record.subjects:
            pid = person_of[subject_mention(record.key, s.subject_id)]
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
                    mark(entity_id(EntityKind.ADDRESS, key), own | self._guard.get(pid, frozenset()))
        relatives = frozenset(c for c in rcav if c in PROTECTIONS) if any_protected else frozenset()
        for i, c in enumerate(record.contacts):
            ckey = contact_mention(record.key, i)
            if ckey in by_key:
                mark(person_of[ckey], relatives)
            for raw in c.phones:
                value = phone_e164(raw)
                if value:
                    mark(entity_id(EntityKind.PHONE, value), relatives)

    def _person_entity(self, emit: _Emitter, pid: str, m: PersonMention) -> None:
        emit.entity(pid, EntityKind.PERSON, m.name or "(unnamed)", names=[m.name] if m.name else [],
                    dobs=[m.dob.isoformat()] if m.dob else [], sexes=[m.sex] if m.sex else [],
                    aliases=sorted(m.aliases), roles=[m.role])

    def _emit_record(self, emit: _Emitter, record: Record, by_key: dict[str, PersonMention], person_of: dict[str, str],
                     name_index: dict[str, set[str]], aliases: dict[str, set[str]], hubs: frozenset[str],
                     mentions: Sequence[Mention], members_of: dict[str, list[PersonMention]]) -> None:
        emit.current = record  # everything emitted now is this record's contribution
        self._protect(emit, record, by_key, person_of)
        try:
            self._emit_record_contents(emit, record, by_key, person_of, name_index, aliases, hubs, mentions, members_of)
        finally:
            emit.current = None
            emit.protected = {}

    def _emit_record_contents(self, emit: _Emitter, record: Record, by_key: dict[str, PersonMention],
                              person_of: dict[str, str], name_index: dict[str, set[str]], aliases: dict[str, set[str]],
                              hubs: frozenset[str], mentions: Sequence[Mention],
                              members_of: dict[str, list[PersonMention]]) -> None:
        rid = record_id(record.key)
        emit.entity(rid, EntityKind.RECORD, f"{record.agency} {record.record_no}", agency=record.agency,
                    record_no=record.record_no, record_type=record.record_type.value, status=record.status.value,
                    opened=_when(record), version=record.version, caveats=[c.value for c in record.caveats])
        emit.prov(rid, record, field="record")
        subjects: dict[str, str] = {}
        for s in record.subjects:
            m = by_key[subject_mention(record.key, s.subject_id)]
            pid = person_of[m.key]
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
            for addr in narrative_addresses(record):  # the one subject's home as the narrative states it
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
            pid = person_of[ckey]
            self._person_entity(emit, pid, by_key[ckey])
            emit.prov(pid, record, field=f"contacts[{i}]")
            link = emit.link(LinkKind.CONTACT_OF, pid, rid, relations=[c.relation] if c.relation else [])
            emit.prov(link.id, record, field=f"contacts[{i}]")
            for j, raw in enumerate(c.phones):
                self._uses(emit, record, pid, LinkKind.USES_PHONE, EntityKind.PHONE, phone_e164(raw), f"contacts[{i}].phones[{j}]")
        for i, v in enumerate(record.vehicles):
            plate = plate_key(v.plate or "")
            if plate:
                vid = entity_id(EntityKind.VEHICLE, plate)
                emit.entity(vid, EntityKind.VEHICLE, plate, plate=plate, descriptions=[" ".join(x for x in (v.colour, v.make, v.model) if x)])
                emit.prov(vid, record, field=f"vehicles[{i}]")
                link = emit.link(LinkKind.VEHICLE_IN, vid, rid)
                emit.prov(link.id, record, field=f"vehicles[{i}]")
        for i, loc in enumerate(record.locations):
            if loc.name:
                plid, caption, city = self._places.place(loc.name, loc.place_city, record)
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
            entity = self._emit_mention(emit, record, rid, mention, subjects, name_index, aliases, members_of)
            if sole is not None and entity is not None and mention.subject_id is None:
                self._named_for(emit, record, mention, entity, sole, own)
            views.append({"kind": mention.kind.value, "text": mention.text, "start": mention.start, "end": mention.end,
                          "value": mention.value, "subject_id": mention.subject_id, "entity": entity,
                          "extractor": mention.extractor, "extractor_version": mention.extractor_version,
                          "confidence": mention.confidence, "attrs": dict(mention.attrs)})
        emit.data.records[record.key] = RecordRow(
            key=record.key, agency=record.agency, record_no=record.record_no, version=record.version, entity_id=rid,
            payload=record.model_dump(mode="json"), subjects=subjects, mentions=views,
            caveats=tuple(c.value for c in record.caveats))

    def _named_for(self, emit: _Emitter, record: Record, m: Mention, entity: str, person: str, own: set[str | None]) -> None:
        """Link what a one-person report's narrative names (a phone, handle or vehicle) to that person,
        unless it is the subject's or the reporting contact's own phone (linked as theirs already)."""
        kind = MENTION_ENTITY_KIND.get(m.kind)
        if kind not in NAMED_FOR_SUBJECT or (m.kind is MentionKind.PHONE and m.value in own):
            return
        link = emit.link(LinkKind.NAMED_IN_REPORT_ON, entity, person)
        emit.prov(link.id, record, span=(m.start, m.end), extractor=m.extractor, version=m.extractor_version, confidence=m.confidence)

    def _uses(self, emit: _Emitter, record: Record, pid: str, kind: LinkKind, ekind: EntityKind, value: str | None,
              field: str, **props: object) -> None:
        if not value:
            return
        eid = entity_id(ekind, value)
        emit.entity(eid, ekind, value, value=value, **props)
        emit.prov(eid, record, field=field)
        link = emit.link(kind, pid, eid)
        emit.prov(link.id, record, field=field)

    def _emit_mention(self, emit: _Emitter, record: Record, rid: str, m: Mention, subjects: dict[str, str],
                      name_index: dict[str, set[str]], aliases: dict[str, set[str]],
                      members_of: dict[str, list[PersonMention]]) -> str | None:
        span = (m.start, m.end)
        kind = m.kind
        eid: str | None = None
        if kind is MentionKind.PERSON:
            if m.subject_id and m.subject_id in subjects:
                emit.prov(link_id(LinkKind.SUBJECT_OF, subjects[m.subject_id], rid), record, span=span, extractor=m.extractor,
                          version=m.extractor_version, confidence=m.confidence)
                return subjects[m.subject_id]
            eid = self._resolve_name(m, record, name_index, members_of)
            if eid is None:
                return None
            emit.entity(eid, EntityKind.PERSON, m.text, names=[m.text], origin="narrative")
        elif kind is MentionKind.ALIAS:
            folded = m.value or fold(m.text)
            owners = aliases.get(folded, set())
            stated = self._stated.get((record.key, m.start, folded))
            eid = stated or self._decided.bound(folded) or (next(iter(owners)) if len(owners) == 1 else None)
            if eid is None:  # nothing ties this alias to one person: a person known only by it, and labelled so
                eid = alias_only_id(folded)
                emit.entity(eid, EntityKind.PERSON, f"\u201c{m.text}\u201d", aliases=[m.text], origin="alias", alias_only=True)
            else:
                known = members_of.get(eid)
                caption = next((p.name for p in known if p.name), m.text) if known else self._stated_names.get(eid, m.text)
                emit.entity_said(eid, EntityKind.PERSON, caption, f"\u201c{m.text}\u201d", aliases=[m.text])
        elif kind is MentionKind.PHONE and m.value:
            eid = entity_id(EntityKind.PHONE, m.value)
            emit.entity(eid, EntityKind.PHONE, m.value, value=m.value)
        elif kind is MentionKind.PLATE and m.value:
            eid = entity_id(EntityKind.VEHICLE, m.value)
            emit.entity(eid, EntityKind.VEHICLE, m.value, plate=m.value)
        elif kind is MentionKind.HOTEL:
            eid, caption, city = self._places.place(m.text, m.attrs.get("city"), record)
            emit.entity(eid, EntityKind.PLACE, caption, name=m.text, city=city)
        elif kind is MentionKind.HANDLE and m.value:
            eid = entity_id(EntityKind.HANDLE, m.value)
            emit.entity(eid, EntityKind.HANDLE, m.value, value=m.value, platform=m.attrs.get("platform"))
        elif kind is MentionKind.EMAIL and m.value:
            eid = entity_id(EntityKind.EMAIL, email_key(m.value) or m.value)
            emit.entity(eid, EntityKind.EMAIL, m.value, value=m.value)
        else:
            return None
        emit.prov(eid, record, span=span, extractor=m.extractor, version=m.extractor_version, confidence=m.confidence)
        link = emit.link(LinkKind.MENTIONED_IN, eid, rid)
        emit.prov(link.id, record, span=span, extractor=m.extractor, version=m.extractor_version, confidence=m.confidence)
        return eid

    def _resolve_name(self, m: Mention, record: Record, name_index: dict[str, set[str]],
                      members_of: dict[str, list[PersonMention]]) -> str | None:
        """A name in a narrative: the one known person it fits best, else a person known only by that name.

        A narrative gives a name and nothing else, so it joins a known person only when the
        name agrees strongly (surname and given name) and no other person agrees as well.
        """
        tokens = (m.value or fold(m.text)).split()  # the value is the name without its title (Mr., Mme)
        if len(tokens) < 2:
            return None  # a first name alone that is not this record's subject: kept as a mention only
        probe = PersonMention(key="", record_key=record.key, agency=record.agency, origin="narrative", role="MENTIONED",
                              name=m.text, surname=tokens[-1], given=tuple(tokens[:-1]))
        scores = sorted(
            ((max(surname_agreement(probe.surname, p.surname) + given_agreement(probe.given, p.given)
                  for p in members_of[pid]), pid) for pid in name_candidates(probe, name_index)),
            reverse=True,
        )
        if scores and scores[0][0] >= NAME_ONLY_MIN and (len(scores) == 1 or scores[1][0] < scores[0][0]):
            return scores[0][1]
        return name_only_id(" ".join(tokens))

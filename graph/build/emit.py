"""Entities, links and provenance as the records say them: each node and edge keeps what each record
contributed (its facet: caption, properties, caveats) and every piece of every record behind it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from graph.model import (
    FACETS,
    RESOLUTION,
    EntityRow,
    GraphData,
    LinkRow,
    ProvenanceRow,
    merge_properties,
    sort_string_lists,
    stable_hash,
)
from models.access import part_caveats
from models.ids import entity_id, link_id
from models.records import Record
from models.vocabulary import VOCABULARY, Caveat, EntityKind, LinkKind, Vocabulary

#: The extractor named in the provenance of what a record's structured fields say.
STRUCTURED = "structured-fields"
STRUCTURED_VERSION = "1.0"


def when(record: Record) -> str | None:
    opened = record.opened
    if isinstance(opened, datetime):
        return opened.date().isoformat()
    if isinstance(opened, date):
        return opened.isoformat()
    return None


class Emitter:
    """Accumulates entities, links and provenance, merging labels and dates as it goes."""

    def __init__(self, vocabulary: Vocabulary = VOCABULARY) -> None:
        self.data = GraphData()
        #: The link kinds' declared ends, checked as each link is drawn.
        self.vocabulary = vocabulary
        #: The record being emitted: what each record contributes is kept apart (:data:`FACETS`).
        self.current: Record | None = None
        self._facets: dict[str, dict[str, dict[str, Any]]] = {}
        #: In the record being emitted: node or link id -> the protecting caveats it carries
        #: (:data:`models.access.PROTECTIONS`, person field rules). A protected person's node, phones,
        #: handles, addresses and every link touching them carry them; the rest of the record does not.
        self.protected: dict[str, frozenset[str]] = {}
        #: (record caveats, protecting caveats) -> a part's caveats: :func:`part_caveats` is pure and asked for
        #: every entity, link and provenance row, over very few distinct arguments.
        self._part_caveats: dict[tuple[tuple[Caveat, ...], frozenset[str]], tuple[str, ...]] = {}
        #: The record whose date :meth:`prov` last read, and that date (asked for every provenance row of a record).
        self._when: tuple[Record | None, str | None] = (None, None)

    def _caveats(self, record: Record, owner: str) -> tuple[str, ...]:
        key = (record.caveats, self.protected.get(owner, frozenset()))
        out = self._part_caveats.get(key)
        if out is None:
            out = self._part_caveats[key] = part_caveats((c.value for c in record.caveats), key[1])
        return out

    def entity(self, id_: str, kind: EntityKind, caption: str, **props: object) -> EntityRow:
        return self._entity(id_, kind, caption, None, props)

    def keyed(self, kind: EntityKind, key: str, **props: object) -> EntityRow:
        """The ``kind`` entity with deterministic ``key``: its id and its caption (from ``props``) as its kind declares."""
        template = self.vocabulary.entity_kinds[kind].caption
        if template is None:
            raise ValueError(f"the {kind.value} kind declares no caption: the build must word it")
        return self._entity(entity_id(kind, key), kind, template.format_map(props), None, props)

    def entity_said(self, id_: str, kind: EntityKind, caption: str, said: str, **props: object) -> EntityRow:
        """``caption`` is the node's caption for a reader of every record; ``said`` is what the record
        being emitted says of it, the caption a reader of that record alone is shown (an alias's record
        says the alias, not the name another record binds it to)."""
        return self._entity(id_, kind, caption, said, props)

    def _entity(self, id_: str, kind: EntityKind, caption: str, said: str | None, props: dict[str, object]) -> EntityRow:
        row = self.data.entities.get(id_)
        if row is None:
            row = self.data.entities[id_] = EntityRow(id=id_, kind=kind, caption=caption)
        merge_properties(row.properties, props)
        self._facet(id_, caption if said is None else said, props, weak=said is not None)
        return row

    def link(self, kind: LinkKind, source: str, target: str, **props: object) -> LinkRow:
        """A ``kind`` link between two entities already emitted, of the kinds the vocabulary says it joins."""
        ends = self.data.entities.get(source), self.data.entities.get(target)
        if ends[0] is None or ends[1] is None or not self.vocabulary.joins(kind, ends[0].kind, ends[1].kind):
            raise ValueError(f"a {kind.value} link cannot join {source} to {target}")
        id_ = link_id(kind, source, target)
        guard = self.protected.get(source, frozenset()) | self.protected.get(target, frozenset())
        if guard:
            self.protected[id_] = guard
        row = self.data.links.get(id_)
        if row is None:
            row = self.data.links[id_] = LinkRow(id=id_, kind=kind, source=source, target=target)
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
        if self._when[0] is not record:
            self._when = (record, when(record))
        self.data.provenance.setdefault(owner, []).append(ProvenanceRow(
            owner=owner, record_key=record.key, agency=record.agency, version=record.version, field=field,
            span_start=span[0] if span else None, span_end=span[1] if span else None, extractor=extractor,
            extractor_version=version, confidence=confidence, caveats=self._caveats(record, owner),
            when=self._when[1]))

    @property
    def facets(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Owner -> record key -> what that record contributed to it (its caption, properties, caveats)."""
        return self._facets


def finish_owner(target: EntityRow | LinkRow, rows: list[ProvenanceRow], facets: dict[str, dict[str, Any]]) -> None:
    """One node's or edge's labels, first and last seen and per-record facets, from its provenance ``rows`` (sorted
    here) and what each record contributed to it, finished owner by owner (:mod:`graph.build.tape` finishes only the
    owners a commit reached)."""
    if rows:
        target.agencies = tuple(sorted({r.agency for r in rows}))
        target.caveats = tuple(sorted({c for r in rows for c in r.caveats}))
        dates = sorted(r.when for r in rows if r.when)
        target.first_seen, target.last_seen = (dates[0], dates[-1]) if dates else (None, None)
        rows.sort(key=lambda r: (r.record_key, r.field or "", r.span_start or -1))
    if isinstance(target, EntityRow):
        sort_string_lists(target.properties)
        for facet in facets.values():
            sort_string_lists(facet["properties"])
    # Facets matter only where hiding a record changes what is shown: not for one
    # record's node or edge (hidden with it), nor where every record said the same
    # (a phone's number, a plate), which is most nodes, unless a resolution trail
    # names the records' mentions (those of hidden records are dropped from it).
    if facets and (RESOLUTION in target.properties or len({stable_hash(f["caption"], f["properties"])
                                                            for f in facets.values()}) > 1):
        target.properties[FACETS] = {k: facets[k] for k in sorted(facets)}

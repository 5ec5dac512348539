"""Bounded traversal over any store that can list the links of a set of entities.

Breadth-first, hop by hop, so the work is bounded by the node cap and never by the size of
the graph. Hubs are reached but not expanded. Paths are found by exploring from both ends and
enumerating shortest paths with networkx on the explored part only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise
from typing import Any, TypeVar

import networkx as nx

from graph.model import FACETS, EntityRow, LinkRow, ProvenanceRow, merge_properties, sort_string_lists
from graph.search_terms import terms_for
from graph.store.base import DEFAULT_MAX_NODES, EntityNotFoundError, Hop, NetworkResult, PathResult
from models.access import Viewer
from models.vocabulary import ENTITY_KINDS, EntityKind

LinksOf = Callable[[list[str]], list[LinkRow]]
EntitiesOf = Callable[[list[str]], list[EntityRow]]
ProvenanceOf = Callable[[list[str]], list[ProvenanceRow]]
R = TypeVar("R", EntityRow, LinkRow)


def neighbourhood(centre: EntityRow, depth: int, links_of: LinksOf, entities_of: EntitiesOf, *,
                  kinds: frozenset[str] | None, since: str | None, max_nodes: int) -> NetworkResult:
    seen: dict[str, EntityRow] = {centre.id: centre}
    links: dict[str, LinkRow] = {}
    result = NetworkResult(centre=centre.id, depth=depth, entities=[], links=[])
    frontier = [centre.id]
    hubs: set[str] = set()
    for _ in range(depth):
        expandable = [i for i in frontier if not (seen[i].hub and i != centre.id)]
        hubs.update(i for i in frontier if seen[i].hub and i != centre.id)
        if not expandable:
            break
        found = links_of(expandable)
        new_ids: list[str] = []
        for link in sorted(found, key=lambda lk: lk.id):
            if since and (link.last_seen or "") < since:
                result.filtered_by_date += 1
                continue
            for end in (link.source, link.target):
                if end not in seen and end not in new_ids:
                    new_ids.append(end)
            links[link.id] = link
        budget = max_nodes - len(seen)
        if len(new_ids) > budget:
            result.truncated += len(new_ids) - max(budget, 0)
            new_ids = new_ids[: max(budget, 0)]
        for row in entities_of(new_ids):
            seen[row.id] = row
        frontier = [i for i in new_ids if i in seen]
    hubs.update(i for i in frontier if seen[i].hub)
    keep = {i for i, row in seen.items() if kinds is None or row.kind in kinds or i == centre.id}
    result.filtered_by_kind = len(seen) - len(keep)
    result.entities = sorted((seen[i] for i in keep), key=lambda r: r.id)
    result.links = sorted((lk for lk in links.values() if lk.source in keep and lk.target in keep), key=lambda lk: lk.id)
    result.hubs_not_expanded = sorted(hubs - {centre.id})
    return result


def paths(source: EntityRow, target: EntityRow, max_hops: int, links_of: LinksOf, entities_of: EntitiesOf,
          provenance_of: ProvenanceOf, *, limit: int, max_nodes: int = 20_000) -> list[PathResult]:
    """Shortest paths (up to ``limit``) of at most ``max_hops`` links, never through a hub."""
    graph = nx.Graph()
    rows: dict[str, EntityRow] = {source.id: source, target.id: target}
    link_rows: dict[tuple[str, str], LinkRow] = {}
    sides = [{source.id}, {target.id}]
    frontiers = [[source.id], [target.id]]
    graph.add_nodes_from([source.id, target.id])
    for step in range(max_hops):
        side = step % 2
        expandable = [i for i in frontiers[side] if not rows[i].hub or i in (source.id, target.id)]
        if not expandable:
            break
        new_ids: list[str] = []
        for link in links_of(expandable):
            graph.add_edge(link.source, link.target)
            link_rows[(link.source, link.target)] = link
            for end in (link.source, link.target):
                if end not in rows and end not in new_ids:
                    new_ids.append(end)
        for row in entities_of(new_ids):
            rows[row.id] = row
        sides[side].update(new_ids)
        frontiers[side] = new_ids
        if sides[0] & sides[1] or len(rows) > max_nodes:
            break
    # Hubs may be endpoints but never intermediate nodes.
    graph.remove_nodes_from([n for n in list(graph.nodes) if n in rows and rows[n].hub and n not in (source.id, target.id)])
    try:
        found = []
        for nodes in nx.all_shortest_paths(graph, source.id, target.id):
            if len(nodes) - 1 > max_hops:
                break
            found.append(nodes)
            if len(found) >= limit:
                break
    except nx.NetworkXNoPath:
        return []
    found.sort()
    hop_links = {frozenset(k): v for k, v in link_rows.items()}
    prov = provenance_of(sorted({hop_links[frozenset(pair)].id for nodes in found for pair in pairwise(nodes)}))
    records_of: dict[str, list[str]] = {}
    for p in prov:
        records_of.setdefault(p.owner, [])
        if p.record_key not in records_of[p.owner]:
            records_of[p.owner].append(p.record_key)
    out = []
    for nodes in found:
        hops = []
        for a, b in pairwise(nodes):
            link = hop_links[frozenset((a, b))]
            hops.append(Hop(link=link, source=a, target=b, records=sorted(records_of.get(link.id, []))))
        out.append(PathResult(nodes=[rows[n] for n in nodes], hops=hops))
    return out


class TraversalMixin:
    """neighbourhood, paths and subgraph for any store that can read entities, links and provenance.

    Every backend traverses with the same bounded algorithm, so they answer alike. Every read takes
    the :class:`~models.access.Viewer` it is made for: the backend's queries return only what that
    viewer may see (``_entities_visible``, ``_links_visible``, ``provenance``), so a traversal never
    reaches, counts or passes through anything hidden. Labels, dates and properties of what is
    returned are then restated from the visible records only (:meth:`_present`).
    """

    def _entities_visible(self, entity_ids: list[str], viewer: Viewer) -> list[EntityRow]:
        raise NotImplementedError

    def _links_visible(self, entity_ids: list[str], viewer: Viewer) -> list[LinkRow]:
        """Links touching ``entity_ids`` that the viewer may see, with both ends visible too."""
        raise NotImplementedError

    def provenance(self, owner_ids: list[str], *, viewer: Viewer) -> list[ProvenanceRow]:
        raise NotImplementedError

    def _search_terms_visible(self, viewer: Viewer) -> list[tuple[str, str, str]]:
        """``(term, entity_id, kind)`` of the entities the viewer may see, terms as stored."""
        raise NotImplementedError

    def search_terms(self, *, viewer: Viewer) -> list[tuple[str, str, str]]:
        """What a viewer can find entities by. A person's stored terms come from every record
        behind it; for a viewer who may see only some of them, the terms are rebuilt from the
        visible ones, so an alias from a hidden record finds nothing."""
        rows = self._search_terms_visible(viewer)
        if viewer.all_access:
            return rows
        if withholds(viewer):  # a node known only from fields the role never receives is not findable
            shown = {r.id for r in self.get_entities(sorted({e for _, e, _ in rows}), viewer=viewer)}
            rows = [r for r in rows if r[1] in shown]
        persons = sorted({e for _, e, k in rows if k == EntityKind.PERSON})
        rebuilt = {r.id: terms_for(r) for r in self.get_entities(persons, viewer=viewer)}
        kept = [(t, e, k) for t, e, k in rows if k != EntityKind.PERSON or e not in rebuilt]
        return sorted(kept + [(t, e, EntityKind.PERSON.value) for e, terms in rebuilt.items() for t in terms])

    def get_entity(self, entity_id: str, *, viewer: Viewer) -> EntityRow | None:
        found = self.get_entities([entity_id], viewer=viewer)
        return found[0] if found else None

    def get_entities(self, entity_ids: list[str], *, viewer: Viewer) -> list[EntityRow]:
        rows = self._present(self._entities_visible(entity_ids, viewer), viewer)
        if not viewer.all_access and any(r.hub for r in rows):
            rows = self._hubs_as_seen(rows, viewer)
        return rows

    def _hubs_as_seen(self, rows: list[EntityRow], viewer: Viewer) -> list[EntityRow]:
        """Hub status decided over what ``viewer`` may see, not over every record: a phone is a hub to a
        viewer only if that viewer sees enough distinct people use it (a place: enough records name it).
        A flag counted over hidden records would tell of them (and, by not expanding the node, shape the
        answer by them). A value can only lose hub status here: the visible links are a subset of all."""
        flagged = [r.id for r in rows if r.hub]
        users: dict[str, set[str]] = {i: set() for i in flagged}
        records: dict[str, set[str]] = {i: set() for i in flagged}
        for link in self._present(self._links_visible(flagged, viewer), viewer):
            for end, other in ((link.source, link.target), (link.target, link.source)):
                if end in users:
                    (records if other.startswith("record:") else users)[end].add(other)
        out = []
        for r in rows:
            if r.hub:
                rule = ENTITY_KINDS[r.kind].hub  # as declared; the share of all records is not asked here
                if rule is None or not rule.holds(people=len(users[r.id]), records=len(records[r.id])):
                    r = replace(r, hub=False, properties={k: v for k, v in r.properties.items() if k != "hub_rule"})
            out.append(r)
        return out

    def links_of(self, entity_ids: list[str], *, viewer: Viewer) -> list[LinkRow]:
        rows = self._present(self._links_visible(entity_ids, viewer), viewer)
        if rows and withholds(viewer):  # both ends must still be shown once withheld fields are gone
            shown = {e.id for e in self.get_entities(sorted({x for r in rows for x in (r.source, r.target)}), viewer=viewer)}
            rows = [r for r in rows if r.source in shown and r.target in shown]
        return rows

    def _present(self, rows: list[R], viewer: Viewer) -> list[R]:
        """``rows`` restated for ``viewer``; a row whose only visible support is a field the viewer's role
        never receives (a reporting contact, a subject's phone for an analyst) is left out."""
        if not rows:
            return rows
        if viewer.all_access:
            return [replace(r, properties={k: v for k, v in r.properties.items() if k != FACETS})
                    if FACETS in r.properties else r for r in rows]
        by_owner: dict[str, list[ProvenanceRow]] = {}
        for p in self.provenance([r.id for r in rows], viewer=viewer):
            if not viewer.withholds_field(p.field):
                by_owner.setdefault(p.owner, []).append(p)
        if withholds(viewer):
            rows = [r for r in rows if r.id in by_owner]
        return [restate(r, by_owner.get(r.id, []), viewer) for r in rows]

    def neighbourhood(self, entity_id: str, depth: int, *, viewer: Viewer, kinds: frozenset[str] | None = None,
                      since: str | None = None, max_nodes: int = DEFAULT_MAX_NODES) -> NetworkResult:
        centre = self.get_entity(entity_id, viewer=viewer)
        if centre is None:
            raise EntityNotFoundError(entity_id)
        return neighbourhood(centre, depth, lambda ids: self.links_of(ids, viewer=viewer),
                             lambda ids: self.get_entities(ids, viewer=viewer), kinds=kinds, since=since, max_nodes=max_nodes)

    def paths(self, source: str, target: str, max_hops: int, *, viewer: Viewer, limit: int = 5) -> list[PathResult]:
        a, b = self.get_entity(source, viewer=viewer), self.get_entity(target, viewer=viewer)
        if a is None:
            raise EntityNotFoundError(source)
        if b is None:
            raise EntityNotFoundError(target)
        return paths(a, b, max_hops, lambda ids: self.links_of(ids, viewer=viewer), lambda ids: self.get_entities(ids, viewer=viewer),
                     lambda ids: self.provenance(ids, viewer=viewer), limit=limit)

    def _shown_ids(self, ids: list[str], viewer: Viewer, limit: int | None) -> list[str]:
        """``ids`` (sorted) that still have something to show ``viewer`` once its withheld fields are gone."""
        out: list[str] = []
        for i in range(0, len(ids), 500):
            out += [e.id for e in self.get_entities(ids[i:i + 500], viewer=viewer)]
            if limit is not None and len(out) >= limit:
                break
        return sorted(out)[:limit] if limit is not None else sorted(out)

    def subgraph(self, entity_ids: list[str], *, viewer: Viewer) -> tuple[list[EntityRow], list[LinkRow]]:
        wanted = set(entity_ids)
        links = [lk for lk in self.links_of(sorted(wanted), viewer=viewer) if lk.source in wanted and lk.target in wanted]
        return self.get_entities(sorted(wanted), viewer=viewer), links


def withholds(viewer: Viewer) -> bool:
    return bool(viewer.hidden_record_fields or viewer.hidden_subject_fields) and not viewer.all_access


def _mention_record(mention_key: str) -> str:
    return mention_key.rsplit("#", 1)[0]


def visible_facets(row: EntityRow | LinkRow, viewer: Viewer) -> tuple[str | None, dict[str, Any]]:
    """The caption and properties of ``row`` drawn from the records ``viewer`` may see.

    A node seen in several records keeps each record's contribution apart (:data:`FACETS`):
    when some of those records are hidden from the viewer, names, aliases, dates of birth,
    descriptions and the resolution trail are rebuilt from the visible ones alone. The caption
    is ``None`` when nothing hides anything (keep the stored one)."""
    props = row.properties
    facets: dict[str, dict[str, Any]] | None = props.get(FACETS)
    out = {k: v for k, v in props.items() if k != FACETS}
    if not facets:
        return None, out
    shown = {k: f for k, f in facets.items() if viewer.may_see(f["agency"], f["caveats"])}
    if len(shown) == len(facets):
        return None, out
    for name in {p for f in facets.values() for p in f["properties"]}:
        out.pop(name, None)
    caption: str | None = None
    # A name a visible record says beats an alias one says (``by_alias``: the record knows the person by it alone).
    for key in sorted(shown, key=lambda k: (bool(shown[k].get("by_alias")), k)):
        caption = caption or shown[key]["caption"]
        merge_properties(out, shown[key]["properties"])
    if isinstance(row, EntityRow):
        sort_string_lists(out)
    if "resolution" in out:
        # A join is shown only when the viewer may see both mentions it joined.
        out["resolution"] = [j for j in out["resolution"]
                             if _mention_record(str(j.get("a", ""))) in shown and _mention_record(str(j.get("b", ""))) in shown]
        if not out["resolution"]:
            del out["resolution"]  # an empty trail would still say that a join with a hidden record exists
    return caption or "(withheld)", out


def restate(row: R, visible: list[ProvenanceRow], viewer: Viewer) -> R:
    """``row`` as ``viewer`` may see it: caption, properties, labels and dates from the visible
    records only, and the properties that a caveat it lacks withholds (decided on *all* the
    row's caveats) removed."""
    hidden: frozenset[str] = viewer.hidden_properties(row.kind, row.caveats) if isinstance(row, EntityRow) else frozenset()
    dates = sorted(p.when for p in visible if p.when)
    caption, props = visible_facets(row, viewer)
    out = replace(row, properties={k: v for k, v in props.items() if k not in hidden},
                  agencies=tuple(sorted({p.agency for p in visible})),
                  caveats=tuple(sorted({c for p in visible for c in p.caveats})),
                  first_seen=dates[0] if dates else None, last_seen=dates[-1] if dates else None)
    if caption is not None and isinstance(out, EntityRow):
        out.caption = caption  # a fresh copy: the stored row is untouched
    return out

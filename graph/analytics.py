"""Network analytics with networkx, on subgraphs read through the GraphStore interface.

Every result says how it was computed (a named, versioned method with its parameters) and on
what subgraph (its scope: how it was chosen, how many entities and links, which hubs were left
out), because an analyst must be able to say in court why the tool pointed at someone.

Hubs (a group home's phone, a busy motel) are suppressed: they are shown as reached but never
connect people, as in traversal. The same functions run on the embedded store and on Neo4j,
since both are read through the same interface.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations, islice, pairwise

import networkx as nx

from graph.model import EntityRow, LinkRow
from graph.store.base import MAX_DEPTH, EntityNotFoundError, GraphStore
from models.access import Viewer
from models.vocabulary import LINK_KINDS, EntityKind

VERSION = "1.0"
#: The largest subgraph an analytic reads (the whole dev world is a few thousand entities).
MAX_SUBGRAPH = 200_000


@dataclass(frozen=True)
class Scope:
    """On what subgraph a result was computed."""

    description: str
    entities: int
    links: int
    #: Hubs inside the scope, kept out of the computation (they would join unrelated people).
    hubs_suppressed: tuple[str, ...] = ()


@dataclass
class Subgraph:
    entities: dict[str, EntityRow]
    links: list[LinkRow]
    description: str

    @property
    def scope(self) -> Scope:
        return Scope(self.description, len(self.entities), len(self.links),
                     tuple(sorted(i for i, e in self.entities.items() if e.hub)))

    def graph(self, *, shortcuts: bool = True) -> nx.Graph:
        """Undirected, hubs removed; parallel links between two entities add to one edge's weight.

        ``shortcuts=False`` leaves out links that repeat a tie already drawn through a record
        (``LinkKindSpec.shortcut``): centralities count each tie once."""
        g = nx.Graph()
        g.add_nodes_from(i for i, e in self.entities.items() if not e.hub)
        for link in self.links:
            if not shortcuts and LINK_KINDS[link.kind].shortcut:
                continue
            a, b = link.source, link.target
            if a in g and b in g:
                if g.has_edge(a, b):
                    g[a][b]["weight"] += 1
                else:
                    g.add_edge(a, b, weight=1)
        return g


def whole_graph(store: GraphStore, *, viewer: Viewer, max_entities: int = MAX_SUBGRAPH) -> Subgraph:
    ids = store.entity_ids(limit=max_entities + 1, viewer=viewer)
    if len(ids) > max_entities:
        raise ValueError(f"the graph holds more than {max_entities} entities: choose a neighbourhood instead")
    entities, links = store.subgraph(ids, viewer=viewer)
    return Subgraph({e.id: e for e in entities}, links, "the whole graph")


def around(store: GraphStore, seeds: Sequence[str], depth: int, *, viewer: Viewer, max_nodes: int = 5000) -> Subgraph:
    """The union of the seeds' neighbourhoods (bounded as every traversal is)."""
    if not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between 1 and {MAX_DEPTH}")
    ids: set[str] = set()
    for seed in seeds:
        net = store.neighbourhood(seed, depth, max_nodes=max_nodes, viewer=viewer)
        ids.update(e.id for e in net.entities)
    entities, links = store.subgraph(sorted(ids), viewer=viewer)
    return Subgraph({e.id: e for e in entities}, links, f"within {depth} hops of {', '.join(seeds)}")


# -- communities -----------------------------------------------------------------------------


@dataclass
class Community:
    id: int
    size: int
    persons: list[str]
    members: list[str]


@dataclass
class CommunitiesResult:
    method: str
    scope: Scope
    communities: list[Community]


def communities(sub: Subgraph, *, resolution: float = 2.0, seed: int = 0, min_persons: int = 2) -> CommunitiesResult:
    """Louvain communities (networkx), largest first; only those with ``min_persons`` persons.

    Resolution 2.0 favours the tight groups a trafficking ring forms (a handful of people around
    shared phones, vehicles and motels) over large loose clusters; the seed makes it repeatable."""
    g = sub.graph()
    parts = nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed) if g.number_of_nodes() else []
    out = []
    for part in parts:
        persons = sorted(n for n in part if sub.entities[n].kind == EntityKind.PERSON)
        if len(persons) >= min_persons:
            out.append(Community(0, len(part), persons, sorted(part)))
    out.sort(key=lambda c: (-len(c.persons), c.members[0]))
    for i, c in enumerate(out):
        c.id = i
    method = f"louvain/networkx-{nx.__version__} resolution={resolution} seed={seed} weight=parallel-links hubs=suppressed v{VERSION}"
    return CommunitiesResult(method, sub.scope, out)


# -- key players -----------------------------------------------------------------------------


@dataclass
class KeyPlayer:
    entity: str
    caption: str
    score: float
    betweenness: float
    pagerank: float
    degree: int


@dataclass
class KeyPlayersResult:
    method: str
    scope: Scope
    players: list[KeyPlayer]


def key_players(sub: Subgraph, *, among: str = "person", top: int = 10) -> KeyPlayersResult:
    """Persons ranked by the mean of three normalised centralities on the hub-free graph.

    Betweenness (who connects the others), PageRank (who is tied to the well-tied) and degree
    (who has most direct ties) each say something different; the mean of their ranks within
    the scope is steadier than any one of them. Degree counts distinct neighbours. Shortcut links
    (a one-person report's narrative phone tied to that person) are left out: the same tie is
    already counted through the report, and counting it twice would rank the reported victim
    above the people she was reported with."""
    g = sub.graph(shortcuts=False)
    if g.number_of_nodes() == 0:
        return KeyPlayersResult(_kp_method(), sub.scope, [])
    betweenness = nx.betweenness_centrality(g, weight=None, normalized=True)
    pagerank = nx.pagerank(g, weight="weight")
    degree = dict(g.degree())
    # A person known only by an alias nothing ties to anyone is not a player of its own (graph.aliases).
    candidates = [n for n in g if sub.entities[n].kind == among and not sub.entities[n].properties.get("alias_only")]
    if not candidates:
        return KeyPlayersResult(_kp_method(), sub.scope, [])

    def ranks(values: dict[str, float]) -> dict[str, float]:
        ordered = sorted(candidates, key=lambda n: (-values[n], n))
        return {n: 1.0 - i / max(len(ordered) - 1, 1) for i, n in enumerate(ordered)}

    rb, rp, rd = ranks(betweenness), ranks(pagerank), ranks({k: float(v) for k, v in degree.items()})
    players = [KeyPlayer(n, sub.entities[n].caption, round((rb[n] + rp[n] + rd[n]) / 3, 6), round(betweenness[n], 6),
                         round(pagerank[n], 6), degree[n]) for n in candidates]
    players.sort(key=lambda p: (-p.score, -p.betweenness, p.entity))
    return KeyPlayersResult(_kp_method(), sub.scope, players[:top])


def _kp_method() -> str:
    return f"mean-rank(betweenness, pagerank, degree)/networkx-{nx.__version__} hubs=suppressed v{VERSION}"


# -- the connecting network ------------------------------------------------------------------


@dataclass
class ConnectingResult:
    method: str
    scope: Scope
    entities: list[EntityRow]
    links: list[LinkRow]
    #: Pairs of the given entities that no path of at most ``max_hops`` joins.
    unconnected: list[tuple[str, str]]


def connecting_network(store: GraphStore, entity_ids: Sequence[str], *, viewer: Viewer, max_hops: int = 4,
                       per_pair: int = 3) -> ConnectingResult:
    """Everything on the shortest paths between each pair of the given entities (i2's "find
    connecting network"): the smallest picture that shows how they are tied together."""
    ids = list(dict.fromkeys(entity_ids))
    entities: dict[str, EntityRow] = {}
    links: dict[str, LinkRow] = {}
    unconnected = []
    for a, b in combinations(ids, 2):
        found = store.paths(a, b, max_hops, limit=per_pair, viewer=viewer)
        if not found:
            unconnected.append((a, b))
        for path in found:
            entities.update((n.id, n) for n in path.nodes)
            links.update((h.link.id, h.link) for h in path.hops)
    for row in store.get_entities(ids, viewer=viewer):
        entities.setdefault(row.id, row)
    missing = set(ids) - set(entities)
    if missing:
        raise EntityNotFoundError(sorted(missing)[0])
    scope = Scope(f"shortest paths of at most {max_hops} hops between {len(ids)} entities", len(entities), len(links))
    return ConnectingResult(f"union-of-shortest-paths per_pair={per_pair} v{VERSION}", scope,
                            sorted(entities.values(), key=lambda e: e.id), sorted(links.values(), key=lambda lk: lk.id), unconnected)


# -- time-ordered paths ----------------------------------------------------------------------


@dataclass
class TimedHop:
    link: LinkRow
    source: str
    target: str
    #: The earliest date of a record behind this hop that keeps the path in time order.
    when: str
    records: list[str]


@dataclass
class TimedPath:
    nodes: list[EntityRow]
    hops: list[TimedHop]


@dataclass
class TimedPathsResult:
    method: str
    scope: Scope
    paths: list[TimedPath]


def time_ordered_paths(store: GraphStore, source: str, target: str, *, viewer: Viewer, max_hops: int = 4, limit: int = 5,
                       max_nodes: int = 2000, max_candidates: int = 20_000) -> TimedPathsResult:
    """Paths whose every hop rests on a record dated no earlier than the previous hop's (i2's
    sequential find-path): the order events could have happened in. Each hop takes the earliest
    of its records' dates that keeps the order; undated hops cannot be placed and are not used."""
    if not 1 <= max_hops <= 6:
        raise ValueError("max_hops must be between 1 and 6")
    reach = max(1, min(MAX_DEPTH, (max_hops + 1) // 2))
    sub = around(store, [source, target], reach, viewer=viewer, max_nodes=max_nodes)
    g = sub.graph()
    for end in (source, target):
        if end not in sub.entities:
            raise EntityNotFoundError(end)
        g.add_node(end)  # an end may be a hub itself
    if sub.entities[source].hub or sub.entities[target].hub:
        for link in sub.links:
            if source in (link.source, link.target) or target in (link.source, link.target):
                g.add_edge(link.source, link.target, weight=1)
    by_pair: dict[frozenset[str], list[LinkRow]] = defaultdict(list)
    for link in sub.links:
        by_pair[frozenset((link.source, link.target))].append(link)
    dates = _hop_dates(store, [lk.id for lk in sub.links], viewer)
    found: list[TimedPath] = []
    candidates = islice(nx.all_simple_paths(g, source, target, cutoff=max_hops), max_candidates)
    for nodes in sorted(candidates, key=lambda p: (len(p), p)):
        timed = _in_time_order(nodes, by_pair, dates)
        if timed is not None:
            found.append(TimedPath([sub.entities[n] for n in nodes], timed))
            if len(found) >= limit:
                break
    method = f"sequential-find-path earliest-feasible-date max_hops={max_hops} candidates<={max_candidates} v{VERSION}"
    return TimedPathsResult(method, sub.scope, found)


def _hop_dates(store: GraphStore, link_ids: list[str], viewer: Viewer) -> dict[str, list[tuple[str, str]]]:
    """(date, record) pairs behind each link, from provenance."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for p in store.provenance(link_ids, viewer=viewer):
        if p.when:
            out[p.owner].append((p.when[:10], p.record_key))
    return {k: sorted(set(v)) for k, v in out.items()}


def _in_time_order(nodes: list[str], by_pair: dict[frozenset[str], list[LinkRow]],
                   dates: dict[str, list[tuple[str, str]]]) -> list[TimedHop] | None:
    hops: list[TimedHop] = []
    current = ""
    for a, b in pairwise(nodes):
        best: tuple[str, LinkRow, list[str]] | None = None
        for link in by_pair[frozenset((a, b))]:
            feasible = [(d, r) for d, r in dates.get(link.id, []) if d >= current]
            if feasible:
                when = feasible[0][0]
                if best is None or when < best[0]:
                    best = (when, link, sorted({r for d, r in feasible if d == when}))
        if best is None:
            return None
        current = best[0]
        hops.append(TimedHop(best[1], a, b, best[0], best[2]))
    return hops


# -- timeline and common associates ----------------------------------------------------------


@dataclass
class TimelineEntry:
    when: str | None
    record: str
    agency: str
    type: str | None
    status: str | None
    #: How the entity figures in the record (fields or text spans, by link kind).
    via: list[str]


@dataclass
class TimelineResult:
    method: str
    entity: EntityRow
    entries: list[TimelineEntry]


def timeline(store: GraphStore, entity_id: str, *, viewer: Viewer) -> TimelineResult:
    """Every record behind the entity or its links, by date (undated last)."""
    entity = store.get_entity(entity_id, viewer=viewer)
    if entity is None:
        raise EntityNotFoundError(entity_id)
    links = store.links_of([entity_id], viewer=viewer)
    kind_of = {lk.id: lk.kind for lk in links}
    seen: dict[str, tuple[str | None, str, set[str]]] = {}
    for p in store.provenance([entity_id, *kind_of], viewer=viewer):
        if viewer.withholds_field(p.field):  # a part of a record the viewer's role never receives
            continue
        when, agency, via = seen.get(p.record_key, (p.when, p.agency, set()))
        via.add(kind_of.get(p.owner, p.field or "mention"))
        seen[p.record_key] = (min(filter(None, (when, p.when)), default=None), agency, via)
    entries = []
    for key, (when, agency, via) in seen.items():
        row = store.record(key, viewer=viewer)
        payload = row.payload if row is not None else {}
        entries.append(TimelineEntry(when[:10] if when else None, key, agency, _str(payload.get("record_type")), _str(payload.get("status")),
                                     sorted(via)))
    entries.sort(key=lambda e: (e.when is None, e.when or "", e.record))
    return TimelineResult(f"provenance-of-entity-and-links v{VERSION}", entity, entries)


def _str(value: object) -> str | None:
    return None if value is None else str(value)


@dataclass
class Associate:
    entity: EntityRow
    hops_from_a: int
    hops_from_b: int


@dataclass
class CommonAssociatesResult:
    method: str
    scope: Scope
    associates: list[Associate]


def common_associates(store: GraphStore, a: str, b: str, *, viewer: Viewer, depth: int = 2, kinds: Iterable[str] = ("person",),
                      max_nodes: int = 2000) -> CommonAssociatesResult:
    """Entities (persons by default) within ``depth`` hops of both, never through a hub."""
    wanted = frozenset(kinds)
    dist = []
    for end in (a, b):
        sub = around(store, [end], depth, viewer=viewer, max_nodes=max_nodes)
        lengths = nx.single_source_shortest_path_length(_with(sub, end), end, cutoff=depth)
        dist.append((sub, lengths))
    (sub_a, da), (sub_b, db) = dist
    common = sorted(set(da) & set(db) - {a, b})
    out = [Associate(sub_a.entities[n], da[n], db[n]) for n in common if sub_a.entities[n].kind in wanted]
    out.sort(key=lambda x: (x.hops_from_a + x.hops_from_b, x.entity.id))
    scope = Scope(f"within {depth} hops of {a} and of {b}", len(set(sub_a.entities) | set(sub_b.entities)),
                  len({lk.id for lk in sub_a.links} | {lk.id for lk in sub_b.links}))
    return CommonAssociatesResult(f"intersection-of-neighbourhoods depth={depth} hubs=suppressed v{VERSION}", scope, out)


def _with(sub: Subgraph, end: str) -> nx.Graph:
    """The hub-free graph, with ``end`` kept (and its own links) even if it is a hub."""
    g = sub.graph()
    if end not in g:
        g.add_node(end)
        for link in sub.links:
            if end in (link.source, link.target):
                g.add_edge(link.source, link.target)
    return g


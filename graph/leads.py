"""Scored leads: which missing persons and unknown associates likely belong to an exploitation network.

The known network is what the records already say: the subjects of records of the seed types
(human trafficking, sexual assault by default) and the phones, vehicles, places and handles
within two hops of them. Every other person is a candidate, described by features an
investigator would weigh (shared phones, vehicles and motels with the network, distance to it,
repeated missing episodes, timing against the network's records, phones seen in online-ad
context, age) and scored by a logistic regression trained on worlds from the project's
generator. Each lead carries every feature's contribution (coefficient × standardised value),
so "why is she on this list" has an answer.

The model is a versioned artefact (:data:`MODEL_PATH`) with its feature list, checked on load; it
is fitted, with the labels a generated world's truth gives, by ``tools/training/leads.py`` (outside
the package: only a checkout trains).
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from graph import analytics
from graph.store.base import GraphStore
from models.access import Viewer
from models.vocabulary import EntityKind, MentionKind

ALGORITHM = "leads-logistic"
VERSION = "1.0"
MODEL_PATH = Path(__file__).with_name("leads_model.json")

FEATURES = (
    "hops_to_network",
    "reaches_network",
    "shared_phones",
    "shared_vehicles",
    "shared_places",
    "shared_handles",
    "network_records_near",
    "missing_episodes",
    "log_days_to_network",
    "ad_phones",
    "minor",
    "victim_role",
    "degree",
    "agencies",
)

SEED_TYPES = frozenset({"HUMAN_TRAFFICKING", "SEXUAL_ASSAULT"})
IDENTIFIER_KINDS = {EntityKind.PHONE: "shared_phones", EntityKind.VEHICLE: "shared_vehicles", EntityKind.PLACE: "shared_places",
                    EntityKind.HANDLE: "shared_handles"}
#: Words that put a phone number in online-advertising context (English and French).
AD_WORDS = re.compile(r"\b(ads?|annonces?|escort(e|es|s)?|classifieds?|listing|booking|réservation)\b", re.IGNORECASE)
MAX_HOPS = 8


class ModelError(RuntimeError):
    """The shipped model does not match this code (features, algorithm or version)."""


@dataclass
class Candidate:
    entity: str
    caption: str
    features: dict[str, float]


@dataclass
class Lead:
    entity: str
    caption: str
    score: float
    #: Each feature's value and its contribution to the log-odds, largest first.
    contributions: list[tuple[str, float, float]]


@dataclass
class LeadsResult:
    method: str
    scope: analytics.Scope
    network: list[str]
    leads: list[Lead]


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def candidates(store: GraphStore, *, viewer: Viewer, seed_types: Iterable[str] = SEED_TYPES,
               seeds: Sequence[str] | None = None) -> tuple[analytics.Subgraph, list[str], list[Candidate]]:
    """The known network's persons, and every other person with their features."""
    sub = analytics.whole_graph(store, viewer=viewer)
    g = sub.graph()
    records = {e.id: store.record(e.id.split(":", 1)[1], viewer=viewer) for e in sub.entities.values() if e.kind == EntityKind.RECORD}
    types = {rid: str(r.payload.get("record_type") or "") for rid, r in records.items() if r is not None}
    dates = {rid: _day(r.payload.get("opened")) for rid, r in records.items() if r is not None}
    subject_of: dict[str, set[str]] = defaultdict(set)
    for rid, r in records.items():
        if r is not None:
            for person in r.subjects.values():
                subject_of[person].add(rid)
    wanted = frozenset(seed_types)
    network = sorted(set(seeds) if seeds else {p for p, rids in subject_of.items() if any(types.get(r) in wanted for r in rids)})
    network = [p for p in network if p in g]
    near_network = _within(g, network, 2)
    network_ids = {n for n in near_network if sub.entities[n].kind in IDENTIFIER_KINDS}
    network_records = {n for n in near_network if sub.entities[n].kind == EntityKind.RECORD}
    network_dates = sorted(d for r in network_records if (d := dates.get(r)) is not None)
    distance = nx.multi_source_dijkstra_path_length(g, set(network), cutoff=MAX_HOPS) if network else {}
    ad_phones = _ad_phones(sub, records)
    out = []
    for node in sorted(g):
        entity = sub.entities[node]
        if entity.kind != EntityKind.PERSON or node in set(network):
            continue
        near = _within(g, [node], 2)
        f = dict.fromkeys(FEATURES, 0.0)
        hops = distance.get(node)
        f["hops_to_network"] = float(hops if hops is not None else MAX_HOPS + 1)
        f["reaches_network"] = 1.0 if hops is not None else 0.0
        for n in near & network_ids:
            f[IDENTIFIER_KINDS[sub.entities[n].kind]] += 1
        f["network_records_near"] = float(len(near & network_records))
        own = subject_of.get(node, set()) | {n for n in g[node] if sub.entities[n].kind == EntityKind.RECORD}
        f["missing_episodes"] = float(sum(1 for r in own if types.get(r) == "MISSING_PERSON"))
        own_dates = [d for r in own if (d := dates.get(r)) is not None]
        if own_dates and network_dates:
            gap = min(abs((a - b).days) for a in own_dates for b in _closest(network_dates, a))
            f["log_days_to_network"] = math.log1p(gap)
        else:
            f["log_days_to_network"] = math.log1p(3650)
        f["ad_phones"] = float(len(near & ad_phones))
        dobs = [d for d in (_day(x) for x in entity.properties.get("dobs", [])) if d is not None]
        last = max(own_dates) if own_dates else None
        if dobs and last:
            f["minor"] = 1.0 if (last - dobs[0]).days < 18 * 365.25 else 0.0
        roles = {str(r).upper() for r in entity.properties.get("roles", [])}
        f["victim_role"] = 1.0 if roles & {"VICTIM", "MISSING", "COMPLAINANT"} else 0.0
        f["degree"] = float(g.degree(node))
        f["agencies"] = float(len(entity.agencies))
        out.append(Candidate(node, entity.caption, f))
    return sub, network, out


def _closest(ordered: list[date], day: date) -> list[date]:
    """The network dates on either side of ``day`` (enough for the smallest gap)."""
    import bisect

    i = bisect.bisect_left(ordered, day)
    return ordered[max(0, i - 1):i + 1]


def _within(g: nx.Graph, sources: Sequence[str], hops: int) -> set[str]:
    seen = set(sources)
    frontier = set(sources)
    for _ in range(hops):
        frontier = {m for n in frontier for m in g[n]} - seen
        seen |= frontier
    return seen


def _ad_phones(sub: analytics.Subgraph, records: dict[str, Any]) -> set[str]:
    """Phone entities mentioned within a sentence's reach of advertising words."""
    out = set()
    for r in records.values():
        if r is None:
            continue
        text = str(r.payload.get("narrative") or "")
        for m in r.mentions:
            if m.get("kind") == MentionKind.PHONE and m.get("entity") and m.get("start") is not None:
                window = text[max(0, int(m["start"]) - 90):int(m["end"]) + 20]
                if AD_WORDS.search(window):
                    out.add(str(m["entity"]))
    return {p for p in out if p in sub.entities}


# -- the model ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeadModel:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    trained_on: tuple[int, ...]

    @property
    def method(self) -> str:
        return f"{ALGORITHM}/{VERSION} features={len(self.features)} trained_on_seeds={list(self.trained_on)}"

    def score(self, c: Candidate) -> Lead:
        x = np.array([c.features[f] for f in self.features])
        z = (x - np.array(self.mean)) / np.array(self.scale)
        parts = z * np.array(self.coef)
        logit = float(parts.sum() + self.intercept)
        contributions = sorted(((f, float(v), round(float(p), 4)) for f, v, p in zip(self.features, x, parts, strict=True)),
                               key=lambda t: -abs(t[2]))
        return Lead(c.entity, c.caption, round(1 / (1 + math.exp(-logit)), 6), contributions)

    def to_json(self) -> str:
        return json.dumps({"algorithm": ALGORITHM, "version": VERSION, "features": list(self.features), "mean": list(self.mean),
                           "scale": list(self.scale), "coef": list(self.coef), "intercept": self.intercept,
                           "trained_on": list(self.trained_on)}, indent=1)


def load_model(path: Path = MODEL_PATH) -> LeadModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("algorithm") != ALGORITHM or data.get("version") != VERSION:
        raise ModelError(f"{path} is {data.get('algorithm')}/{data.get('version')}, this code needs {ALGORITHM}/{VERSION}")
    if tuple(data["features"]) != FEATURES:
        raise ModelError(f"{path} was trained on features {data['features']}, this code computes {list(FEATURES)}")
    n = len(FEATURES)
    if not all(len(data[k]) == n for k in ("mean", "scale", "coef")):
        raise ModelError(f"{path} is malformed: every vector must have {n} entries")
    return LeadModel(tuple(data["features"]), tuple(data["mean"]), tuple(data["scale"]), tuple(data["coef"]),
                     float(data["intercept"]), tuple(data["trained_on"]))


def leads(store: GraphStore, *, viewer: Viewer, model: LeadModel | None = None, top: int = 20, seed_types: Iterable[str] = SEED_TYPES,
          seeds: Sequence[str] | None = None) -> LeadsResult:
    model = model or load_model()
    sub, network, found = candidates(store, viewer=viewer, seed_types=seed_types, seeds=seeds)
    scored = sorted((model.score(c) for c in found), key=lambda lead: (-lead.score, lead.entity))
    return LeadsResult(model.method, sub.scope, network, scored[:top])

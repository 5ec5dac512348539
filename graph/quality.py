"""Measuring what the graph links against a world's ground truth (``truth.json``).

Used by the tests (on the dev world and on generated worlds) and by the benchmarks; kept in
the package so every measurement is computed one way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from graph.store.base import GraphStore
from models.access import SYSTEM
from models.vocabulary import MentionKind


@dataclass
class Quality:
    pair_precision: float
    pair_recall: float
    pair_f1: float
    victims_reaching_trafficker: float
    victims_checked: int
    background_clean_2hop: float
    background_checked: int

    def as_dict(self) -> dict[str, float | int]:
        return dict(self.__dict__)


def subject_entities(store: GraphStore, truth: dict[str, Any]) -> dict[str, str]:
    """(record key#subject id) → person entity id, for the versions in force."""
    out: dict[str, str] = {}
    for key in {r["key"] for r in truth["records"]}:
        row = store.record(key, viewer=SYSTEM)
        if row is not None:
            for sid, pid in row.subjects.items():
                out[f"{key}#{sid}"] = pid
    return out


def truth_subjects(truth: dict[str, Any]) -> dict[str, str]:
    """(record key#subject id) → true person, from each record's highest revision."""
    best: dict[str, dict[str, Any]] = {}
    for r in truth["records"]:
        if r["key"] not in best or r["revision"] >= best[r["key"]]["revision"]:
            best[r["key"]] = r
    return {f"{k}#{sid}": pid for k, r in best.items() for sid, pid in r["subjects"].items()}


def pairwise(predicted: dict[str, str], actual: dict[str, str]) -> tuple[float, float, float]:
    keys = sorted(set(predicted) & set(actual))

    def pairs(assign: dict[str, str]) -> set[tuple[str, str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for k in keys:
            groups[assign[k]].append(k)
        return {p for g in groups.values() for p in combinations(sorted(g), 2)}

    pred, true = pairs(predicted), pairs(actual)
    tp = len(pred & true)
    precision = tp / len(pred) if pred else 1.0
    recall = tp / len(true) if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _within(store: GraphStore, start: str, hops: int) -> set[str]:
    """Entities reachable from ``start`` in ``hops`` links, never through a hub."""
    seen, frontier = {start}, [start]
    for _ in range(hops):
        rows = {r.id: r for r in store.get_entities(frontier, viewer=SYSTEM)}
        expandable = [i for i in frontier if i == start or not rows[i].hub]
        nxt = []
        for link in store.links_of(expandable, viewer=SYSTEM):
            for end in (link.source, link.target):
                if end not in seen:
                    seen.add(end)
                    nxt.append(end)
        frontier = nxt
    return seen


def measure(store: GraphStore, truth: dict[str, Any]) -> Quality:
    predicted = subject_entities(store, truth)
    actual = truth_subjects(truth)
    precision, recall, f1 = pairwise(predicted, actual)
    entities_of: dict[str, set[str]] = defaultdict(set)
    for k, pid in predicted.items():
        if k in actual:
            entities_of[actual[k]].add(pid)
    for r in truth["records"]:
        row = store.record(r["key"], viewer=SYSTEM)
        if row is None:
            continue
        for m in row.mentions:
            if m.get("entity") and m["kind"] in {MentionKind.PERSON, MentionKind.ALIAS}:
                for tm in r["mentions"]:
                    if tm["kind"] == m["kind"] and tm.get("text") and tm["text"].strip("\"«» ") == m["text"].strip("\"«» "):
                        entities_of[tm["entity"]].add(m["entity"])
    reached = checked = 0
    for ring in truth["rings"]:
        traffickers = [m for m in ring["members"] if truth["persons"][m].get("role_hint") == "trafficker"] or ring["members"][:1]
        targets = set().union(*(entities_of[t] for t in traffickers))
        for victim in ring["victims"]:
            starts = entities_of.get(victim, set())
            if not starts:
                continue
            checked += 1
            if any(_within(store, s, 3) & targets for s in starts):
                reached += 1
    ring_people = set().union(*(entities_of[m] for ring in truth["rings"] for m in ring["members"]))
    background = [p for p, attrs in truth["persons"].items() if not attrs.get("role_hint")]
    clean = bg_checked = 0
    for person in background:
        starts = entities_of.get(person, set())
        if not starts:
            continue
        bg_checked += 1
        if not any(_within(store, s, 2) & ring_people for s in starts):
            clean += 1
    return Quality(precision, recall, f1, reached / checked if checked else 0.0, checked,
                   clean / bg_checked if bg_checked else 0.0, bg_checked)

"""Training and evaluating the leads model on worlds drawn by the project's generator, ingested and
linked through the composition root (tools/ may import api/; graph/ never does)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from api.runtime import ingest_and_link
from graph import leads
from graph.store.base import GraphStore
from graph.store.embedded import EmbeddedGraphStore
from models.access import SYSTEM
from models.settings import Settings
from tools.synthetic import generate_world

#: The generator seeds the shipped model is trained on; evaluation uses others.
TRAINING_SEEDS = (9101, 9102, 9103, 9104)


def linked_world(seed: int, workdir: Path, *, n_persons: int = 700) -> Path:
    """Draw a world and ingest and link it (cached under ``workdir``); returns the store directory."""
    world, store = workdir / f"world-{seed}", workdir / f"store-{seed}"
    if not (world / "truth.json").exists():
        generate_world(world, seed=seed, n_persons=n_persons)
    if not (store / "graph.db").exists():
        ingest_and_link(Settings(store=store, env="test"), [world])
    return store


def samples(seed: int, workdir: Path) -> list[tuple[leads.Candidate, bool]]:
    store_dir = linked_world(seed, workdir)
    truth = json.loads((workdir / f"world-{seed}" / "truth.json").read_text(encoding="utf-8"))
    store = EmbeddedGraphStore(store_dir / "graph.db")
    try:
        labels = ring_labels(store, truth)
        _, _, found = leads.candidates(store, viewer=SYSTEM)
    finally:
        store.close()
    return [(c, labels[c.entity]) for c in found if c.entity in labels]


def train_model(workdir: Path, seeds: Sequence[int] = TRAINING_SEEDS, on_world: Callable[[int], None] | None = None) -> leads.LeadModel:
    rows: list[tuple[leads.Candidate, bool]] = []
    for seed in seeds:
        rows += samples(seed, workdir)
        if on_world is not None:
            on_world(seed)
    return fit(rows, seeds)


def fit(samples: Sequence[tuple[leads.Candidate, bool]], trained_on: Sequence[int]) -> leads.LeadModel:
    """Standardise, then an L2 logistic regression with balanced classes (rings are rare)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    x = np.array([[c.features[f] for f in leads.FEATURES] for c, _ in samples])
    y = np.array([1 if label else 0 for _, label in samples])
    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    clf = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit((x - scaler.mean_) / scale, y)
    return leads.LeadModel(leads.FEATURES, tuple(float(v) for v in scaler.mean_), tuple(float(v) for v in scale),
                           tuple(float(v) for v in clf.coef_[0]), float(clf.intercept_[0]), tuple(trained_on))


def ring_labels(store: GraphStore, truth: dict[str, Any]) -> dict[str, bool]:
    """Person entity → whether a planted ring's member or victim stands behind it (subjects and
    narrative names, matched through the record views): the labels a generated world's truth gives."""
    ring = {p for r in truth["rings"] for p in r["members"] + r["victims"]}
    best: dict[str, dict[str, Any]] = {}
    for r in truth["records"]:
        if r["key"] not in best or r["revision"] >= best[r["key"]]["revision"]:
            best[r["key"]] = r
    labels: dict[str, bool] = {}
    for key, r in best.items():
        view = store.record(key, viewer=SYSTEM)
        if view is None:
            continue
        for sid, pid in r["subjects"].items():
            if sid in view.subjects:
                labels[view.subjects[sid]] = labels.get(view.subjects[sid], False) or pid in ring
        named = {m["text"]: m["entity"] for m in r.get("mentions", []) if m.get("kind") == "person" and m.get("entity")}
        for m in view.mentions:
            if m.get("kind") == "person" and m.get("entity") and m.get("text") in named:
                labels[m["entity"]] = labels.get(m["entity"], False) or named[m["text"]] in ring
    return labels


def precision_at(seed: int, workdir: Path, model: leads.LeadModel, k: int = 20) -> tuple[float, list[leads.Lead]]:
    """Precision@k of "belongs to a planted ring" on a world (labelled leads only are counted)."""
    store_dir = linked_world(seed, workdir)
    truth = json.loads((workdir / f"world-{seed}" / "truth.json").read_text(encoding="utf-8"))
    store = EmbeddedGraphStore(store_dir / "graph.db")
    try:
        labels = ring_labels(store, truth)
        ranked = leads.leads(store, viewer=SYSTEM, model=model, top=10_000).leads
    finally:
        store.close()
    labelled = [lead for lead in ranked if lead.entity in labels][:k]
    return sum(labels[lead.entity] for lead in labelled) / max(len(labelled), 1), labelled

"""Training and evaluating the leads model on worlds drawn by the project's generator, ingested and
linked through the composition root (tools/ may import api/; graph/ never does)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from api.runtime import ingest_and_link
from graph import leads
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
        labels = leads.ring_labels(store, truth)
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
    return leads.train(rows, seeds)


def precision_at(seed: int, workdir: Path, model: leads.LeadModel, k: int = 20) -> tuple[float, list[leads.Lead]]:
    """Precision@k of "belongs to a planted ring" on a world (labelled leads only are counted)."""
    store_dir = linked_world(seed, workdir)
    truth = json.loads((workdir / f"world-{seed}" / "truth.json").read_text(encoding="utf-8"))
    store = EmbeddedGraphStore(store_dir / "graph.db")
    try:
        labels = leads.ring_labels(store, truth)
        ranked = leads.leads(store, viewer=SYSTEM, model=model, top=10_000).leads
    finally:
        store.close()
    labelled = [lead for lead in ranked if lead.entity in labels][:k]
    return sum(labels[lead.entity] for lead in labelled) / max(len(labelled), 1), labelled

"""Training and measuring person resolution on worlds that carry their ground truth.

Training pairs come from worlds drawn by the project's generator and from records written by an
independent error model (:mod:`.errors`: identities named from those worlds' people, corrupted by
slips the generator never makes, at rates that differ per source), all with fixed seeds, so
``caselink train-matcher`` is reproducible; the dev world is for measuring, never for fitting.
Records go through the real adapters and the ledger (so revisions, stale copies and purges are
what the graph would see), and mentions through the graph builder's own extraction.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import structlog

from graph.build import structured_mentions, value_hubs
from graph.quality import pairwise, truth_subjects
from graph.resolve.features import FEATURES, PROFILE, SIGNS, VERSION, PersonProfile
from graph.resolve.matcher import MatcherModel, train_signed
from graph.resolve.pipeline import feature_matrix
from graph.resolve.types import PersonMention, PersonResolver
from ingest.adapters import iter_records
from ingest.ledger import Ledger
from models.records import Record
from tools.synthetic import generate_world

log = structlog.get_logger(__name__)

#: Generator (seed, number of persons) of the worlds the shipped model is trained on; evaluation
#: uses other seeds and the dev world. Sizes vary so that names are shared by few people in some
#: worlds and by many in others: the model must learn that a common name alone is weak evidence.
TRAINING_WORLDS = ((7101, 700), (7102, 700), (7103, 1400), (7104, 2800), (7105, 4200), (7106, 6000))
EXPORT_GLOBS = ("mcm_*.jsonl", "mpr_*.csv", "sfx_*.xml")
#: (seed, identities) of the error model's training records: names from the training worlds' people.
ERROR_MODEL_SETS = ((8101, 3000), (8102, 6000))
#: Inverse L2 penalty: weak, so that a rare but telling disagreement (another sex, another first name
#: on the same birthday) keeps the weight its rarity among matches earns.
C = 10.0


@dataclass
class World:
    """A world's person mentions, hubs and ground truth (record key#subject id → true person)."""

    mentions: list[PersonMention]
    hubs: frozenset[str]
    truth: dict[str, str]


def records_in_force(world: Path) -> list[Record]:
    """The records a ledger holds after ingesting every export of ``world`` (rejects dropped)."""
    with tempfile.TemporaryDirectory(prefix="caselink-world-") as tmp:
        ledger = Ledger(Path(tmp) / "ledger.db")
        try:
            for pattern in EXPORT_GLOBS:
                for path in sorted(world.glob(pattern)):
                    ledger.apply(list(iter_records(path)))
            return list(ledger.current_records())
        finally:
            ledger.close()


def load_world(world: Path) -> World:
    records = sorted(records_in_force(world), key=lambda r: r.key)
    mentions = [m for r in records for m in structured_mentions(r)]
    hubs = value_hubs(mentions)
    truth: dict[str, Any] = json.loads((world / "truth.json").read_text(encoding="utf-8"))
    return World(mentions, hubs, truth_subjects(truth))


def error_model_world(worlds: Sequence[Path], seed: int, n_people: int) -> World:
    """Records of ``n_people`` identities written by :mod:`.errors`, named from the people of ``worlds``."""
    import random

    from tools.training.errors import Seed, corrupted_records

    given: list[tuple[str, str]] = []
    surnames: list[str] = []
    addresses: list[tuple[str, str, str]] = []
    for w in worlds:
        truth: dict[str, Any] = json.loads((w / "truth.json").read_text(encoding="utf-8"))
        for p in truth["persons"].values():
            if p.get("given") and p.get("surname"):
                given.append((str(p["given"]).split()[0], str(p.get("sex") or "F")))
                surnames.append(str(p["surname"]))
            a = p.get("address") or {}
            if a.get("line"):
                addresses.append((str(a["line"]), str(a.get("city") or ""), str(a.get("postal") or "")))
    mentions, truth_of = corrupted_records(Seed(given, surnames, addresses), n_people, random.Random(seed))
    return World(mentions, frozenset(), truth_of)


def labelled_pairs(world: World) -> tuple[np.ndarray[Any, np.dtype[np.float64]], np.ndarray[Any, np.dtype[np.int_]]]:
    """Feature rows and labels of the candidate pairs blocking yields between labelled subjects."""
    from graph.resolve.blocking import candidate_pairs

    profile = PersonProfile.for_mentions(world.mentions, world.hubs)
    ms = world.mentions
    labelled = [i for i, m in enumerate(ms) if m.key in world.truth]
    sub = [ms[i] for i in labelled]
    pairs = sorted(candidate_pairs([list(profile.keys(m)) for m in sub], allowed=lambda i, j: profile.comparable(sub[i], sub[j])))
    x = feature_matrix(profile, sub, pairs)
    y = np.array([int(world.truth[sub[i].key] == world.truth[sub[j].key]) for i, j in pairs], dtype=int)
    return x, y


def world_dir(seed: int, workdir: Path, n_persons: int = 700) -> Path:
    """A generated world (cached under ``workdir``)."""
    out = workdir / f"world-{seed}-{n_persons}"
    if not (out / "truth.json").exists():
        generate_world(out, seed=seed, n_persons=n_persons)
    return out


def train_person_model(workdir: Path, worlds: Sequence[tuple[int, int]] = TRAINING_WORLDS,
                       on_world: Callable[[int, int], None] | None = None,
                       error_sets: Sequence[tuple[int, int]] = ERROR_MODEL_SETS) -> MatcherModel:
    xs, ys = [], []
    dirs = []
    for seed, n_persons in worlds:
        dirs.append(world_dir(seed, workdir, n_persons))
        x, y = labelled_pairs(load_world(dirs[-1]))
        xs.append(x)
        ys.append(y)
        if on_world is not None:
            on_world(seed, len(y))
    for seed, n_people in error_sets:
        x, y = labelled_pairs(error_model_world(dirs, seed, n_people))
        xs.append(x)
        ys.append(y)
        if on_world is not None:
            on_world(seed, len(y))
    x_all, y_all = np.vstack(xs), np.concatenate(ys)
    log.info("training person matcher", pairs=len(y_all), matches=int(y_all.sum()), worlds=list(worlds), error_sets=list(error_sets))
    return train_signed(x_all, y_all, profile=PROFILE, version=VERSION, features=FEATURES, signs=SIGNS, c=C,
                        trained_on=[f"generator seed={s} persons={n}" for s, n in worlds]
                        + [f"error model seed={s} identities={n}" for s, n in error_sets])


def subject_f1(resolver: PersonResolver, world: World) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of the subjects' resolution against the world's truth."""
    clustering = resolver.resolve(world.mentions, world.hubs)
    predicted = {k: c for k, c in clustering.cluster_of.items() if k in world.truth}
    return pairwise(predicted, world.truth)

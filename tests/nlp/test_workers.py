"""Extraction in worker processes gives exactly what one process gives: same mentions, same order."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ingest.adapters import iter_records
from models.records import Record
from nlp.extract import Extractor, Item, worker_start_method
from nlp.language import detect_language

REPO = Path(__file__).resolve().parents[2]
DEV = (REPO / ".." / "shared" / "sources" / "dev").resolve()


@pytest.fixture(scope="module")
def dev_records() -> dict[str, list[Record]]:
    if not (DEV / "truth.json").exists():
        pytest.skip(f"dev world not found at {DEV} (it sits beside the repository as ../shared/sources/dev)")
    by_lang: dict[str, list[Record]] = {"en": [], "fr": []}
    for path in sorted(p for p in DEV.iterdir() if p.is_file() and p.name != "truth.json"):
        for record in iter_records(path):
            if record.narrative.strip():
                by_lang[detect_language(record.narrative)].append(record)
    return by_lang


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_two_workers_extract_the_dev_narratives_as_one_process(extractor: Extractor, dev_records: dict[str, list[Record]],
                                                              lang: str) -> None:
    records = dev_records[lang]
    assert len(records) > 30  # the dev world has over a thousand English narratives and a few dozen French ones
    items: list[Item] = [(r.narrative, r.language_hint or "auto", r.subjects) for r in records]
    one = list(extractor.extract_many(items, batch_size=16, n_process=1))
    two = list(extractor.extract_many(items, batch_size=16, n_process=2))
    assert sum(map(len, one)) > 0
    assert two == one


def test_workers_keep_order_when_languages_interleave(extractor: Extractor, dev_records: dict[str, list[Record]]) -> None:
    """Chunks mixing both languages (each chunk runs each language's pipeline apart) come back in input order."""
    n = len(dev_records["fr"])
    mixed = [r for pair in zip(dev_records["en"][:n], dev_records["fr"], strict=True) for r in pair]
    items: list[Item] = [(r.narrative, "auto", r.subjects) for r in mixed]
    assert list(extractor.extract_many(items, batch_size=8, n_process=2)) == list(extractor.extract_many(items, batch_size=8))


def test_a_process_with_other_threads_starts_clean_workers_that_extract_the_same(
        extractor: Extractor, dev_records: dict[str, list[Record]]) -> None:
    """A consumer has the Kafka client's threads running: its workers are not forked from it (a lock held by
    another thread would never be released in the child) but started clean, and extract exactly the same."""
    items: list[Item] = [(r.narrative, "auto", r.subjects) for r in dev_records["en"][:40] + dev_records["fr"][:10]]
    release = threading.Event()
    busy = threading.Thread(target=release.wait, daemon=True)
    busy.start()
    try:
        assert worker_start_method() in ("forkserver", "spawn")
        two = list(extractor.extract_many(items, batch_size=8, n_process=2))
    finally:
        release.set()
        busy.join()
    assert sum(map(len, two)) > 0
    assert two == list(extractor.extract_many(items, batch_size=8))

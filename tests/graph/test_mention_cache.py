"""The mention cache, one contract over both databases (embedded SQLite; PostgreSQL when
CASELINK_TEST_POSTGRES names a server): a narrative is extracted once, and what one consumer
extracted serves another that opens the same database."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import pytest

from graph.mention_cache import MentionCache
from models.database import Database
from models.graph import Mention
from models.records import Record
from nlp.extract import Extractor, Item
from tests.ingest.test_ledger import rec


class CountingExtractor(Extractor):
    """The real extractor, counting the narratives it is asked to extract."""

    def __init__(self) -> None:
        super().__init__()
        self.extracted = 0

    def extract_many(self, items: Iterable[Item], *, batch_size: int = 64, n_process: int = 1) -> Iterator[list[Mention]]:
        for mentions in super().extract_many(items, batch_size=batch_size, n_process=n_process):
            self.extracted += 1
            yield mentions


@pytest.fixture(scope="module")
def extractor() -> CountingExtractor:
    return CountingExtractor()


def narrated(record_no: str, narrative: str) -> Record:
    return rec(1).model_copy(update={"record_no": record_no, "narrative": narrative})


RECORDS = [narrated("OPP-25-000001", "Jolene was last seen at the Greyhound station in Thunder Bay with a man called Ricky."),
           narrated("OPP-25-000002", "Elle a été vue à Montréal avec une amie, Chloé, près du métro Berri-UQAM.")]


def test_each_narrative_is_extracted_once_and_shared_by_a_second_consumer(
        open_db: Callable[[str], Database], extractor: CountingExtractor) -> None:
    first = MentionCache(open_db("mentions"), extractor)
    before = extractor.extracted
    got = first.for_records(RECORDS)
    assert extractor.extracted - before == len(RECORDS)
    assert any(m.text == "Ricky" for m in got["OPP:OPP-25-000001"])
    second = MentionCache(open_db("mentions"), extractor)  # another connection: another consumer
    assert second.for_records(RECORDS) == got
    assert extractor.extracted - before == len(RECORDS)


def test_a_changed_narrative_is_extracted_again_and_a_purged_one_forgotten(
        open_db: Callable[[str], Database], extractor: CountingExtractor) -> None:
    cache = MentionCache(open_db("mentions"), extractor)
    cache.for_records(RECORDS)
    changed = narrated("OPP-25-000001", "Jolene was seen in Kenora with a man called Dale.")
    before = extractor.extracted
    got = cache.for_records([changed, RECORDS[1]])
    assert extractor.extracted - before == 1
    texts = [m.text for m in got["OPP:OPP-25-000001"]]
    assert texts and all(t in changed.narrative for t in texts) and "Ricky" not in texts
    cache.forget("OPP:OPP-25-000001")
    assert cache.retain({"OPP:OPP-25-000001"}) == 1  # the other record is no longer in force either
    before = extractor.extracted
    cache.for_records(RECORDS)
    assert extractor.extracted - before == len(RECORDS)


def test_a_long_lived_consumer_reads_again_only_what_another_changed(
        open_db: Callable[[str], Database], extractor: CountingExtractor) -> None:
    """What a consumer read stays with it while the store holds the same record versions (the same objects, which the
    builder compares by identity first); a version another consumer extracted is read from the store."""
    mine, theirs = MentionCache(open_db("mentions"), extractor), MentionCache(open_db("mentions"), extractor)
    first = mine.for_records(RECORDS)
    again = mine.for_records(RECORDS)
    assert all(again[k] is first[k] for k in first)
    changed = narrated("OPP-25-000001", "Jolene was seen in Kenora with a man called Dale.")
    theirs.for_records([changed])  # another consumer extracts the revision
    before = extractor.extracted
    got = mine.for_records([changed, RECORDS[1]])
    assert extractor.extracted == before  # read from the store, not extracted again
    assert any(m.text == "Dale" for m in got["OPP:OPP-25-000001"]) and got["OPP:OPP-25-000002"] is first["OPP:OPP-25-000002"]
    mine.forget("OPP:OPP-25-000002")
    assert mine.for_records([RECORDS[1]])["OPP:OPP-25-000002"] is not first["OPP:OPP-25-000002"]

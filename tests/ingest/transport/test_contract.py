"""One contract, run against every transport: the local spool always, Kafka against a real broker.

What the pipeline relies on: everything published is delivered, a record's items in the order
they were sent, unacknowledged items delivered again after a restart, acknowledged ones never,
each consumer group on its own, and dead letters kept with their reasons and exact content.
"""

from __future__ import annotations

import json
from collections import defaultdict

from ingest.items import SourceItem
from ingest.keys import item_key
from ingest.transport.base import Transport
from models.vocabulary import SourceFormat
from tests.ingest.transport.conftest import TransportUnderTest


def _items(n: int, *, records: int = 7, source: str = "mcm_TEST.jsonl") -> list[SourceItem]:
    """``n`` items over ``records`` records (so each record has several revisions, in order)."""
    out = []
    for i in range(n):
        rec = i % records
        payload = json.dumps({"agency": "TPS", "case_no": f"TPS-{rec:04d}", "revision": i // records + 1,
                              "narrative": f"Vu à l'hôtel « Lakeview » ☎ 705-555-{i:04d}"}, ensure_ascii=False)
        out.append(SourceItem(source=source, format=SourceFormat.MCM, position=i + 1, byte_offset=i * 100, payload=payload, line=i + 1))
    return out


def _drain(transport: Transport, group: str, max_batch: int = 10, *, ack: bool = True) -> list[SourceItem]:
    got: list[SourceItem] = []
    for batch in transport.consume(group, max_batch):
        got.extend(batch.items)
        if ack and batch.items:
            transport.ack(group, batch)
    return got


def _ident(item: SourceItem) -> tuple[str, int]:
    return item.source, item.position


def test_everything_published_is_delivered_exactly_as_sent(transport_under_test: TransportUnderTest) -> None:
    items = _items(60)
    t = transport_under_test.open()
    try:
        assert t.publish(items) == 60
        got = _drain(t, "g1")
    finally:
        t.close()
    assert sorted(got, key=lambda i: i.position) == items


def test_a_records_items_arrive_in_the_order_they_were_sent(transport_under_test: TransportUnderTest) -> None:
    items = _items(70, records=5)
    t = transport_under_test.open()
    try:
        t.publish(items)
        got = _drain(t, "g1", max_batch=7)
    finally:
        t.close()
    by_key: dict[str, list[int]] = defaultdict(list)
    for item in got:
        by_key[item_key(item)].append(item.position)
    assert len(by_key) == 5
    for positions in by_key.values():
        assert positions == sorted(positions)


def test_unacknowledged_items_come_back_after_a_restart_and_acknowledged_ones_never(transport_under_test: TransportUnderTest) -> None:
    items = _items(50)
    t = transport_under_test.open()
    acked: list[SourceItem] = []
    try:
        t.publish(items)
        batches = iter(t.consume("g1", 10))
        first = next(b for b in batches if b.items)
        t.ack("g1", first)
        acked = list(first.items)
        second = next(b for b in batches if b.items)  # read, applied maybe, but never acknowledged: the process "dies"
        assert second.items
    finally:
        t.close()
    again = transport_under_test.open()
    try:
        rest = _drain(again, "g1")
        assert _drain(again, "g1") == []  # all acknowledged now: nothing more
    finally:
        again.close()
    assert {_ident(i) for i in rest} == {_ident(i) for i in items} - {_ident(i) for i in acked}
    assert len(rest) == len(items) - len(acked)


def test_consumer_groups_are_independent(transport_under_test: TransportUnderTest) -> None:
    items = _items(30)
    t = transport_under_test.open()
    try:
        t.publish(items)
        assert len(_drain(t, "analysts")) == 30
    finally:
        t.close()
    other = transport_under_test.open()
    try:
        assert len(_drain(other, "alerts")) == 30
    finally:
        other.close()


def test_dead_letters_keep_the_reason_and_the_exact_item(transport_under_test: TransportUnderTest) -> None:
    hostile = SourceItem(source="mpr_X.csv", format=SourceFormat.MPR, position=3, byte_offset=120,
                         payload="R-1,TPS,\"'; DROP TABLE records; --\",\ufffd<script>", context="CASE_NO,AGENCY,NAME,X",
                         line=4, undecodable_b64="gICA", framing_error=None)
    plain = _items(1)[0]
    t = transport_under_test.open()
    try:
        t.dead_letter([(hostile, "bad date in DOB: 31/02/2009"), (plain, "missing case_no")])
    finally:
        t.close()
    letters = transport_under_test.dead_letters()
    assert sorted(letters, key=lambda x: x[0]) == [("bad date in DOB: 31/02/2009", hostile), ("missing case_no", plain)]


def test_an_empty_topic_drains_to_nothing(transport_under_test: TransportUnderTest) -> None:
    t = transport_under_test.open()
    try:
        assert _drain(t, "g1") == []
    finally:
        t.close()

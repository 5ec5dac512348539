"""The Kafka consume path's fast reading of caselink's envelope gives exactly the item the careful
reading gives, and declines (None: the careful path reads it) whatever is less plain."""

from __future__ import annotations

import pytest

from ingest.items import SourceItem
from ingest.transport.contract import MessageRef, item_from_message
from ingest.transport.kafka import read_envelope
from models.vocabulary import SourceFormat

ITEMS = [
    SourceItem("mcm_OPP.jsonl", SourceFormat.MCM, 3, 120, '{"agency":"OPP","narrative":"Vue à Montréal — 613-555-0199"}'),
    SourceItem("mpr_TPS.csv", SourceFormat.MPR, 2, 40, "TPS,1,\"Smith, Jo\"", context="agency,record_no,name", line=2),
    SourceItem("sfx_SPGS.xml", SourceFormat.SFX, 1, 0, "<dossier/>", context="SPGS", line=7, framing_error="unterminated"),
    SourceItem("x.jsonl", SourceFormat.MCM, 9, 99, "\ufffd", undecodable_b64="/w=="),
]


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: i.source)
def test_the_fast_path_reads_the_envelope_as_the_careful_path(item: SourceItem) -> None:
    raw = item.to_json().encode("utf-8", "surrogatepass")
    fast = read_envelope(raw)
    assert fast == item
    assert fast == item_from_message(raw, [], MessageRef("t", 0, 0))
    assert fast is not None and fast.to_json() == item.to_json()


@pytest.mark.parametrize("raw", [
    SourceItem("s", SourceFormat.MCM, 1, 0, "lone \udc80 surrogate").to_json().encode("utf-8", "surrogatepass"),
    b'{"source":"s","format":"nope","position":1,"byte_offset":0,"payload":""}',
    b'{"source":"s","format":"mcm","position":1,"byte_offset":0}',
    b'{"source":"s","format":"mcm","position":1,"byte_offset":0,"payload":"","extra":1}',
    b'{"source":"s",',
    b'{"source":"s","format":["mcm"],"position":1,"byte_offset":0,"payload":""}',
], ids=["surrogate", "unknown-format", "missing-member", "extra-member", "truncated", "format-not-a-string"])
def test_anything_less_plain_is_left_to_the_careful_path(raw: bytes) -> None:
    assert read_envelope(raw) is None

"""The published contract (``deploy/contracts/raw-topic.asyncapi.yaml``) and the code that reads
messages say the same thing: header names, formats, versions, the canonical mpr header row,
the envelope; and messages the code accepts are the ones the document's schemas accept."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import jsonschema_rs
import pytest
import yaml

from ingest.items import SourceItem
from ingest.transport.contract import ENVELOPE_MEMBERS, FORMAT_VERSIONS, HEADERS, MPR_HEADER_ROWS, MessageRef, item_from_message
from models.vocabulary import SourceFormat
from tests.conftest import REPO

DOCUMENT = REPO / "deploy" / "contracts" / "raw-topic.asyncapi.yaml"
HEADER_SCHEMAS = {SourceFormat.MCM: "McmHeaders", SourceFormat.MPR: "MprHeaders", SourceFormat.SFX: "SfxHeaders"}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
    return data


def _validator(document: dict[str, Any], name: str) -> Any:
    """A validator of one of the document's schemas, its ``$ref``s resolved within the document."""
    return jsonschema_rs.validator_for({**document, "$ref": f"#/components/schemas/{name}"})


def test_it_is_an_asyncapi_3_document_naming_both_topics(document: dict[str, Any]) -> None:
    assert document["asyncapi"].startswith("3.")
    assert {c["address"] for c in document["channels"].values()} == {"{prefix}.raw", "{prefix}.raw.dlq"}
    for operation in document["operations"].values():
        for message in operation["messages"]:
            channel, _, name = message["$ref"].removeprefix("#/channels/").partition("/messages/")
            assert name in document["channels"][channel]["messages"]


def test_formats_versions_and_header_names_are_the_codes(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    names: set[str] = set()
    for fmt, schema_name in HEADER_SCHEMAS.items():
        properties = schemas[schema_name]["properties"]
        assert properties["format"] == {"const": fmt.value}
        assert tuple(properties["version"]["enum"]) == FORMAT_VERSIONS[fmt]
        names |= properties.keys()
    assert names == set(HEADERS)
    assert document["info"]["x-caselink-mpr-header-rows"] == dict(MPR_HEADER_ROWS)


def test_the_envelope_schema_is_the_source_items(document: dict[str, Any]) -> None:
    envelope = document["components"]["schemas"]["Envelope"]
    assert set(envelope["required"]) == ENVELOPE_MEMBERS
    assert set(envelope["properties"]) == {f.name for f in dataclasses.fields(SourceItem)}
    item = SourceItem(source="mpr_TPS.csv", format=SourceFormat.MPR, position=3, byte_offset=120, payload="TPS-1,TPS", context="A,B")
    assert _validator(document, "Envelope").is_valid(json.loads(item.to_json()))


@pytest.mark.parametrize(("headers", "accepted"), [
    ({"format": "mcm"}, True),
    ({"format": "mcm", "version": "2.3", "agency": "OPP", "source": "mcm_OPP.jsonl", "position": "17"}, True),
    ({"format": "mpr", "version": "1"}, True),
    ({"format": "mpr", "columns": "AGENCY,REPORT_NO,UPDATED_AT,SUBJECT_NAME,STATUS"}, True),
    ({"format": "sfx", "agency": "SPGS", "version": "1.2"}, True),
    ({"format": "mcm", "version": "3.0"}, False),
    ({"format": "mpr", "version": "2"}, False),
    ({"format": "sfx", "version": "2.3"}, False),
    ({"format": "mcm", "position": "0"}, False),
    ({"format": "mcm", "position": "x7"}, False),
])
def test_the_document_and_the_code_accept_the_same_headers(document: dict[str, Any], headers: dict[str, str], accepted: bool) -> None:
    fmt = SourceFormat(headers["format"])
    payload = {
        SourceFormat.MCM: b'{"agency": "OPP", "case_no": "OPP-25-1"}',
        SourceFormat.MPR: b"TPS-25-000001,TPS,05/09/2025",
        SourceFormat.SFX: b'<dossier numero="SPGS-25-1"></dossier>',
    }[fmt]
    item = item_from_message(payload, [(k, v.encode()) for k, v in headers.items()], MessageRef("t", 0, 0))
    assert (item.framing_error is None) is accepted, item.framing_error
    assert _validator(document, HEADER_SCHEMAS[fmt]).is_valid(headers) is accepted


def test_dead_letter_headers_name_reason_source_and_position(document: dict[str, Any]) -> None:
    """What ``KafkaTransport.dead_letter`` sends; checked on real dead letters in ``test_native_producer``."""
    schema = document["components"]["schemas"]["DeadLetterHeaders"]
    assert set(schema["required"]) == set(schema["properties"]) == {"reason", "source", "position"}
    validator = _validator(document, "DeadLetterHeaders")
    assert validator.is_valid({"reason": "DOB: impossible date", "source": "mcm_OPP.jsonl", "position": "4"})
    assert not validator.is_valid({"source": "mcm_OPP.jsonl", "position": "4"})

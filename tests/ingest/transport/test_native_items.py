"""The raw topic's contract, read message by message (no broker needed: the reading is pure).

A native export item with its headers must give the record the same item gives when read from
its file; caselink's envelope stays accepted; anything else becomes a reject with a reason that
says what was wrong, never a crash and never a silent drop.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from ingest.adapters import adapt, iter_items
from ingest.adapters.mpr import COLUMNS
from ingest.errors import RejectError
from ingest.items import SourceItem
from ingest.transport.contract import NOT_AN_ITEM, MessageRef, item_from_message
from models.vocabulary import SourceFormat

REF = MessageRef("caselink.raw", 2, 41)

# Hand-written items (not the generator's): one of each format.
MCM_LINE = json.dumps({
    "export_version": "2.3", "agency": "OPP", "case_no": "OPP-25-000901", "revision": 2, "case_type": "HUMAN_TRAFFICKING",
    "status": "OPEN", "opened": "2025-03-04T10:15:00-05:00", "caveats": ["VICTIM_MINOR"],
    "subjects": [{"subject_id": "S1", "role": "VICTIM", "surname": "Moosonee", "given": "Tessa", "dob": "2008-02-11",
                  "sex": "F", "phones": ["(705) 555-0142"], "addresses": []},
                 {"subject_id": "S2", "role": "SUSPECT", "surname": "Grant", "given": "Dale", "dob": "", "sex": "M",
                  "phones": [], "addresses": [], "aliases": ["Ace"]}],
    "vehicles": [], "locations": [],
    "narrative": "Tessa was driven by \"Ace\" to the Northern Lights Inn; he texted from 705.555.0188.",
}, ensure_ascii=False)

MPR_FIELDS = dict.fromkeys(COLUMNS, "") | {
    "REPORT_NO": "TPS-25-000777", "AGENCY": "TPS", "REPORT_DATE": "06/14/2025", "UPDATED_AT": "2025-06-14T08:30:00",
    "SUBJECT_NAME": "ÉTIENNE, Marie-Claude", "DOB": "03/02/2009", "SEX": "F", "STATUS": "OPEN", "CAVEAT": "YOUTH",
    "CONTACT_NAME": "Group home, \"Maple House\"", "CONTACT_PHONE": "416 555 0101",
    "CIRCUMSTANCES": "Left the group home at 22:00,\nseen later with an older man.",
}

SFX_ELEMENT = (
    '<dossier numero="SPGS-25-000450" revision="1" type="PERSONNE_DISPARUE" ouvert="02/05/2025" statut="OUVERT">\n'
    '  <personne id="S1" role="DISPARUE"><nom>Lavoie</nom><prenoms>Noémie</prenoms><naissance>09/11/2008</naissance>'
    "<sexe>F</sexe><telephone>613-555-0117</telephone></personne>\n"
    "  <recit>Vue le 3 mai 2025 avec « Flex » près du Motel Riviera.</recit>\n"
    "</dossier>"
)


def _csv_row(fields: dict[str, str], columns: tuple[str, ...] = COLUMNS) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerow([fields[c] for c in columns])
    return out.getvalue()


def _headers(**values: str) -> list[tuple[str, bytes]]:
    return [(k, v.encode()) for k, v in values.items()]


def _without_source(record: Any) -> dict[str, Any]:
    data: dict[str, Any] = record.model_dump(mode="json", exclude={"source"})
    return data


def _file_item(fmt: SourceFormat, payload: str, context: str | None) -> SourceItem:
    return SourceItem(source="file", format=fmt, position=1, byte_offset=0, payload=payload, context=context)


@pytest.mark.parametrize(("fmt", "value", "headers", "file_payload", "file_context"), [
    ("mcm", MCM_LINE + "\n", {"agency": "OPP"}, MCM_LINE, None),
    ("mpr", _csv_row(MPR_FIELDS), {}, _csv_row(MPR_FIELDS)[:-2], ",".join(COLUMNS)),
    ("mpr", "\ufeff" + _csv_row(MPR_FIELDS), {"version": "1", "agency": "TPS"}, _csv_row(MPR_FIELDS)[:-2], ",".join(COLUMNS)),
    ("mpr", _csv_row(MPR_FIELDS, tuple(reversed(COLUMNS))), {"columns": ",".join(reversed(COLUMNS))},
     _csv_row(MPR_FIELDS)[:-2], ",".join(COLUMNS)),
    ("sfx", SFX_ELEMENT, {"agency": "SPGS", "version": "1.2"}, SFX_ELEMENT, "SPGS"),
])
def test_a_native_item_gives_the_record_its_file_gives(fmt: str, value: str, headers: dict[str, str], file_payload: str,
                                                        file_context: str | None) -> None:
    item = item_from_message(value.encode(), _headers(format=fmt, source=f"{fmt}_feed", position="7", **headers), REF)
    assert item.framing_error is None
    record = adapt(item)
    expected = adapt(_file_item(SourceFormat(fmt), file_payload, file_context))
    assert _without_source(record) == _without_source(expected)
    assert (record.source.source, record.source.position, record.source.format.value) == (f"{fmt}_feed", 7, fmt)


def test_without_source_and_position_headers_the_message_says_where_it_sits_in_kafka() -> None:
    item = item_from_message(MCM_LINE.encode(), _headers(format="mcm"), REF)
    assert (item.source, item.position, item.byte_offset) == ("kafka:caselink.raw/2", 42, 41)
    assert adapt(item).key == "OPP:OPP-25-000901"


@pytest.mark.parametrize("headers", [None, _headers(format="mcm"), _headers(format="sfx", source="anything")])
def test_caselink_envelope_is_still_accepted_whatever_the_headers(headers: list[tuple[str, bytes]] | None) -> None:
    sent = SourceItem(source="mpr_TPS.csv", format=SourceFormat.MPR, position=12, byte_offset=3456,
                      payload=_csv_row(MPR_FIELDS)[:-2], context=",".join(COLUMNS), line=12)
    assert item_from_message(sent.to_json().encode(), headers, REF) == sent
    pretty = json.dumps(json.loads(sent.to_json()), indent=2).encode()  # another tool's rendering of the envelope
    assert item_from_message(pretty, headers, REF) == sent


@pytest.mark.parametrize(("value", "headers", "reason"), [
    (b"\x00\xffthis is not a source item {", {}, NOT_AN_ITEM),
    (b"TPS-25-000001,TPS,05/09/2025", {}, f"{NOT_AN_ITEM} (no `format` header"),
    (b'{"agency": "OPP", "case_no": "OPP-1"}', {}, f"{NOT_AN_ITEM} (no `format` header"),
    (b'{"source": "x", "format": "csv", "position": 1, "byte_offset": 0, "payload": "p"}', {},
     f"{NOT_AN_ITEM} (a malformed caselink envelope"),
    (MCM_LINE.encode(), {"format": "xml"}, "unknown `format` header 'xml' (expected mcm, mpr, sfx)"),
    (MCM_LINE.encode(), {"format": "mcm", "version": "3.0"}, "unknown mcm format version '3.0' (known: 2.3)"),
    (_csv_row(MPR_FIELDS).encode(), {"format": "mpr", "version": "2"}, "unknown mpr format version '2' (known: 1)"),
    (MCM_LINE.encode(), {"format": "mcm", "agency": "TBPS"}, "`agency` header 'TBPS' disagrees with the record's agency 'OPP'"),
    (_csv_row(MPR_FIELDS).encode(), {"format": "mpr", "agency": "PRP"}, "`agency` header 'PRP' disagrees with the record's agency 'TPS'"),
    (("\ufeff" + ",".join(COLUMNS) + "\r\n").encode(), {"format": "mpr"}, "an mpr header row, not a report"),
    (b'<?xml version="1.0"?><exportation service="SPGS" version="1.2">' + SFX_ELEMENT.encode() + b"</exportation>",
     {"format": "sfx"}, "an sfx message holds one <dossier> element"),
    (b"", {"format": "mcm"}, "empty message"),
    (b"\r\n", {"format": "sfx", "agency": "SPGS"}, "empty message"),
    (MCM_LINE.encode(), {"format": "mcm", "position": "-3"}, "`position` header '-3' is not a whole number from 1"),
])
def test_a_message_that_breaks_the_contract_is_a_reject_with_its_reason(value: bytes, headers: dict[str, str], reason: str) -> None:
    item = item_from_message(value, _headers(**headers), REF)
    assert item.framing_error is not None and item.framing_error.startswith(reason), item.framing_error
    with pytest.raises(RejectError) as refused:
        adapt(item)
    assert refused.value.reason == item.framing_error
    # Nothing of the message is lost: the reject carries its text (and its exact bytes if not UTF-8).
    assert item.payload.strip() == value.decode("utf-8", "replace").removeprefix("\ufeff").strip() or item.undecodable_b64


def test_a_native_item_that_is_not_utf8_keeps_its_bytes_and_is_refused_by_the_adapter() -> None:
    value = MCM_LINE.replace("Tessa", "Thérèse").encode("latin-1")  # a producer that sent Latin-1
    item = item_from_message(value, _headers(format="mcm"), REF)
    assert item.undecodable_b64 is not None
    with pytest.raises(RejectError, match="not valid UTF-8"):
        adapt(item)


def test_a_native_record_the_adapter_refuses_is_refused_for_the_same_reason_as_from_its_file() -> None:
    broken = MCM_LINE.replace('"opened": "2025-03-04T10:15:00-05:00"', '"opened": "2025-02-30T10:15:00-05:00"')
    reasons = []
    for item in (item_from_message(broken.encode(), _headers(format="mcm"), REF), _file_item(SourceFormat.MCM, broken, None)):
        with pytest.raises(RejectError) as refused:
            adapt(item)
        reasons.append(refused.value.reason)
    assert reasons[0] == reasons[1]


def _outcome(item: SourceItem) -> tuple[str, object]:
    try:
        return "record", _without_source(adapt(item))
    except RejectError as exc:
        return "reject", exc.reason


def test_every_item_of_the_dev_world_sent_natively_reads_as_from_its_file(dev_dir: Path) -> None:
    """Each export item sent as its own message, with the headers a service would set, gives the
    same record (or the same rejection) as the item read from the file."""
    compared = {fmt: 0 for fmt in SourceFormat}
    rejects = 0
    for path in sorted(dev_dir.iterdir()):
        if path.name.split("_", 1)[0] not in {f.value for f in SourceFormat}:
            continue
        for file_item in iter_items(path):
            headers = {"format": file_item.format.value, "source": path.name, "position": str(file_item.position)}
            if file_item.format is SourceFormat.SFX and file_item.context:
                headers["agency"] = file_item.context
            value = file_item.payload.encode("utf-8", "surrogatepass")
            native = item_from_message(value, _headers(**headers), REF)
            if file_item.framing_error:  # a truncated element sent alone: still refused, by the adapter or the contract
                assert _outcome(native)[0] == "reject"
                continue
            want = _outcome(file_item)
            assert _outcome(native) == want, file_item.where
            rejects += want[0] == "reject"
            compared[file_item.format] += 1
    assert all(n > 30 for n in compared.values()), compared
    assert rejects > 0  # the dev world's malformed records were among them

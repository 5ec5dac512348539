"""The adapters' fast paths give exactly what the reference readings give.

Each fast path (orjson for mcm, the C XML parser for sfx, a stream-free CSV read for mpr, the
framers' item construction, the canonical-spelling lookup) stands in for a slower reading that
defines the behaviour; these tests hold the two to the same result, rejections included.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeET
import pytest
from defusedxml import DefusedXmlException
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.adapters import adapt, iter_items, mcm, mpr, sfx
from ingest.errors import RejectError
from ingest.items import SourceItem, framed_item
from models.records import Address, Record
from models.vocabulary import CAVEAT_TERMS, RECORD_TYPE_TERMS, ROLE_TERMS, STATUS_TERMS, SourceFormat, fold_term
from tools.synthetic import generate_large_file


def _outcome(fn: Any, *args: Any) -> tuple[str, object]:
    try:
        record = fn(*args)
    except RejectError as exc:
        return ("reject", (type(exc).__name__, exc.reason, exc.key))
    assert isinstance(record, Record)
    return ("ok", (repr(record), record.model_fields_set, [s.model_fields_set for s in record.subjects]))


# --- vocabulary ------------------------------------------------------------------------------


@pytest.mark.parametrize("table", [RECORD_TYPE_TERMS, STATUS_TERMS, CAVEAT_TERMS, ROLE_TERMS])
def test_every_vocabulary_key_is_its_own_fold(table: dict[str, object]) -> None:
    """What lets ``term`` answer an exact key without folding: folding it changes nothing."""
    for spelling in table:
        assert fold_term(spelling) == spelling


# --- framing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [{}, {"context": "H", "line": 3, "undecodable_b64": "/w==", "framing_error": "too long"}])
def test_framed_item_is_the_source_item_the_constructor_builds(extra: dict[str, Any]) -> None:
    fields: dict[str, Any] = {"source": "mcm_X.jsonl", "position": 7, "byte_offset": 120, "payload": '{"a": "<b>"}', **extra}
    built = SourceItem(format=SourceFormat.MCM, **fields)
    framed = framed_item(fields.pop("source"), SourceFormat.MCM, fields.pop("position"), fields.pop("byte_offset"),
                         fields.pop("payload"), **fields)
    assert framed == built and hash(framed) == hash(built)
    assert repr(framed) == repr(built) and framed.to_json() == built.to_json() and vars(framed) == vars(built)
    with pytest.raises(AttributeError):
        framed.payload = "x"  # type: ignore[misc]


# --- mcm: orjson first, json as the reference ----------------------------------------------------


def _mcm_reference(item: SourceItem) -> Record:
    """The adapter with the standard library's reading only."""
    try:
        data = json.loads(item.payload)
    except json.JSONDecodeError as exc:
        raise RejectError(f"invalid JSON: {exc.msg} at column {exc.colno}", key=mcm._salvage_key(item.payload)) from None
    return mcm._adapt_data(data, item, exact=True)


def _mcm_item(payload: str) -> SourceItem:
    return SourceItem(source="mcm_T.jsonl", format=SourceFormat.MCM, position=1, byte_offset=0, payload=payload, line=1)


def _mcm(**over: object) -> dict[str, object]:
    record: dict[str, object] = {
        "agency": "OPP", "case_no": "OPP-25-000001", "revision": 1, "case_type": "ASSAULT", "status": "OPEN",
        "opened": "2025-05-14T19:30:00-04:00", "caveats": ["YOUTH"],
        "subjects": [{"subject_id": "S1", "role": "VICTIM", "surname": "Geen", "given": "Erin", "dob": "2013-05-20",
                      "phones": ["365 555-0165"], "addresses": [{"line": "1 Main St", "city": "Sudbury"}]}],
        "locations": [{"type": "HOTEL", "name": "Inn", "address": {"line": "2 Rd", "city": "Barrie"}}],
        "narrative": "<script>alert(1)</script>",
    }
    record.update(over)
    return record


def test_integers_beyond_64_bits_are_read_as_json_reads_them() -> None:
    """orjson turns them into floats; the record must hold what ``json`` reads."""
    big = 2**70
    payload = json.dumps(_mcm(revision=2**64, subjects=[{"subject_id": big, "role": "VICTIM", "phones": [big, -big]}],
                              locations=[{"type": "HOTEL", "address": {"line": big}}]))
    record = adapt(_mcm_item(payload))
    assert record.revision == 2**64
    assert record.subjects[0].subject_id == str(big) and record.subjects[0].phones == (str(big), str(-big))
    assert record.locations[0].address == Address(line=str(big))  # parts kept, never the repr of a dict


@pytest.mark.parametrize(("field", "value", "got"),
                         [("phones", 0, "int"), ("handles", "", "str"), ("aliases", {}, "dict"), ("addresses", False, "bool")])
def test_an_empty_non_list_is_still_refused(field: str, value: object, got: str) -> None:
    payload = json.dumps(_mcm(subjects=[{"subject_id": "S1", "role": "VICTIM", field: value}]))
    with pytest.raises(RejectError, match=rf"^subjects\[0\]\.{field}: expected a list, got {got}$"):
        adapt(_mcm_item(payload))


def test_deeply_nested_values_are_read_without_recursion() -> None:
    nested: list[object] = []
    for _ in range(600):
        nested = [nested]
    record = adapt(_mcm_item(json.dumps(_mcm(subjects=[{"subject_id": "S1", "role": "VICTIM", "surname": nested}]))))
    assert record.subjects[0].surname == str(nested)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**80), max_value=2**80) | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["line", "city", "x"]), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["agency", "case_no", "revision", "status", "opened", "case_type", "caveats", "narrative", "vehicles"]),
       _JSON_VALUES, _JSON_VALUES, _JSON_VALUES)
def test_mcm_fast_path_matches_the_json_reading(field: str, value: object, phone: object, city: object) -> None:
    payload = json.dumps(_mcm(**{field: value}, subjects=[{"subject_id": "S1", "role": "VICTIM", "phones": [phone],
                                                           "addresses": [{"city": city}], "aliases": [phone, city]}]))
    item = _mcm_item(payload)
    assert _outcome(adapt, item) == _outcome(_mcm_reference, item)


@pytest.mark.parametrize("payload", [
    '{"agency": "OPP", "case_no": "X", "revision": NaN}', '{"agency": "OPP", "case_no": "X", "narrative": "\\ud800"}',
    '{"agency": "OPP", "case_no": "X", "revision": 1e400}', '\ufeff{"agency": "OPP"}', '{"agency": "OPP", "case_no": "X"',
    '[1]', "", '{"agency": "OPP", "case_no": "X", "revision": 1, "status": "PURGED"} x',
])
def test_mcm_lines_orjson_refuses_are_read_by_json(payload: str) -> None:
    item = _mcm_item(payload)
    assert _outcome(adapt, item) == _outcome(_mcm_reference, item)


# --- sfx: the C parser where defusedxml has nothing to refuse -------------------------------------


def _defused(payload: str) -> ET.Element:
    try:
        root: ET.Element = SafeET.fromstring(payload)
    except ET.ParseError as exc:
        raise RejectError(f"malformed XML: {exc}") from None
    except DefusedXmlException as exc:
        raise RejectError(f"refused XML construct: {type(exc).__name__}") from None
    return root


def _tree(fn: Any, payload: str) -> tuple[str, object]:
    try:
        return ("ok", ET.tostring(fn(payload)))
    except RejectError as exc:
        return ("reject", exc.reason)


_DOSSIER = '<dossier numero="SPGS-25-1" revision="1" type="AUTRE" ouvert="05/04/2025" statut="OUVERT"{attr}>{inner}</dossier>'


_XML_BITS = [*"ab é<>&;#x9/=\"'!?-[]:\t\r\n\x01", "&amp;", "&lt;", "&#233;", "&#x0;", "<i>", "</i>", "<!--", "-->",
             "<![CDATA[", "]]>", "&e;", 'xmlns:x="u"', "x:", "<?pi x?>", "<x:i/>", "<b xmlns='u'>", "</b>"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_XML_BITS), max_size=12).map("".join),
       st.text(alphabet=st.sampled_from(list("ab <>&\"'\t\n")), max_size=6))
def test_sfx_parse_matches_defusedxml(inner: str, attr: str) -> None:
    payload = _DOSSIER.format(inner=f"<recit>{inner}</recit>", attr=f' lien="{attr}"')
    assert _tree(sfx._parse, payload) == _tree(_defused, payload)


@pytest.mark.parametrize(("payload", "reason"), [
    ('<!DOCTYPE d [<!ENTITY e "boom">]><dossier numero="A-1"><recit>&e;</recit></dossier>', "refused XML construct: EntitiesForbidden"),
    ('<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><dossier numero="A-1"><recit>&e;</recit></dossier>',
     "refused XML construct: EntitiesForbidden"),
    ('<dossier numero="A-1"><recit>&e;</recit></dossier>', "malformed XML: undefined entity: line 1, column 29"),
    ('<dossier numero="A-1"><recit>x</dossier>', "malformed XML: mismatched tag: line 1, column 32"),
])
def test_sfx_refusals_are_defusedxml_refusals(payload: str, reason: str) -> None:
    assert _tree(sfx._parse, payload) == ("reject", reason) == _tree(_defused, payload)


# --- mpr: one-line rows read without a stream -------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab ,"\t;|é\x00')), max_size=30))
def test_mpr_rows_match_the_stream_reading(payload: str) -> None:
    assert mpr._rows(payload) == list(csv.reader(io.StringIO(payload, newline="")))


def test_an_mpr_field_past_the_csv_limit_rejects_its_row_alone(tmp_path: Path) -> None:
    """``csv`` refuses a field over 128 KiB: that row is rejected with the reason, the rest adapt."""
    path = tmp_path / "mpr_TEST.csv"
    generate_large_file(path, "mpr", 6, seed=3, duplicate_rate=0.0, revision_rate=0.0)
    raw = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    column = rows[0].index("CIRCUMSTANCES")
    rows[3][column] = "x" * 200_000
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8", newline="")
    accepted, rejected = 0, []
    for item in iter_items(path):
        try:
            adapt(item)
            accepted += 1
        except RejectError as exc:
            rejected.append((item.position, exc.reason))
    assert accepted == len(rows) - 2
    assert len(rejected) == 1 and "unreadable CSV record" in rejected[0][1] and "field larger than field limit" in rejected[0][1]

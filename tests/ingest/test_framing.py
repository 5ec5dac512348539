"""Format edge cases: every item is found, a broken one is refused alone, and reading streams."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import framing
from ingest.adapters import adapt
from ingest.adapters.mpr import COLUMNS
from ingest.errors import RejectError
from ingest.framing import frame_csv, frame_jsonl, frame_xml

MAX = 1 << 20


def _mpr_row(report_no: str = "TPS-25-000001", **over: str) -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    row.update(REPORT_NO=report_no, AGENCY="TPS", REPORT_DATE="05/09/2025", UPDATED_AT="2025-05-09T09:00:00",
               SUBJECT_NAME="KAKEPETUM, Jolene", STATUS="OPEN", CIRCUMSTANCES="Last seen downtown.")
    row.update(over)
    return row


def _csv_bytes(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return b"\xef\xbb\xbf" + out.getvalue().encode()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=80).filter(lambda t: "\x00" not in t and "\r" not in t), min_size=1, max_size=6))
def test_csv_quoted_text_survives_framing(narratives: list[str]) -> None:
    rows = [_mpr_row(f"TPS-25-{i:06d}", CIRCUMSTANCES=text) for i, text in enumerate(narratives)]
    items = list(frame_csv(io.BytesIO(_csv_bytes(rows)), "mpr_TPS.csv", max_item_bytes=MAX))
    assert [adapt(item).narrative for item in items] == narratives


def test_csv_bom_crlf_and_embedded_newlines() -> None:
    rows = [_mpr_row("TPS-25-000001", CIRCUMSTANCES='She said "bye",\r\nthen left, with ""Prince"".'), _mpr_row("TPS-25-000002")]
    items = list(frame_csv(io.BytesIO(_csv_bytes(rows)), "mpr_TPS.csv", max_item_bytes=MAX))
    assert [i.position for i in items] == [2, 4]
    first = adapt(items[0])
    assert first.narrative == 'She said "bye",\r\nthen left, with ""Prince"".'
    assert first.subjects[0].surname == "KAKEPETUM" and items[0].context.startswith("REPORT_NO")


def test_an_unterminated_quote_does_not_swallow_the_file() -> None:
    broken = b'TPS-25-000002,TPS,05/09/2025,2025-05-09T09:00:00,"OOPS\r\n'
    data = _csv_bytes([_mpr_row("TPS-25-000001")]) + broken + _csv_bytes([_mpr_row("TPS-25-000003")]).split(b"\r\n", 1)[1]
    items = list(frame_csv(io.BytesIO(data), "x.csv", max_item_bytes=MAX))
    assert len(items) == 3
    assert items[1].framing_error and not items[0].framing_error and not items[2].framing_error
    assert adapt(items[2]).record_no == "TPS-25-000003"


def test_jsonl_bad_line_and_bad_bytes_are_single_items() -> None:
    good = json.dumps({"agency": "OPP", "case_no": "OPP-25-000001"}).encode()
    data = good + b"\n{\"agency\": \"OPP\", \"case_no\": \"OPP-25-0000\n\n" + b"\xff\xfe garbage\n" + good + b"\n"
    items = list(frame_jsonl(io.BytesIO(data), "mcm_OPP.jsonl", max_item_bytes=MAX))
    assert [i.position for i in items] == [1, 2, 4, 5]
    assert items[2].undecodable_b64 is not None
    with pytest.raises(RejectError, match="UTF-8"):
        adapt(items[2])


def test_overlong_line_is_refused_without_being_read_whole() -> None:
    data = b'{"x": "' + b"a" * 5000 + b'"}\n{"y": 1}\n'
    items = list(frame_jsonl(io.BytesIO(data), "f", max_item_bytes=1024))
    assert len(items) == 2 and items[0].framing_error and len(items[0].payload) <= 4096
    assert items[1].payload == '{"y": 1}' and items[1].byte_offset == data.index(b'{"y"')


DOSSIER = ('<dossier numero="SPGS-25-{n:06d}" revision="1" type="AUTRE" ouvert="01/02/2025" statut="OUVERT">'
           "<personne id=\"S1\" role=\"TEMOIN\"><nom>Roy</nom><prenoms>Rémi</prenoms></personne>"
           "<recit>Il a dit « {text} ».</recit></dossier>\n")


def _xml(*parts: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<exportation service="SPGS" version="1.2">\n'
            + "".join(parts) + "</exportation>\n").encode()


@pytest.mark.parametrize("chunk", [7, 64, 1 << 20])
def test_xml_elements_found_across_any_chunking(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(framing, "_CHUNK", chunk)
    data = _xml(*(DOSSIER.format(n=i, text=f"t{i} &lt;b&gt;") for i in range(5)))
    items = list(frame_xml(io.BytesIO(data), "sfx_SPGS.xml", max_item_bytes=MAX))
    records = [adapt(i) for i in items]
    assert [r.record_no for r in records] == [f"SPGS-25-{i:06d}" for i in range(5)]
    assert [i.line for i in items] == [data[: i.byte_offset].count(b"\n") + 1 for i in items]
    assert records[0].narrative == "Il a dit « t0 <b> »." and records[0].agency == "SPGS"
    assert records[0].subjects[0].role.value == "WITNESS"


@pytest.mark.parametrize(
    ("broken", "expected_error"),
    [
        ('<dossier numero="SPGS-25-000099" revision="1"><personne id="S1"><nom>X</nom></dossier>\n', "malformed XML"),
        ('<dossier numero="SPGS-25-000099" revision="1" statut="OUVERT" ouvert="01/01/2025">\n', "not closed"),
        ('<dosier numero="SPGS-25-000099"></dossier>\n', "without an opening"),
    ],
)
def test_a_broken_element_is_rejected_alone(broken: str, expected_error: str) -> None:
    data = _xml(DOSSIER.format(n=1, text="a"), broken, DOSSIER.format(n=2, text="b"))
    items = list(frame_xml(io.BytesIO(data), "sfx_SPGS.xml", max_item_bytes=MAX))
    outcomes = []
    for item in items:
        try:
            outcomes.append(adapt(item).record_no)
        except RejectError as exc:
            outcomes.append(f"rejected: {exc.reason}")
    assert outcomes[0] == "SPGS-25-000001" and outcomes[-1] == "SPGS-25-000002"
    assert len(outcomes) == 3 and expected_error in outcomes[1]

"""A subject's unreadable field keeps the record: kept as written, noted, left out of matching.

Hand-written items in each format; a record whose identity or structure is broken is still rejected.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.adapters import iter_records
from ingest.dates import subject_date

_SFX = ('<?xml version="1.0" encoding="UTF-8"?>\n<exportation service="SPGS" version="1.2">\n'
        '  <dossier numero="SPGS-26-900001" revision="1" type="PERSONNE_DISPARUE" ouvert="02/03/2026" statut="OUVERT">\n'
        '    <personne id="S1" role="DISPARUE"><nom>Tremblay</nom><prenoms>Mélanie</prenoms>'
        "<naissance>41/13/2009</naissance><sexe>F</sexe><telephone>555</telephone></personne>\n"
        "  </dossier>\n</exportation>\n")
_MCM = ('{"export_version": "2.3", "agency": "OPP", "case_no": "OPP-26-900009", "revision": 1, "case_type": "OTHER", '
        '"status": "OPEN", "opened": "2026-03-02T10:00:00-05:00", "subjects": [{"subject_id": "S1", "role": "WITNESS", '
        '"surname": "Fox", "given": "Ada", "dob": "1860-81-01", "addresses": [{"city": "Kenora", "postal": "K1K 1Y6"}]}]}\n')
_MCM_BROKEN = '{"export_version": "2.3", "agency": "OPP", "case_no": "", "revision": 1, "status": "OPEN"}\n'


@pytest.mark.parametrize(("name", "text", "field", "raw"), [
    ("sfx_SPGS.xml", _SFX, "dob", "41/13/2009"),
    ("sfx_SPGS.xml", _SFX, "phone", "555"),
    ("mcm_OPP.jsonl", _MCM, "dob", "1860-81-01"),
])
def test_an_unreadable_subject_field_is_kept_and_noted(tmp_path: Path, name: str, text: str, field: str, raw: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    records = list(iter_records(path))
    assert len(records) == 1
    record = records[0]
    issue = next(i for i in record.field_issues if i.field == field)
    assert issue.raw == raw and issue.subject_id == "S1" and issue.problem
    assert any(raw in w for w in record.warnings)
    if field == "dob":
        assert record.subjects[0].dob is None and record.subjects[0].dob_raw == raw


def test_a_valid_postal_code_is_no_issue(tmp_path: Path) -> None:
    path = tmp_path / "mcm_OPP.jsonl"
    path.write_text(_MCM, encoding="utf-8")
    (record,) = iter_records(path)
    assert [i.field for i in record.field_issues] == ["dob"]


def test_a_record_without_identity_is_still_rejected(tmp_path: Path) -> None:
    from ingest.adapters import adapt, iter_items
    from ingest.errors import RejectError

    path = tmp_path / "mcm_OPP.jsonl"
    path.write_text(_MCM_BROKEN, encoding="utf-8")
    (item,) = iter_items(path)
    with pytest.raises(RejectError, match="case_no"):
        adapt(item)


@pytest.mark.parametrize(("raw", "layouts", "value", "problem"), [
    ("2009-13-41", ("ISO",), None, "impossible"),
    ("2009-03-14", ("ISO",), "2009-03-14", None),
    ("31/31/2001", ("MDY",), None, "impossible"),
    ("next tuesday", ("DMY",), None, "unreadable"),
    ("", ("ISO",), None, None),
])
def test_subject_date_never_raises(raw: str, layouts: tuple[str, ...], value: str | None, problem: str | None) -> None:
    parsed, found = subject_date(raw, layouts, field="dob")  # type: ignore[arg-type]
    assert (parsed.value.isoformat() if parsed.value else None) == value
    assert (found is None) == (problem is None) and (problem is None or problem in (found or ""))
    if problem:
        assert parsed.raw == raw

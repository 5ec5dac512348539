from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.dates import birth_year_from_age, parse_date, parse_timestamp
from ingest.errors import ImpossibleDateError, RejectError

CASES = [
    # raw, layouts, expected date, ambiguous
    ("08/28/2007", ("MDY", "ISO"), date(2007, 8, 28), False),
    ("2007-08-28", ("MDY", "ISO"), date(2007, 8, 28), False),
    ("13/01/2026", ("DMY",), date(2026, 1, 13), False),
    ("01/13/2026", ("DMY",), None, True),  # real only as MM/DD: not guessed
    ("28/08/2007", ("MDY",), None, True),
    ("spring 2005", ("MDY",), None, True),
    ("", ("MDY",), None, False),
    ("  ", ("ISO",), None, False),
]


@pytest.mark.parametrize(("raw", "layouts", "expected", "ambiguous"), CASES)
def test_declared_layouts(raw: str, layouts: tuple[str, ...], expected: date | None, ambiguous: bool) -> None:
    parsed = parse_date(raw, layouts, field="f")  # type: ignore[arg-type]
    assert parsed.value == expected
    assert parsed.ambiguous is ambiguous
    assert parsed.raw == (raw if ambiguous else None)


@pytest.mark.parametrize("raw", ["31/31/2025", "2025-02-30", "00/12/2020", "13/13/2013"])
def test_impossible_dates_reject(raw: str) -> None:
    with pytest.raises(ImpossibleDateError):
        parse_date(raw, ("MDY", "DMY", "ISO"), field="f")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_each_layout_round_trips(d: date) -> None:
    assert parse_date(d.strftime("%m/%d/%Y"), ("MDY",), field="f").value == d
    assert parse_date(d.strftime("%d/%m/%Y"), ("DMY",), field="f").value == d
    assert parse_date(d.isoformat(), ("ISO",), field="f").value == d


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_a_date_is_never_silently_swapped(d: date) -> None:
    """Written DD/MM into an MM/DD field, a date is either read right, kept raw, or refused."""
    parsed = parse_date(d.strftime("%d/%m/%Y"), ("MDY",), field="f")
    if d.day == d.month:
        assert parsed.value == d
    elif d.day <= 12:
        assert parsed.value == date(d.year, d.day, d.month)  # a real MM/DD reading: the layout's
    else:
        assert parsed.value is None and parsed.raw is not None


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
       st.integers(min_value=-12, max_value=12))
def test_timestamps_keep_their_offset(dt: datetime, hours: int) -> None:
    from datetime import timezone

    aware = dt.replace(microsecond=0, tzinfo=timezone(timedelta(hours=hours)))
    assert parse_timestamp(aware.isoformat(), field="t") == aware


@pytest.mark.parametrize(("raw", "error"), [("2025-13-01T00:00:00", ImpossibleDateError), ("yesterday", RejectError), ("", RejectError)])
def test_bad_timestamps(raw: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        parse_timestamp(raw, field="t")


@pytest.mark.parametrize(("age", "year"), [("15", 2010), (" 19 ", 2006), ("", None), (None, None)])
def test_age_becomes_an_estimated_birth_year(age: str | None, year: int | None) -> None:
    assert birth_year_from_age(age, date(2025, 6, 1)) == year


@pytest.mark.parametrize("age", ["fifteen", "-3", "130"])
def test_bad_ages_reject(age: str) -> None:
    with pytest.raises(RejectError):
        birth_year_from_age(age, date(2025, 6, 1))


def test_cached_readings_still_name_their_own_field() -> None:
    """The reading is cached per raw text; the field in a rejection is always the caller's."""
    for field in ("DOB", "LAST_SEEN_DATE"):
        with pytest.raises(ImpossibleDateError, match=f"^{field}: impossible date '02/30/2001'$"):
            parse_date("02/30/2001", ("MDY",), field=field)
        with pytest.raises(ImpossibleDateError, match=f"^{field}: impossible timestamp '2025-13-01T00:00:00'$"):
            parse_timestamp("2025-13-01T00:00:00", field=field)
        with pytest.raises(RejectError, match=f"^{field}: unreadable timestamp 'soon'$"):
            parse_timestamp("soon", field=field)


def test_an_ambiguous_date_keeps_its_text_exactly_as_written() -> None:
    """Two spellings of one ambiguous date are two raw texts, even when one was read first."""
    assert parse_date("25/12/2001", ("MDY",), field="f").raw == "25/12/2001"
    assert parse_date(" 25/12/2001 ", ("MDY",), field="f").raw == " 25/12/2001 "
    assert parse_date("25/12/2001", ("DMY",), field="f").value == date(2001, 12, 25)  # the layout is part of the key

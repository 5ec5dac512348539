from __future__ import annotations

import pytest

from nlp.patterns import plates

CASES = [
    ("a grey Nissan Rogue, plate CKTR 215, was seen", ["CKTR 215"]),
    ("une Mazda3 grise, plaque BXWT 904.", ["BXWT 904"]),
    ("The plate was abcd123 according to the clerk.", ["ABCD 123"]),
    ("Licence plate no. ABC-123 (older Ontario plate).", ["ABC 123"]),
    ("Van spotted: PLWK 330 leaving the lot.", ["PLWK 330"]),
    # A region code right after the plate word; Quebec's digits-first shape after a plate word only.
    ("une BMW, plaque QC L77 WPN. Puis", ["L77WPN"]),
    # Every code, not only those a narrative also spells out (NB raised a KeyError and lost the narrative's plates).
    ("Le véhicule, plaque NB KLM 318, était stationné.", ["KLM 318"]),
    ("Truck with plate NS GKT 602 and plate ON CKTR 215.", ["GKT 602", "CKTR 215"]),
    ("Plaque de sa camionnette : 691 KTR.", ["691KTR"]),
    ("Room 691 KTR is not a plate.", []),
    ("She was driven down HWY 401 and Hwy 17 to unit 123.", []),
    ("Room ABC 123 on the third floor.", []),
    ("Reference WXYZ 1234 is an occurrence number.", []),
]


@pytest.mark.parametrize(("text", "values"), CASES)
def test_plates(text: str, values: list[str]) -> None:
    found = plates.find(text)
    assert [m.value for m in found] == values
    assert all(text[m.start:m.end] == m.text for m in found)


@pytest.mark.parametrize("code", sorted(set(plates.REGIONS.values())))
def test_every_region_code_after_a_plate_word_is_read(code: str) -> None:
    found = plates.find(f"plate {code} KLM 318 seen")
    assert [m.attrs.get("province") for m in found] == [code]

from __future__ import annotations

import pytest

from nlp.patterns import organisations

CASES = [
    ("Selon la Police provinciale de l'Ontario (PPO), elle a été vue.", "Police provinciale de l'Ontario (PPO)", "PPO"),
    ("The Ontario Provincial Police (OPP) located her.", "Ontario Provincial Police (OPP)", "OPP"),
    ("La Sûreté du Québec a transmis le dossier.", "Sûreté du Québec", None),
    ("Service de police de la Ville de Montréal (SPVM) a", "Service de police de la Ville de Montréal (SPVM)", "SPVM"),
    ("A worker from the Children's Aid Society called.", "Children's Aid Society", None),
    ("Officers of the Greater Sudbury Police Service attended.", "Greater Sudbury Police Service", None),
]


@pytest.mark.parametrize(("text", "org", "acronym"), CASES)
def test_organisations(text: str, org: str, acronym: str | None) -> None:
    found = sorted(organisations.find(text), key=lambda m: (-(m.end - m.start), m.start))
    assert found[0].text == org
    assert found[0].attrs.get("acronym") == acronym


def test_police_acronyms_alone() -> None:
    assert [m.text for m in organisations.find("Transmis à la GRC et à la PPO.")] == ["GRC", "PPO"]
    assert organisations.find("Flagged by the HT unit.") == []


@pytest.mark.parametrize(("text", "longest"), [
    # An organisation's words stop before a person's name and at a form's column gap.
    ("4. I informed Service Manager Ravi Thevarajah. He reached", "Service Manager"),
    ("Investigator: Hollis Van Der Berg     Unit: grey Corolla", None),
    ("Officers of the Greater Sudbury Police Service attended.", "Greater Sudbury Police Service"),
])
def test_an_organisation_ends_before_a_person_and_a_column(text: str, longest: str | None) -> None:
    found = sorted((m.text for m in organisations.find(text)), key=len)
    assert (found[-1] if found else None) == longest

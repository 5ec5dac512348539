"""How one record version writes one of its subjects.

Decided once per version (not per delivery) so that a byte-identical re-delivery stays
identical, while two records of the same person disagree the way real ones do: spelling,
capitals, a missing or swapped date of birth, a phone or address left out.
"""

from __future__ import annotations

import random
from datetime import date

from tools.synthetic.formats import swap_day_month
from tools.synthetic.model import AGENCY_FORMAT, Address, Person, SubjectEntry
from tools.synthetic.names import written_given, written_surname

#: Share of subjects whose surname a format writes in capitals.
_P_UPPER = {"mcm": 0.08, "mpr": 0.75, "sfx": 0.45}


def age_on(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def written_dob(dob: date, rng: random.Random, *, p_missing: float) -> date | None:
    """The DOB as a record holds it: usually right, sometimes empty, sometimes day/month swapped."""
    roll = rng.random()
    if roll < p_missing:
        return None
    if roll < p_missing + 0.04:
        return swap_day_month(dob) or dob
    return dob


def subject_entry(sid: str, person: Person, role: str, agency: str, on: date, rng: random.Random) -> SubjectEntry:
    fmt = AGENCY_FORMAT[agency]
    english = agency != "SPGS"
    given = written_given(person.given, rng, english_agency=english)
    surname = written_surname(person.surname, rng, english_agency=english, p_upper=_P_UPPER[fmt])
    dob = written_dob(person.dob, rng, p_missing=0.13 if fmt == "mpr" else 0.11)
    age: int | None = None
    if fmt == "mpr" and (dob is None or rng.random() < 0.5):
        age = age_on(person.dob, on)
    phones = [p for p in person.phones if rng.random() < 0.8]
    address: Address | None = person.address
    if person.group_home is not None and rng.random() < 0.6:
        address = person.group_home.address
    else:
        address = person.address if rng.random() < 0.6 else None
    entry = SubjectEntry(sid, person, role, given, surname, dob, phones, address, age=age)
    if fmt == "mcm" and role in ("SUSPECT", "ASSOCIATE"):
        entry.aliases = [a for a in person.aliases if rng.random() < 0.7]
        entry.handles = [h for h in person.handles if rng.random() < 0.7]
    return entry

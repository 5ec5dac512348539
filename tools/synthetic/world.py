"""``generate_world``: a whole multi-agency world, its six exports and its ground truth.

Deterministic: one ``random.Random(seed)`` drives everything and nothing depends on hash
order, the clock or the host, so a seed always produces byte-identical files.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from tools.synthetic.cases import CaseMaker
from tools.synthetic.delivery import Rates, add_purges, add_revisions, schedule
from tools.synthetic.model import AGENCIES, Hotel, Person, Record, Ring
from tools.synthetic.pools import HOSTILE_FIRST, HOSTILE_NAMES, STREET_ALIASES
from tools.synthetic.population import WORLD_END, WORLD_START, Drawer
from tools.synthetic.truth import build_truth, write_truth
from tools.synthetic.writers import write_exports


def random_day(rng: random.Random, start: date = WORLD_START, end: date = WORLD_END) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


def generate_world(out_dir: Path, *, seed: int, n_persons: int = 700, n_rings: int = 12,
                   n_hotels: int | None = None, rates: Rates | None = None) -> dict[str, Any]:
    """Draw a world and write ``mcm_OPP.jsonl`` … ``sfx_SPGS.xml`` and ``truth.json`` into ``out_dir``.

    ``n_persons`` counts every true person (ring members and victims, background people and
    the few with hostile names); ``n_rings`` planted trafficking rings. Returns the truth.
    """
    rng = random.Random(seed)
    rates = rates or Rates()
    drawer = Drawer(rng)
    hotels = drawer.hotels(n_hotels if n_hotels is not None else max(2 * n_rings + 4, round(n_persons / 23)))
    drawer.group_homes(max(2, min(12, n_persons // 80)))
    aliases = rng.sample(STREET_ALIASES, len(STREET_ALIASES))
    rings = [drawer.ring(i, aliases) for i in range(n_rings)]
    n_hostile = max(1, round(n_persons * 0.012))
    background = max(0, n_persons - len(drawer.pop.persons) - n_hostile)

    cases = CaseMaker(drawer, rng)
    for ring in rings:
        _ring_records(cases, ring, rng)
    _background_missing(cases, drawer, rng, round(background * 0.38), hotels)
    _incidents(cases, drawer, rng, background - round(background * 0.38), rings)
    _hostile(cases, drawer, rng, n_hostile)

    records = cases.records
    _number(records, rng)
    hotels_by_city: dict[str, list[Hotel]] = defaultdict(list)
    for hotel in hotels:
        hotels_by_city[hotel.city].append(hotel)
    add_revisions(records, rng, rates, hotels_by_city)
    add_purges(records, rng, rates)
    deliveries = schedule(records, rng, rates)
    last = max(v.updated for r in records for v in r.versions)
    generated = datetime.combine(last.date() + timedelta(days=1), time(2, 0))
    write_exports(out_dir, deliveries, generated)
    truth = build_truth(drawer.pop, deliveries)
    write_truth(out_dir / "truth.json", truth)
    return truth


def _ring_records(cases: CaseMaker, ring: Ring, rng: random.Random) -> None:
    if ring.id == "R000" or rng.random() < 0.75:
        cases.ht_case(ring)
    if rng.random() < 0.4:
        cases.ring_sexual_assault(ring)
    for i, victim in enumerate(ring.victims):
        cases.ring_victim_episodes(ring, victim, force_two_agencies=i == 0)
    if ring.id == "R000":  # every world has at least one French report naming an alias in « »
        victim = ring.victims[-1]
        cases.ring_missing(ring, victim, random_day(rng, ring.start, ring.end), "SPGS",
                           lang="fr", kinds=["car_alias", "seen_hotel"])


def _background_missing(cases: CaseMaker, drawer: Drawer, rng: random.Random, n: int, hotels: list[Hotel]) -> None:
    """Runaways (many from group homes, which share a phone and an address) and missing adults."""
    homes = drawer.pop.group_homes
    for _ in range(n):
        youth = rng.random() < 0.45
        home = rng.choice(homes) if youth and homes and rng.random() < 0.5 else None
        person = drawer.person(sex="F" if rng.random() < 0.55 else "M", age=(12, 17) if youth else (18, 55),
                               at=random_day(rng), city=home.city if home else None)
        person.group_home = home
        person.guardian = drawer.guardian(person, home=home)
        episodes = rng.choices((1, 2, 3), weights=(95, 4, 1))[0]
        for _ in range(episodes):
            cases.background_missing(person, random_day(rng), hotels)


def _incidents(cases: CaseMaker, drawer: Drawer, rng: random.Random, n: int, rings: list[Ring]) -> None:
    """Assaults, thefts and the like between background people, a few involving ring members."""
    people = [drawer.person(sex="F" if rng.random() < 0.45 else "M", age=(16, 70), at=random_day(rng))
              for _ in range(n)]
    suspects: list[Person] = []
    while len(people) >= 2:
        complainant, suspect = people.pop(), people.pop()
        witness = people.pop() if people and rng.random() < 0.1 else None
        cases.incident(complainant, suspect, random_day(rng), witness=witness)
        suspects.append(suspect)
        if rng.random() < 0.08 and people:  # a repeat offender turns up in another file
            cases.incident(people.pop(), rng.choice(suspects), random_day(rng))
    if people and (suspects or rings):
        cases.incident(people.pop(), rng.choice(suspects) if suspects else rings[0].trafficker, random_day(rng))
    for ring in rings:
        if rng.random() < 0.4 and suspects:
            member = rng.choice([m for m in ring.members if m.role_hint != "recruiter"])
            cases.incident(rng.choice(suspects), member, random_day(rng, ring.start, ring.end))


def _hostile(cases: CaseMaker, drawer: Drawer, rng: random.Random, n: int) -> None:
    """People whose names are attack strings, one record each, spread over all six agencies."""
    agencies = list(AGENCIES)
    rng.shuffle(agencies)
    first, rest = list(HOSTILE_NAMES[:HOSTILE_FIRST]), list(HOSTILE_NAMES[HOSTILE_FIRST:])
    rng.shuffle(first)
    rng.shuffle(rest)
    names = first + rest
    for i in range(n):
        person = drawer.person(sex="F" if rng.random() < 0.5 else "M", age=(18, 40), at=random_day(rng))
        attack = names[i % len(names)]
        if rng.random() < 0.5:
            person.given = attack
        else:
            person.surname = attack
        person.guardian = drawer.guardian(person)
        cases.hostile(person, random_day(rng), agencies[i % len(agencies)])


def _number(records: list[Record], rng: random.Random) -> None:
    """Record numbers per agency and year, in order of opening, with the gaps real numbering has."""
    ordered = sorted(range(len(records)), key=lambda i: (records[i].agency, records[i].versions[0].opened, i))
    counters: dict[tuple[str, int], int] = defaultdict(int)
    for i in ordered:
        record = records[i]
        slot = (record.agency, record.year)
        counters[slot] += 1 + (rng.randrange(1, 4) if rng.random() < 0.25 else 0)
        record.number = counters[slot]

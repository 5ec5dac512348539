"""Drawing the true population: people, hotels, group homes and trafficking rings.

Numbers are handed out by a :class:`PhoneBook` so that two people share a phone only where
the world says so (a ring's line, a group home's switchboard); accidental collisions would
plant false links the truth does not know about.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from tools.synthetic.formats import e164, new_plate, new_postal
from tools.synthetic.model import Address, GroupHome, Guardian, Handle, Hotel, Person, Ring, Vehicle
from tools.synthetic.names import strip_accents
from tools.synthetic.pools import (
    CITIES,
    CITY_BY_NAME,
    COLOURS,
    FAR_AREA_CODES,
    GIVEN_F_EN,
    GIVEN_F_FR,
    GIVEN_F_NORTH,
    GIVEN_M_EN,
    GIVEN_M_FR,
    GIVEN_M_NORTH,
    GROUP_HOMES,
    HOTEL_FIRST,
    HOTEL_LAST,
    STREET_ALIASES,
    STREETS_EN,
    STREETS_FR,
    SURNAMES_EN,
    SURNAMES_FR,
    SURNAMES_NORTH,
    VEHICLES,
)

#: The world's time span: records are opened between these dates.
WORLD_START = date(2024, 1, 1)
WORLD_END = date(2026, 9, 30)

_ALL_CODES: tuple[str, ...] = tuple(dict.fromkeys(
    [code for city in CITIES for code in city.area_codes] + list(FAR_AREA_CODES)))


class PhoneBook:
    """Unique fictional ``NPA-555-01XX`` numbers, local area codes first.

    There are only a hundred such numbers per area code, so a very large population runs
    out; from then on (or always, with ``unique=False``) numbers are drawn with repeats.
    """

    def __init__(self, rng: random.Random, *, unique: bool = True) -> None:
        self.rng = rng
        self.unique = unique
        self.used: set[str] = set()

    def new(self, area_codes: tuple[str, ...]) -> str:
        rng = self.rng
        if not self.unique or len(self.used) >= 100 * len(_ALL_CODES):
            return e164(rng.choice(area_codes), rng.randrange(100))
        for _ in range(12):
            value = e164(rng.choice(area_codes), rng.randrange(100))
            if value not in self.used:
                self.used.add(value)
                return value
        start = rng.randrange(100)
        for code in list(area_codes) + list(_ALL_CODES):
            for step in range(100):
                value = e164(code, (start + step) % 100)
                if value not in self.used:
                    self.used.add(value)
                    return value
        return e164(rng.choice(area_codes), rng.randrange(100))  # every number taken: share one


@dataclass
class Population:
    """Everything drawn before any record is written."""

    persons: list[Person] = field(default_factory=list)
    hotels: list[Hotel] = field(default_factory=list)
    group_homes: list[GroupHome] = field(default_factory=list)
    rings: list[Ring] = field(default_factory=list)
    plates: set[str] = field(default_factory=set)
    handles: set[str] = field(default_factory=set)


class Drawer:
    """Draws people and places with one random stream and one phone book."""

    def __init__(self, rng: random.Random, *, unique_phones: bool = True) -> None:
        self.rng = rng
        self.phones = PhoneBook(rng, unique=unique_phones)
        self.pop = Population()

    # --- places ---------------------------------------------------------------------------------

    def city(self, *, region: str | None = None) -> str:
        choices = [c for c in CITIES if region is None or c.region == region] or list(CITIES)
        return self.rng.choices(choices, weights=[c.weight for c in choices])[0].name

    def address(self, city: str, *, french: bool) -> Address:
        rng = self.rng
        info = CITY_BY_NAME[city]
        street = rng.choice(STREETS_FR if (french or info.province == "QC") and rng.random() < 0.7 else STREETS_EN)
        line = f"{rng.randint(10, 2999)} {street}"
        if rng.random() < 0.25:
            line += f" Apt {rng.randint(1, 40)}"
        return Address(line, city, info.province, new_postal(rng, info.postal_first))

    def phone(self, city: str, *, far: bool = False) -> str:
        codes = FAR_AREA_CODES if far else CITY_BY_NAME[city].area_codes
        return self.phones.new(codes)

    def hotels(self, n: int) -> list[Hotel]:
        """``n`` hotels; about a quarter reuse a name from another city (chains, common names)."""
        rng = self.rng
        hotels: list[Hotel] = []
        names: list[str] = []
        for i in range(n):
            city = self.city()
            if names and rng.random() < 0.25:
                taken = {h.name for h in hotels if h.city == city}
                reusable = [name for name in names if name not in taken]
                name = rng.choice(reusable) if reusable else self._hotel_name(names)
            else:
                name = self._hotel_name(names)
            if name not in names:
                names.append(name)
            hotels.append(Hotel(f"H{i:03d}", name, city, self.address(city, french=False)))
        self.pop.hotels = hotels
        return hotels

    def _hotel_name(self, taken: list[str]) -> str:
        for _ in range(50):
            name = f"{self.rng.choice(HOTEL_FIRST)} {self.rng.choice(HOTEL_LAST)}"
            if name not in taken:
                return name
        return f"{self.rng.choice(HOTEL_FIRST)} {self.rng.choice(HOTEL_LAST)}"

    def group_homes(self, n: int) -> list[GroupHome]:
        rng = self.rng
        homes = []
        for name in rng.sample(GROUP_HOMES, min(n, len(GROUP_HOMES))):
            city = self.city(region=rng.choice(("gta", "north", "northwest", "south")))
            staff = tuple(self._any_full_name() for _ in range(3))
            homes.append(GroupHome(name, city, self.address(city, french=False), self.phone(city), staff))
        self.pop.group_homes = homes
        return homes

    # --- people ---------------------------------------------------------------------------------

    def _any_full_name(self) -> str:
        rng = self.rng
        given = rng.choice(GIVEN_F_EN + GIVEN_M_EN + GIVEN_F_FR)
        return f"{given} {rng.choice(SURNAMES_EN + SURNAMES_FR + SURNAMES_NORTH)}"

    def person(self, *, sex: str, age: tuple[int, int], at: date, city: str | None = None,
               role_hint: str = "", n_phones: int | None = None, french: bool | None = None,
               north: bool | None = None) -> Person:
        """A new true person aged within ``age`` on date ``at``."""
        rng = self.rng
        city = city or self.city()
        info = CITY_BY_NAME[city]
        if french is None:
            p_french = {"quebec": 0.8, "east": 0.3, "north": 0.3}.get(info.region, 0.12)
            french = rng.random() < p_french
        if north is None:
            p_north = {"northwest": 0.55, "north": 0.25}.get(info.region, 0.04)
            north = not french and rng.random() < p_north
        pool = self._given_pool(sex, french=french, north=north)
        first = rng.choice(pool)
        given = first
        if rng.random() < 0.35:
            middle = rng.choice([g for g in pool if g != first])
            given = f"{first} {middle}"
        surnames = SURNAMES_FR if french else SURNAMES_NORTH if north else SURNAMES_EN
        if rng.random() < 0.06:  # mixed families
            surnames = rng.choice((SURNAMES_EN, SURNAMES_FR, SURNAMES_NORTH))
        surname = rng.choice(surnames)
        years = rng.randint(*age)
        dob = at - timedelta(days=365 * years + rng.randrange(365))
        if n_phones is None:
            n_phones = 0 if rng.random() < 0.15 else 1
        phones = [self.phone(city, far=rng.random() < 0.08) for _ in range(n_phones)]
        pid = f"P{len(self.pop.persons):05d}"
        person = Person(pid, given, surname, dob, sex, french, north, city, phones,
                        self.address(city, french=french), role_hint=role_hint)
        self.pop.persons.append(person)
        return person

    def _given_pool(self, sex: str, *, french: bool, north: bool) -> tuple[str, ...]:
        if french:
            return GIVEN_F_FR if sex == "F" else GIVEN_M_FR
        if north:
            return (GIVEN_F_EN + GIVEN_F_NORTH) if sex == "F" else (GIVEN_M_EN + GIVEN_M_NORTH)
        return GIVEN_F_EN if sex == "F" else GIVEN_M_EN

    def guardian(self, person: Person, *, home: GroupHome | None = None) -> Guardian:
        """The person who calls police when this one goes missing."""
        rng = self.rng
        if home is not None:
            return Guardian(rng.choice(home.staff), "GROUP HOME", home.phone)
        relation = rng.choices(("MOTHER", "FATHER", "AUNT", "GRANDMOTHER", "SISTER"), weights=(45, 22, 18, 10, 5))[0]
        female = relation != "FATHER"
        pool = self._given_pool("F" if female else "M", french=person.french, north=person.north)
        surname = person.surname if rng.random() < 0.8 else rng.choice(SURNAMES_EN + SURNAMES_NORTH + SURNAMES_FR)
        return Guardian(f"{rng.choice(pool)} {surname}", relation, self.phone(person.city))

    # --- rings ----------------------------------------------------------------------------------

    def vehicle(self) -> Vehicle:
        rng = self.rng
        plate = new_plate(rng)
        while plate in self.pop.plates:
            plate = new_plate(rng)
        self.pop.plates.add(plate)
        make, model = rng.choice(VEHICLES)
        return Vehicle(plate, make, model, rng.choice(tuple(COLOURS)))

    def _handle(self, platform: str, stem: str) -> Handle:
        rng = self.rng
        stem = stem.lower().replace(" ", "").replace("'", "")
        if rng.random() < 0.5:
            stem = strip_accents(stem)
        while True:
            text = f"@{stem}{rng.randint(10, 99)}" if platform == "instagram" else f"{stem}_{rng.randint(100, 999)}"
            if text not in self.pop.handles:
                self.pop.handles.add(text)
                return Handle(platform, text)

    def ring(self, index: int, aliases: list[str]) -> Ring:
        """A ring: trafficker, recruiter, one or two associates, three to six victims."""
        rng = self.rng
        base = self.city(region=rng.choice(("gta", "gta", "south", "north", "northwest", "east")))
        others = [self.city() for _ in range(rng.randint(1, 2))]
        cities = list(dict.fromkeys([base, *others]))
        start = WORLD_START + timedelta(days=rng.randrange(0, 500))
        end = min(WORLD_END, start + timedelta(days=rng.randint(240, 540)))

        trafficker = self.person(sex="M" if rng.random() < 0.9 else "F", age=(22, 38), at=start, city=base,
                                 role_hint="trafficker", n_phones=rng.randint(2, 3))
        trafficker.phones[-1:] = [self.phone(base, far=True)]
        alias = aliases.pop(0) if aliases else rng.choice(STREET_ALIASES)
        trafficker.aliases.append(alias)
        trafficker.handles.append(self._handle("instagram", alias))
        recruiter = self.person(sex="F" if rng.random() < 0.75 else "M", age=(18, 26), at=start, city=base,
                                role_hint="recruiter", n_phones=1)
        recruiter.handles.append(self._handle("snapchat", recruiter.first))
        if rng.random() < 0.3:
            recruiter.handles.append(self._handle("instagram", recruiter.first + recruiter.surname[:3]))
        members = [trafficker, recruiter]
        for _ in range(rng.randint(1, 2)):
            associate = self.person(sex="M", age=(19, 35), at=start, city=rng.choice(cities),
                                    role_hint="associate", n_phones=1)
            if rng.random() < 0.3:
                associate.aliases.append(aliases.pop(0) if aliases else rng.choice(STREET_ALIASES))
            members.append(associate)

        victims = []
        for _ in range(rng.randint(3, 6)):
            home_city = base if rng.random() < 0.5 else self.city()
            victim = self.person(sex="F" if rng.random() < 0.9 else "M", age=(13, 21), at=start,
                                 city=home_city, role_hint="victim")
            gh = [h for h in self.pop.group_homes if h.city == home_city] or self.pop.group_homes
            if gh and rng.random() < 0.25:
                victim.group_home = rng.choice(gh)
            victim.guardian = self.guardian(victim, home=victim.group_home)
            victims.append(victim)

        ad_phones = [self.phone(base, far=rng.random() < 0.4) for _ in range(1 if rng.random() < 0.8 else 2)]
        local = [h for h in self.pop.hotels if h.city in cities]
        hotels = rng.sample(local, min(2, len(local)))
        while len(hotels) < 2:
            extra = rng.choice(self.pop.hotels)
            if extra not in hotels:
                hotels.append(extra)
                cities.append(extra.city)
        cities = list(dict.fromkeys(cities))
        vehicles = [self.vehicle() for _ in range(1 if rng.random() < 0.7 else 2)]
        ring = Ring(f"R{index:03d}", members, victims, [*trafficker.phones, *recruiter.phones, *ad_phones], ad_phones,
                    vehicles, hotels, cities, start, end)
        self.pop.rings.append(ring)
        return ring

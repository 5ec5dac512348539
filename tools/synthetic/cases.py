"""Drawing records: what each agency would have on file about the population.

Ring victims go missing repeatedly and are reported by several agencies, each report naming
a little of the ring (a phone, a car, a hotel, an alias); ring members turn up in project
files and assault reports; the background fills the exports with ordinary runaways,
assaults and thefts that must not be linked to anything. Only revision 1 is drawn here.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from tools.synthetic.formats import long_en, long_fr
from tools.synthetic.model import AGENCY_FORMAT, Hotel, Person, Record, Ring, SubjectEntry, Version
from tools.synthetic.narrative import (
    Fill,
    Narrative,
    alias_slot,
    car_words,
    guardian_words,
    handle_slot,
    hotel_slot,
    person_slot,
    phone_slot,
    plate_slot,
    platform_words,
    pronouns,
)
from tools.synthetic.pools import HOSTILE_PAYLOADS, STREETS_EN, STREETS_FR
from tools.synthetic.population import Drawer
from tools.synthetic.subjects import age_on, subject_entry

#: Base share of missing-person reports per agency (adjusted per person and city).
MP_WEIGHTS: dict[str, float] = {"TPS": 0.27, "PRP": 0.29, "OPP": 0.25, "NAPS": 0.09, "SPGS": 0.06, "TBPS": 0.03}
#: Assaults, thefts and other occurrences come from the mcm agencies and, in French, SPGS.
INCIDENT_WEIGHTS: dict[str, float] = {"OPP": 0.5, "TBPS": 0.45, "SPGS": 0.05}
RING_KINDS = ("seen_hotel", "calls", "car_alias", "car_person", "recruiter", "ad", "controller", "follows")


class CaseMaker:
    """Turns the population into revision-1 records."""

    def __init__(self, drawer: Drawer, rng: random.Random, *, p_hostile_note: float = 0.004) -> None:
        self.drawer = drawer
        self.rng = rng
        self.records: list[Record] = []
        self.p_hostile_note = p_hostile_note
        self.ht_cases = 0

    # --- shared helpers -------------------------------------------------------------------------

    def lang_for(self, agency: str) -> str:
        return "fr" if agency == "SPGS" and self.rng.random() < 0.75 else "en"

    def date_words(self, day: date, lang: str) -> str:
        return long_fr(day, self.rng) if lang == "fr" else long_en(day, self.rng)

    def opened_at(self, day: date) -> datetime:
        return datetime.combine(day, time(self.rng.randint(7, 21), self.rng.choice((0, 0, 15, 30, 45))))

    def mp_agency(self, person: Person, city: str) -> str:
        weights = dict(MP_WEIGHTS)
        if person.north:
            weights["NAPS"] *= 3.0
        if person.french:
            weights["SPGS"] *= 2.5
        if city == "Toronto":
            weights["TPS"] *= 1.8
        if city in ("Mississauga", "Brampton"):
            weights["PRP"] *= 1.8
        if city == "Thunder Bay":
            weights["TBPS"] *= 4.0
        names = list(weights)
        return self.rng.choices(names, weights=[weights[n] for n in names])[0]

    def incident_agency(self, person: Person) -> str:
        weights = dict(INCIDENT_WEIGHTS)
        if person.french:
            weights["SPGS"] *= 2.5
        names = list(weights)
        return self.rng.choices(names, weights=[weights[n] for n in names])[0]

    def add(self, agency: str, version: Version) -> Record:
        record = Record(agency, version.opened.year, versions=[version])
        self.records.append(record)
        return record

    def new_version(self, *, agency: str, rtype: str, status: str, day: date, caveats: list[str],
                    subjects: list[SubjectEntry], narrative: Narrative, **extra: object) -> Version:
        opened = self.opened_at(day)
        updated = opened + timedelta(hours=self.rng.randint(0, 6), minutes=self.rng.choice((0, 10, 25, 40)))
        if not extra.get("hostile") and self.rng.random() < self.p_hostile_note:
            narrative.add("hostile_note", payload=self.rng.choice(HOSTILE_PAYLOADS))
            extra["hostile"] = True
        version = Version(1, rtype, status, opened, updated, sorted(caveats, key=_CAVEAT_ORDER.index),
                          subjects, narrative.text(), list(narrative.mentions), lang=narrative.lang)
        for name, value in extra.items():
            setattr(version, name, value)
        return version

    def first_name(self, entry: SubjectEntry) -> str:
        """How a narrative refers to its own subject: first name as written, or the formal one."""
        written = entry.given.split()[0] if entry.given.strip() else entry.person.first
        return written if self.rng.random() < 0.7 else entry.person.first

    def ring_fills(self, kind: str, ring: Ring, victim: Person, lang: str, english: bool) -> dict[str, Fill]:
        """Fills for one ring sentence about ``victim``; only the chosen kind's entities are drawn."""
        rng = self.rng
        fills: dict[str, Fill] = {}
        trafficker = ring.trafficker
        if kind == "seen_hotel":
            hotel = rng.choice(ring.hotels)
            fills.update(hotel=hotel_slot(hotel), city=hotel.city)
        elif kind == "calls":
            callers = trafficker.phones + ring.recruiter.phones
            fills.update(phone=phone_slot(rng.choice(callers), rng))
        elif kind in ("car_alias", "car_person"):
            vehicle = rng.choice(ring.vehicles)
            fills.update(plate=plate_slot(vehicle.plate, rng), car=car_words(vehicle, lang))
            drivers = [m for m in ring.members if m.aliases] if kind == "car_alias" else \
                [m for m in ring.members if m.role_hint in ("trafficker", "associate")]
            driver = rng.choice(drivers)
            if kind == "car_alias":
                fills["alias"] = alias_slot(driver, lang, rng)
            else:
                fills["person"] = person_slot(driver, rng, english_agency=english)
        elif kind == "recruiter":
            recruiter = ring.recruiter
            handle = rng.choice(recruiter.handles)
            fills.update(person=person_slot(recruiter, rng, english_agency=english),
                         handle=handle_slot(recruiter, handle), platform=platform_words(handle))
        elif kind == "ad":
            fills["phone"] = phone_slot(rng.choice(ring.ad_phones), rng)
        elif kind == "controller":
            fills.update(person=person_slot(trafficker, rng, english_agency=english),
                         alias=alias_slot(trafficker, lang, rng))
        elif kind == "follows":
            fills.update(handle=handle_slot(trafficker, trafficker.handles[0]), alias=alias_slot(trafficker, lang, rng))
        fills.update(pronouns(victim.sex, lang))
        if victim.guardian is not None:
            fills["Guardian"] = guardian_words(victim.guardian.relation, victim.sex, lang)
        return fills

    def ring_kinds(self, *, many: bool) -> list[str]:
        rng = self.rng
        kinds = []
        odds = {"seen_hotel": 0.9, "calls": 0.7, "car": 0.85, "recruiter": 0.35, "ad": 0.45,
                "controller": 0.08, "follows": 0.05}
        for kind, p in odds.items():
            if rng.random() < (p if many else p * 0.6):
                kinds.append(kind if kind != "car" else rng.choice(("car_alias", "car_person")))
        rng.shuffle(kinds)
        return kinds or ["seen_hotel"]

    # --- ring records ---------------------------------------------------------------------------

    def ring_missing(self, ring: Ring, victim: Person, day: date, agency: str, *, lang: str | None = None,
                     kinds: list[str] | None = None) -> Record:
        """A missing-person report for a ring victim, naming some of the ring."""
        rng = self.rng
        lang = lang or self.lang_for(agency)
        english = agency != "SPGS"
        entry = subject_entry("S1", victim, "MISSING", agency, day, rng)
        first = self.first_name(entry)
        n = Narrative(lang, rng)
        kinds = kinds or self.ring_kinds(many=True)
        vehicles, hotels = [], []
        for kind in kinds:
            fills = self.ring_fills(kind, ring, victim, lang, english)
            n.add(kind, first=first, date=self.date_words(day, lang), **fills)
        for m in n.mentions:
            if m.kind == "plate" and AGENCY_FORMAT[agency] != "mpr" and rng.random() < 0.5:
                vehicles = [v for v in ring.vehicles if v.plate == m.value]
            if m.kind == "hotel" and AGENCY_FORMAT[agency] == "mcm" and rng.random() < 0.5:
                hotels = [h for h in ring.hotels if h.id == m.entity]
        caveats = ["YOUTH"] if age_on(victim.dob, day) < 18 else []
        if rng.random() < 0.04:
            caveats.append("RESTRICTED")
        city = next((h.city for h in ring.hotels if any(m.entity == h.id for m in n.mentions)), victim.city)
        version = self.new_version(
            agency=agency, rtype="MISSING_PERSON", status="LOCATED" if rng.random() < 0.5 else "OPEN", day=day,
            caveats=caveats, subjects=[entry], narrative=n, vehicles=vehicles, hotels=hotels,
            guardian=victim.guardian, last_seen=day, last_seen_city=city)
        return self.add(agency, version)

    def ring_victim_episodes(self, ring: Ring, victim: Person, *, force_two_agencies: bool) -> None:
        """One to four missing episodes; later ones often reported where the ring moved her."""
        rng = self.rng
        count = rng.choices((1, 2, 3, 4), weights=(45, 25, 22, 8))[0]
        if force_two_agencies:
            count = max(count, 2)
        span = max(1, (ring.end - ring.start).days)
        days = sorted(ring.start + timedelta(days=rng.randrange(span)) for _ in range(count))
        used: list[str] = []
        for i, day in enumerate(days):
            city = victim.city if i == 0 else rng.choice(ring.cities)
            agency = self.mp_agency(victim, city)
            if i > 0 and (force_two_agencies and len(set(used)) < 2) and agency in used:
                agency = rng.choice([a for a in MP_WEIGHTS if a not in used])
            used.append(agency)
            record = self.ring_missing(ring, victim, day, agency)
            record.protected = force_two_agencies

    def ht_case(self, ring: Ring) -> Record:
        """The project file: members as suspects/associates, victims, cars, hotels."""
        rng = self.rng
        agency = rng.choices(("OPP", "TBPS", "SPGS"), weights=(75, 20, 5))[0]
        lang = self.lang_for(agency)
        english = agency != "SPGS"
        day = ring.start + timedelta(days=rng.randrange(max(1, (ring.end - ring.start).days)))
        subjects: list[SubjectEntry] = []
        for i, member in enumerate(ring.members):
            role = "SUSPECT" if i < 2 else "ASSOCIATE"
            subjects.append(subject_entry(f"S{len(subjects) + 1}", member, role, agency, day, rng))
        victims = rng.sample(ring.victims, rng.randint(min(2, len(ring.victims)), len(ring.victims)))
        for victim in victims:
            subjects.append(subject_entry(f"S{len(subjects) + 1}", victim, "VICTIM", agency, day, rng))
        n = Narrative(lang, rng)
        n.add("ht_intro", n=str(len(victims)), cities=join_words(ring.cities, lang))
        for victim in rng.sample(victims, min(len(victims), rng.randint(1, 3))):
            entry = next(s for s in subjects if s.person is victim)
            first = self.first_name(entry)
            kinds = self.ring_kinds(many=False)[:3]
            if kinds[0] != "seen_hotel":  # name the victim before any pronoun refers to her
                n.add("victim_intro", first=first, **pronouns(victim.sex, lang))
            for kind in kinds:
                fills = self.ring_fills(kind, ring, victim, lang, english)
                n.add(kind, first=first, date=self.date_words(day, lang), **fills)
        caveats = []
        if any(age_on(v.dob, day) < 18 for v in victims):
            caveats.append("VICTIM_MINOR")
        self.ht_cases += 1
        if self.ht_cases == 1 or rng.random() < 0.2:  # the first project file always has a source
            caveats.append("INFORMANT")
        if self.ht_cases == 1 or rng.random() < 0.3:
            caveats.append("RESTRICTED")
        version = self.new_version(agency=agency, rtype="HUMAN_TRAFFICKING", status="OPEN", day=day,
                                   caveats=caveats, subjects=subjects, narrative=n,
                                   vehicles=list(ring.vehicles), hotels=list(ring.hotels))
        return self.add(agency, version)

    def ring_sexual_assault(self, ring: Ring) -> Record:
        rng = self.rng
        agency = rng.choices(("OPP", "TBPS", "SPGS"), weights=(60, 30, 10))[0]
        lang = self.lang_for(agency)
        english = agency != "SPGS"
        victim = rng.choice(ring.victims)
        suspect = rng.choice([m for m in ring.members if m.role_hint in ("trafficker", "associate")])
        day = ring.start + timedelta(days=rng.randrange(max(1, (ring.end - ring.start).days)))
        subjects = [subject_entry("S1", victim, "VICTIM", agency, day, rng),
                    subject_entry("S2", suspect, "SUSPECT", agency, day, rng)]
        hotel = rng.choice(ring.hotels)
        n = Narrative(lang, rng)
        n.add("sa_ring", first=self.first_name(subjects[0]), person=person_slot(suspect, rng, english_agency=english),
              hotel=hotel_slot(hotel), city=hotel.city, date=self.date_words(day, lang), **pronouns(victim.sex, lang))
        if rng.random() < 0.5:
            n.add("calls", **self.ring_fills("calls", ring, victim, lang, english))
        caveats = ["VICTIM_MINOR"] if age_on(victim.dob, day) < 18 else []
        version = self.new_version(agency=agency, rtype="SEXUAL_ASSAULT", status="OPEN", day=day, caveats=caveats,
                                   subjects=subjects, narrative=n, hotels=[hotel])
        return self.add(agency, version)

    # --- background records ---------------------------------------------------------------------

    def background_missing(self, person: Person, day: date, hotels: list[Hotel], *, agency: str | None = None) -> Record:
        """A runaway or a missing adult with nothing to do with any ring (noise, and group-home hubs)."""
        rng = self.rng
        agency = agency or self.mp_agency(person, person.city)
        lang = self.lang_for(agency)
        entry = subject_entry("S1", person, "MISSING", agency, day, rng)
        fills: dict[str, Fill] = {"first": self.first_name(entry), "date": self.date_words(day, lang),
                                  **pronouns(person.sex, lang)}
        if person.guardian is not None:
            fills["Guardian"] = guardian_words(person.guardian.relation, person.sex, lang)
        n = Narrative(lang, rng)
        home = person.group_home
        if home is not None:
            n.add("gh_runaway", home=home.name, **fills)
            if rng.random() < 0.45:
                n.add("gh_phone", phone=phone_slot(home.phone, rng), **fills)
        else:
            n.add("home_left", **fills)
            if person.guardian is not None and rng.random() < 0.2:
                n.add("guardian_phone", phone=phone_slot(person.guardian.phone, rng), **fills)
            elif person.phones and rng.random() < 0.15:
                n.add("own_phone", phone=phone_slot(person.phones[0], rng), **fills)
        if rng.random() < 0.18:
            near = [h for h in hotels if h.city == person.city] or hotels
            hotel = rng.choice(near)
            n.add("hotel_noise", hotel=hotel_slot(hotel), city=hotel.city, **fills)
        if rng.random() < 0.3:
            n.add("extra", **fills)
        caveats = ["YOUTH"] if age_on(person.dob, day) < 18 else []
        version = self.new_version(agency=agency, rtype="MISSING_PERSON", status="LOCATED" if rng.random() < 0.6 else "OPEN",
                                   day=day, caveats=caveats, subjects=[entry], narrative=n, guardian=person.guardian,
                                   last_seen=day, last_seen_city=person.city)
        return self.add(agency, version)

    def incident(self, complainant: Person, suspect: Person, day: date, *, witness: Person | None = None,
                 agency: str | None = None) -> Record:
        """An assault, theft or similar between two people (rarely a sexual assault)."""
        rng = self.rng
        agency = agency or self.incident_agency(complainant)
        lang = self.lang_for(agency)
        english = agency != "SPGS"
        rtype = rng.choices(("ASSAULT", "OTHER", "SEXUAL_ASSAULT"), weights=(52, 45, 3))[0]
        c_role = "VICTIM" if rtype == "SEXUAL_ASSAULT" else "COMPLAINANT"
        subjects = [subject_entry("S1", complainant, c_role, agency, day, rng),
                    subject_entry("S2", suspect, "SUSPECT", agency, day, rng)]
        if witness is not None:
            subjects.append(subject_entry("S3", witness, "WITNESS", agency, day, rng))
        female = complainant.sex == "F"
        fills: dict[str, Fill] = {
            "c": person_slot(complainant, rng, english_agency=english),
            "s": person_slot(suspect, rng, english_agency=english),
            "c_obj": "her" if female else "him", "c_poss": "her" if female else "his", "ce": "e" if female else "",
            "street": rng.choice(STREETS_FR if lang == "fr" else STREETS_EN),
            "address": complainant.address.line, "city": complainant.city, "date": self.date_words(day, lang),
        }
        n = Narrative(lang, rng)
        vehicles = []
        if rtype == "OTHER" and rng.random() < 0.15:
            vehicle = self.drawer.vehicle()
            vehicles.append(vehicle)
            n.add("keyed_car", car=car_words(vehicle, lang), plate=plate_slot(vehicle.plate, rng), **fills)
        else:
            n.add({"ASSAULT": "assault", "OTHER": "other", "SEXUAL_ASSAULT": "sexual_assault"}[rtype], **fills)
        if complainant.phones and rng.random() < 0.5:
            n.add("callback", phone=phone_slot(complainant.phones[0], rng))
        caveats = []
        if rtype == "SEXUAL_ASSAULT" and age_on(complainant.dob, day) < 18:
            caveats.append("VICTIM_MINOR")
        if age_on(suspect.dob, day) < 18:
            caveats.append("YOUTH")
        version = self.new_version(agency=agency, rtype=rtype, status="OPEN" if rng.random() < 0.95 else "CLOSED",
                                   day=day, caveats=caveats, subjects=subjects, narrative=n,
                                   vehicles=vehicles if AGENCY_FORMAT[agency] != "mpr" else [])
        return self.add(agency, version)

    def hostile(self, person: Person, day: date, agency: str) -> Record:
        """A record whose subject name and narrative are attack strings; it mentions nothing."""
        rng = self.rng
        lang = self.lang_for(agency)
        fmt = AGENCY_FORMAT[agency]
        role = "MISSING" if fmt == "mpr" else "COMPLAINANT"
        entry = subject_entry("S1", person, role, agency, day, rng)
        entry.given, entry.surname = person.given, person.surname  # attack text is kept verbatim
        n = Narrative(lang, rng)
        n.add("hostile", payload=rng.choice(HOSTILE_PAYLOADS))
        version = self.new_version(agency=agency, rtype="MISSING_PERSON" if fmt == "mpr" else "OTHER", status="OPEN",
                                   day=day, caveats=[], subjects=[entry], narrative=n, hostile=True,
                                   guardian=person.guardian, last_seen=day, last_seen_city=person.city)
        return self.add(agency, version)


_CAVEAT_ORDER = ["YOUTH", "VICTIM_MINOR", "INFORMANT", "RESTRICTED"]


def join_words(words: list[str], lang: str) -> str:
    """``A, B and C`` (``A, B et C``)."""
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + (" et " if lang == "fr" else " and ") + words[-1]

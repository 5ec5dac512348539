"""Revisions, purges and the order items arrive in, with duplicates, stale items and malformed ones.

This is the part of the world that tests the ledger rather than the linker: a later revision
supersedes, an equal one is a duplicate (sometimes byte-identical, sometimes re-rendered with
other phone layouts), a lower one arriving after a higher is stale, a purge order empties a
record, and about one item in a hundred is broken so it must be rejected alone.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from datetime import timedelta

from tools.synthetic.formats import long_en, long_fr
from tools.synthetic.model import Delivery, Format, Hotel, Record, Version
from tools.synthetic.narrative import Narrative, hotel_slot, phone_slot, pronouns
from tools.synthetic.subjects import subject_entry


@dataclass(frozen=True)
class Rates:
    """How messy delivery is. Defaults are close to the dev world's rates."""

    revision: float = 0.11  #: records that get a revision 2
    third_revision: float = 0.12  #: of those, records that get a revision 3
    purge: float = 0.03  #: records later purged
    purge_hostile: float = 0.35  #: hostile records later purged
    duplicate: float = 0.015  #: deliveries sent twice
    identical_duplicate: float = 0.6  #: duplicates that are byte-identical (the rest re-rendered)
    malformed: float = 0.01  #: deliveries corrupted
    stale: tuple[tuple[Format, float], ...] = (("mcm", 0.2), ("mpr", 0.35), ("sfx", 0.2))


MALFORMED_KINDS: dict[Format, tuple[tuple[str, int], ...]] = {
    "mcm": (("truncated", 50), ("no_id", 25), ("bad_date", 25)),
    "mpr": (("truncated", 40), ("no_id", 25), ("bad_date", 35)),
    "sfx": (("broken_tag", 50), ("bad_date", 30), ("no_id", 20)),
}


def add_revisions(records: list[Record], rng: random.Random, rates: Rates, hotels_by_city: dict[str, list[Hotel]]) -> None:
    """Give some records a revision 2 (and a few a revision 3): status moves on, a note is added.

    At least one record reaches revision 3, so every world exercises a chain of supersessions.
    """
    for record in records:
        if rng.random() < rates.revision:
            revise(record, rng, hotels_by_city)
            if rng.random() < rates.third_revision:
                revise(record, rng, hotels_by_city)
    revised = [r for r in records if len(r.versions) > 1]
    if revised and all(len(r.versions) < 3 for r in revised):
        revise(rng.choice(revised), rng, hotels_by_city)


def revise(record: Record, rng: random.Random, hotels_by_city: dict[str, list[Hotel]]) -> None:
    prev = record.versions[-1]
    version = copy.copy(prev)
    version.revision = prev.revision + 1
    version.updated = prev.updated + timedelta(hours=rng.randint(5, 24 * 25))
    version.mentions = list(prev.mentions)
    version.subjects = list(prev.subjects)
    subject = prev.subjects[0].person
    n = Narrative(prev.lang, rng)
    day = version.updated.date()
    fills = {"first": subject.first, "city": subject.city,
             "date": long_fr(day, rng) if prev.lang == "fr" else long_en(day, rng), **pronouns(subject.sex, prev.lang)}
    if prev.hostile:  # attack text stays as it came; only the status moves on
        version.status = "LOCATED" if prev.rtype == "MISSING_PERSON" else "CLOSED"
    elif prev.rtype == "MISSING_PERSON":
        if prev.status == "OPEN" and rng.random() < 0.8:
            version.status = "LOCATED"
        roll = rng.random()
        hotels = hotels_by_city.get(subject.city) or []
        if roll < 0.45:
            n.add("update_located", **fills)
        elif roll < 0.62 and hotels:
            hotel = rng.choice(hotels)
            n.add("update_hotel", hotel=hotel_slot(hotel), **fills)
        elif roll < 0.77 and subject.phones:
            n.add("update_phone", phone=phone_slot(subject.phones[0], rng), **fills)
    else:
        if prev.status == "OPEN" and rng.random() < 0.7:
            version.status = "CLOSED"
        if rng.random() < 0.5:
            n.add("update_closed", **fills)
    if n.sentences:
        joiner = "\n" if rng.random() < 0.3 else " "
        version.narrative = prev.narrative + joiner + n.text()
        version.mentions += n.mentions
    if rng.random() < 0.3:  # a clerk re-keys a subject: the spelling or the DOB may change
        i = rng.randrange(len(version.subjects))
        old = version.subjects[i]
        if not version.hostile:
            version.subjects[i] = subject_entry(old.sid, old.person, old.role, record.agency, version.updated.date(), rng)
    record.versions.append(version)


def add_purges(records: list[Record], rng: random.Random, rates: Rates) -> list[Record]:
    """Purge orders: a later revision with status PURGED and nothing else in it."""
    purged = []
    for record in records:
        last = record.versions[-1]
        p = rates.purge_hostile if last.hostile else rates.purge
        if rng.random() < p and not record.protected:
            purge = Version(last.revision + 1, last.rtype, "PURGED", last.opened,
                            last.updated + timedelta(days=rng.randint(1, 60)), [], [], "", [], lang=last.lang,
                            last_seen=last.last_seen, purge=True)
            record.versions.append(purge)
            purged.append(record)
    return purged


def schedule(records: list[Record], rng: random.Random, rates: Rates) -> list[Delivery]:
    """Place every version in its agency's file, then add duplicates, stale swaps and corruption."""
    deliveries: list[Delivery] = []
    stale_p = dict(rates.stale)
    for record in records:
        pos = rng.random() * 0.9
        placed = []
        for version in record.versions:
            placed.append(Delivery(record, version, pos, rng.getrandbits(32)))
            pos += (1.0 - pos) * rng.uniform(0.02, 0.8)
        if len(placed) > 1 and rng.random() < stale_p[record.fmt]:
            i = rng.randrange(len(placed) - 1)  # the lower revision arrives after the higher one
            placed[i].position, placed[i + 1].position = placed[i + 1].position, placed[i].position
        deliveries += placed

    _corrupt(deliveries, rng, rates)
    for d in list(deliveries):
        if d.version.purge or d.malformed or rng.random() >= rates.duplicate:
            continue
        seed = d.render_seed if rng.random() < rates.identical_duplicate else rng.getrandbits(32)
        deliveries.append(Delivery(d.record, d.version, d.position + (1.0 - d.position) * rng.uniform(0.01, 0.9), seed))
    deliveries.sort(key=lambda d: (d.position, d.record.key, d.version.revision))
    return deliveries


def _corrupt(deliveries: list[Delivery], rng: random.Random, rates: Rates) -> None:
    """Break about ``rates.malformed`` of the items (at least three), at least one per format present.

    Purge orders, hostile records and records that will be purged are left intact so each
    malformed item tests exactly one thing.
    """
    candidates = [d for d in deliveries if not d.version.purge and not d.version.hostile
                  and not d.record.versions[-1].purge and not d.record.protected]
    if not candidates:
        return
    target = max(3, round(rates.malformed * len(deliveries)))
    chosen: list[Delivery] = []
    for fmt in ("mcm", "mpr", "sfx"):
        of_fmt = [d for d in candidates if d.record.fmt == fmt]
        if of_fmt and len(chosen) < target:
            chosen.append(rng.choice(of_fmt))
    rest = [d for d in candidates if d not in chosen]
    chosen += rng.sample(rest, min(len(rest), target - len(chosen)))
    for d in chosen:
        kinds = MALFORMED_KINDS[d.record.fmt]
        d.malformed = rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]

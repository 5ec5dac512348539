"""Narratives that know what they mention.

A narrative is assembled sentence by sentence from templates; every placeholder filled with
an entity (:class:`Slot` with a :class:`Mention`) is recorded at the moment it is written, in
order. The truth therefore lists exactly what the text holds, with the text as written.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from functools import lru_cache

from tools.synthetic.formats import write_phone, write_plate
from tools.synthetic.model import Handle, Hotel, Mention, Person, Vehicle
from tools.synthetic.names import spoken_name
from tools.synthetic.pools import COLOURS
from tools.synthetic.templates import GUARDIAN_WORDS, TEMPLATES

_FORMATTER = string.Formatter()


@dataclass(frozen=True)
class Slot:
    """Text for a placeholder and, when it names an entity, the mention it makes."""

    text: str
    mention: Mention | None = None


Fill = str | Slot


class Narrative:
    """Sentences plus the mentions they make, in reading order."""

    def __init__(self, lang: str, rng: random.Random) -> None:
        self.lang = lang
        self.rng = rng
        self.sentences: list[str] = []
        self.mentions: list[Mention] = []

    def add(self, kind: str, **fills: Fill) -> None:
        """Write one sentence of ``kind`` (a random template of that kind, in this language)."""
        options = TEMPLATES[kind].get(self.lang) or TEMPLATES[kind]["en"]
        self.write(self.rng.choice(options), **fills)

    def write(self, template: str, **fills: Fill) -> None:
        order = _fields(template)
        texts = {k: (v.text if isinstance(v, Slot) else v) for k, v in fills.items()}
        self.sentences.append(template.format(**texts))
        for name in order:
            value = fills[name]
            if isinstance(value, Slot) and value.mention is not None:
                self.mentions.append(value.mention)

    def text(self) -> str:
        return " ".join(self.sentences)


@lru_cache(maxsize=1024)
def _fields(template: str) -> tuple[str, ...]:
    """Placeholder names in the order they appear (templates are few, so this is cached)."""
    return tuple(name for _, name, _, _ in _FORMATTER.parse(template) if name)


def pronouns(sex: str, lang: str) -> dict[str, str]:
    """Pronoun fills for templates (see :mod:`tools.synthetic.templates`)."""
    female = sex == "F"
    if lang == "fr":
        she = "elle" if female else "il"
        return {"she": she, "She": she.capitalize(), "her": "elle" if female else "lui",
                "her_poss": "sa", "Her_poss": "Sa", "e": "e" if female else "", "qu_she": "qu'" + she}
    she = "she" if female else "he"
    poss = "her" if female else "his"
    return {"she": she, "She": she.capitalize(), "her": "her" if female else "him", "her_poss": poss,
            "Her_poss": poss.capitalize(), "e": "", "qu_she": "that " + she}


def guardian_words(relation: str, sex: str, lang: str) -> str:
    poss = "Her" if sex == "F" else "His"
    return GUARDIAN_WORDS[lang].get(relation, GUARDIAN_WORDS[lang]["MOTHER"]).format(poss=poss)


def car_words(vehicle: Vehicle, lang: str) -> str:
    if lang == "fr":
        return f"{vehicle.make} {vehicle.model} {COLOURS[vehicle.colour]}"
    return f"{vehicle.colour} {vehicle.make} {vehicle.model}"


# --- slots: a written value and the mention it makes -------------------------------------------

def phone_slot(value: str, rng: random.Random) -> Slot:
    return Slot(write_phone(value, rng), Mention("phone", None, value, None))


def plate_slot(plate: str, rng: random.Random) -> Slot:
    return Slot(write_plate(plate, rng), Mention("plate", None, plate, None))


def hotel_slot(hotel: Hotel) -> Slot:
    return Slot(hotel.name, Mention("hotel", hotel.name, None, hotel.id))


def alias_slot(person: Person, lang: str, rng: random.Random) -> Slot:
    alias = rng.choice(person.aliases)
    text = f"« {alias} »" if lang == "fr" else f'"{alias}"'
    return Slot(text, Mention("alias", text, None, person.id))


def person_slot(person: Person, rng: random.Random, *, english_agency: bool) -> Slot:
    text = spoken_name(person.given, person.surname, rng, english_agency=english_agency)
    return Slot(text, Mention("person", text, None, person.id))


def handle_slot(person: Person, handle: Handle) -> Slot:
    return Slot(handle.handle, Mention("handle", handle.handle, None, person.id))


def platform_words(handle: Handle) -> str:
    return "Snapchat" if handle.platform == "snapchat" else "Instagram"

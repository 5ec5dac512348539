"""One hotel is one place: the structured location of a report and the narratives that name it
meet at one entity keyed by name and city, and no stored or shown text is a Python ``repr``."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from api.services.queries import open_context, search
from graph.places import PlaceIndex, place_id
from models.access import SYSTEM
from models.normalise import fold
from models.records import Address, Location
from models.settings import Settings

#: What Python prints for a dict or a list of strings: never data a person should read.
REPR = re.compile(r"\{'|': '|', '|\['")


def _stated(dev_dir: Path, truth: dict[str, Any]) -> list[tuple[str, str]]:
    """The dev world's hotels whose name is written with their city somewhere in the exports (a
    structured location, or "the NAME in CITY" / « le NAME à CITY » in a narrative)."""
    text = "\n".join(p.read_text(encoding="utf-8-sig") for p in sorted(dev_dir.glob("*_*.*")))
    found = []
    for hotel in truth["hotels"]:
        name, city = re.escape(hotel["name"]), re.escape(hotel["city"])
        structured = re.search(rf'"name": "{name}", "address": \{{[^}}]*"city": "{city}"', text)
        narrative = re.search(rf"{name}\W+(?:in|à|de|at)\s+{city}", text)
        if structured or narrative:
            found.append((hotel["name"], hotel["city"]))
    return found


def test_every_hotel_named_with_its_city_is_exactly_one_place(linked_dev: Path, dev_dir: Path, truth: dict[str, Any]) -> None:
    stated = _stated(dev_dir, truth)
    assert len(stated) >= 15, stated  # the dev world names most of its hotels with their city
    con = sqlite3.connect(linked_dev / "graph.db")
    try:
        places = {row[0]: row[1] for row in con.execute("SELECT id, caption FROM entities WHERE kind = 'place'")}
    finally:
        con.close()
    ctx = open_context(Settings(store=linked_dev, env="test"))
    try:
        for name, city in stated:
            same = [pid for pid, caption in places.items() if fold(caption) == fold(f"{name}, {city}")]
            assert same == [place_id(name, city)], (name, city, same)
            # No second entity for the same hotel under another city-like key (a postal code, an address line).
            variants = [pid for pid in places if pid.startswith(place_id(name, city) + "-")]
            assert variants == [], (name, city, variants)
            hits = search(ctx, f"{name} {city}", viewer=SYSTEM, kinds="place", limit=5).hits
            assert hits and hits[0].entity.id == place_id(name, city), (name, city, [h.entity.id for h in hits])
    finally:
        ctx.close()


def test_the_structured_and_the_narrative_mention_of_a_hotel_are_one_place(linked_dev: Path) -> None:
    """OPP-25-000001 lists the Lakeview Motel with an address in Kingston; narratives elsewhere name
    "the Lakeview Motel in Kingston". Both are the one place, with the address kept in its parts."""
    ctx = open_context(Settings(store=linked_dev, env="test"))
    try:
        detail = ctx.store.get_entity("place:lakeview-motel-kingston", viewer=SYSTEM)
        records = ctx.store.provenance(["place:lakeview-motel-kingston"], viewer=SYSTEM)
    finally:
        ctx.close()
    assert detail is not None and detail.caption == "Lakeview Motel, Kingston"
    parts = detail.properties["address_parts"]
    assert {"line", "city", "province", "postal"} <= set(parts[0]) and parts[0]["postal"] == "K1K 1Y6"
    fields = {p.field for p in records}
    spans = [p for p in records if p.span_start is not None]
    assert any(f and f.startswith("locations[") for f in fields) and spans  # structured and narrative, one entity


def test_no_stored_or_shown_text_is_a_python_repr(linked_dev: Path) -> None:
    con = sqlite3.connect(linked_dev / "graph.db")
    try:
        rows: list[tuple[str, str]] = []
        for table, columns in (("entities", "id, caption || ' ' || properties"), ("records", "key, payload"), ("terms", "*")):
            present = {r[1] for r in con.execute(f"PRAGMA table_info({table})")}
            if not present:
                continue
            for row in con.execute(f"SELECT {columns} FROM {table}"):
                rows.append((str(row[0]), " ".join(str(v) for v in row[1:]) if len(row) > 1 else str(row[0])))
    finally:
        con.close()
    assert len(rows) > 1000
    # JSON (double quotes) may hold anything; a Python repr of a dict or list (single quotes) must not appear.
    texts = [(owner, json.dumps(json.loads(text)) if text.startswith("{") else text) for owner, text in rows]
    bad = [(owner, REPR.search(text)) for owner, text in texts if REPR.search(text)]
    assert bad == [], bad[:5]


@pytest.mark.parametrize(("raw", "expected"), [
    ({"line": " 1777 Regent St ", "city": "Kingston", "province": "on", "postal": "k1k1y6"},
     Address(line="1777 Regent St", city="Kingston", province="ON", postal="K1K 1Y6")),
    ({"postal": "K1K-1Y6"}, Address(postal="K1K 1Y6")),
    ({"postal": "90210"}, Address(postal="90210")),                      # not Canadian: kept as written
    ({"city": "  "}, Address()),
])
def test_addresses_keep_their_parts_normalised(raw: dict[str, str], expected: Address) -> None:
    assert Address.model_validate(raw) == expected


def test_a_one_line_address_stays_a_line_never_parsed_by_guess() -> None:
    loc = Location.model_validate({"name": "Motel Capri", "address": "45 boul. Maloney, Gatineau"})
    assert loc.address == Address(line="45 boul. Maloney, Gatineau") and loc.place_city is None
    assert Location.model_validate({"name": "X", "address": "   "}).address is None


def test_a_name_known_in_one_city_takes_it_and_two_cities_stay_apart() -> None:
    from models.records import Record

    def record(no: str, locations: list[dict[str, Any]]) -> Record:
        return Record.model_validate({
            "agency": "OPP", "record_no": no, "record_type": "MISSING_PERSON", "status": "OPEN", "locations": locations,
            "source": {"source": "t.jsonl", "format": "mcm", "position": 1}})

    a = record("A", [{"type": "HOTEL", "name": "Lakeview Motel", "address": {"city": "Kingston"}}])
    b = record("B", [{"type": "LAST_SEEN", "city": "Mississauga"}])
    c = record("C", [{"type": "HOTEL", "name": "Sunset Lodge", "city": "Timmins"},
                     {"type": "HOTEL", "name": "Sunset Lodge", "city": "Windsor"}])
    index = PlaceIndex([a, b, c], {})
    assert index.place("lakeview motel", None, b)[:2] == ("place:lakeview-motel-kingston", "Lakeview Motel, Kingston")
    assert index.place("Sunset Lodge", None, b)[0] == "place:sunset-lodge"  # two cities: no guess
    assert index.place("Sunset Lodge", None, c)[0] == "place:sunset-lodge"  # nor inside one record naming both
    assert index.place("Lakeview Motel", "Ottawa", b)[0] == "place:lakeview-motel-ottawa"  # a stated city wins
    assert index.place("Lakeview Motel", None, a)[0] == "place:lakeview-motel-kingston"  # the record's own location


@pytest.mark.parametrize(("narrative", "structured"), [
    # A chain named with its branch's town ("Super 8 Kenora") is the chain's hotel in that town, the one a report's
    # structured location names as "Super 8" with its city.
    ("she stayed at the Super 8 Kenora. Then she left", ("Super 8", "Kenora")),
    ("Receipts: DAYS INN WINDSOR, RAMADA", ("Days Inn", "Windsor")),
    # What a narrative calls a hotel for short once named is the same place.
    ("au Motel Le Capri, à Gatineau. Au registre du Capri, la chambre 11", ("Motel Le Capri", "Gatineau")),
])
def test_a_chain_s_branch_and_a_short_name_are_the_place_of_the_structured_location(
        narrative: str, structured: tuple[str, str]) -> None:
    from graph.places import hotel_name
    from models.records import Record
    from models.vocabulary import MentionKind
    from nlp.patterns import places

    def record(no: str, locations: list[dict[str, Any]]) -> Record:
        return Record.model_validate({
            "agency": "OPP", "record_no": no, "record_type": "MISSING_PERSON", "status": "OPEN", "locations": locations,
            "source": {"source": "t.jsonl", "format": "mcm", "position": 1}})

    name, city = structured
    a = record("A", [{"type": "HOTEL", "name": name, "address": {"city": city}}])
    b = record("B", [])
    mentions = [s.to_mention() for s in places.find(narrative) if s.kind is MentionKind.HOTEL]
    index = PlaceIndex([a, b], {b.key: mentions})
    assert len(mentions) >= 1
    ids = {index.place(hotel_name(m), m.attrs.get("city"), b)[0] for m in mentions if fold(hotel_name(m)) == fold(name)}
    assert ids == {index.place(name, None, a)[0]} == {place_id(name, city)}

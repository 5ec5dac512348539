"""Which place a hotel, motel or lodge named in a record is: one place per normalised name and city.

Hotels are the pivot of trafficking investigations, so the structured location of a report
("Lakeview Motel", address in Kingston) and a narrative that names the motel alone ("seen at
the Lakeview Motel") must meet at one place. A place's identity is its folded name and city
(:func:`models.normalise.place_key`); the city is the one stated with the name, or else taken from
the record's context, in this order:

1. the record's own structured location of that name (its city or its address's city);
2. the one city the name is known in across the records that carry no caveat (a motel's name
   stated with its city in another report; a caveated report's places stay in it, or its
   readers' would learn what it says, as with aliases in :mod:`graph.aliases`).

Otherwise the place stays name-only (a hotel named nowhere with a city, or a name known in
several cities). Nothing here guesses between two candidate cities: two Sunset Motels in two
cities stay two places. The record's other places are no guide: a report's last-seen city is
where the person was seen, not where the motel its narrative names stands (measured on the dev
world, taking it put 9 hotels in the wrong city).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from models.graph import Mention
from models.ids import entity_id
from models.normalise import fold, place_key
from models.records import Record
from models.vocabulary import EntityKind, MentionKind

ALGORITHM = "place-identity/2.0"


def hotel_name(mention: Mention) -> str:
    """The name a hotel mention gives its place: the chain's without the branch's town the narrative ran into it
    ("Super 8 Kenora" is the Super 8 in Kenora; :mod:`nlp.patterns.places`), else the mention as written."""
    return mention.attrs.get("name") or mention.text


def place_id(name: str, city: str | None) -> str:
    """A readable, URL-safe id from the normalised name and city."""
    return entity_id(EntityKind.PLACE, place_key(name, city))


class PlaceIndex:
    """Every named place of a build and the cities its name is known in, gathered before any id is given."""

    def __init__(self, records: Sequence[Record], mentions: Mapping[str, Sequence[Mention]]) -> None:
        #: folded name -> folded city -> (name as first written, city as first written)
        self._known: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
        for record in records:
            if record.caveats:
                continue  # what a caveated record states is not carried to others (module docstring)
            for loc in record.locations:
                city = loc.place_city
                if loc.name and city:
                    self._known[fold(loc.name)].setdefault(fold(city), (loc.name.strip(), city.strip()))
            for m in mentions.get(record.key, ()):
                city = m.attrs.get("city") if m.kind is MentionKind.HOTEL else None
                if city:
                    name = hotel_name(m)
                    self._known[fold(name)].setdefault(fold(city), (name.strip(), city.strip()))

    def city_for(self, name: str, stated: str | None, record: Record) -> str | None:
        """The city of the place ``name`` in ``record`` (see the module docstring for the order)."""
        if stated and stated.strip():
            return stated.strip()
        folded = fold(name)
        own = {fold(c): c for c in (loc.place_city for loc in record.locations if loc.name and fold(loc.name) == folded) if c}
        if own:
            return next(iter(own.values())) if len(own) == 1 else None
        known = self._known.get(folded, {})
        if len(known) == 1:
            return next(iter(known.values()))[1]
        return None

    def place(self, name: str, stated: str | None, record: Record) -> tuple[str, str, str | None]:
        """``(id, caption, city)`` of the place ``name`` names in ``record``."""
        city = self.city_for(name, stated, record)
        display_name, display_city = self._known.get(fold(name), {}).get(fold(city or ""), (name.strip(), city))
        caption = f"{display_name}, {display_city}" if display_city else display_name
        return place_id(name, city), caption, display_city

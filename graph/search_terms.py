"""What a search can find an entity by: folded names and aliases, phone digits, plates, handles."""

from __future__ import annotations

from graph.model import EntityRow
from models.normalise import fold


def terms_for(row: EntityRow) -> list[str]:
    props = row.properties
    terms: set[str] = set()
    if row.kind == "person":
        for name in [row.caption, *props.get("names", []), *props.get("aliases", [])]:
            folded = fold(str(name).strip("\u201c\u201d\"'"))
            if folded:
                terms.add(folded)
    elif row.kind == "phone":
        terms.add(str(props.get("value", row.caption)))
    elif row.kind == "vehicle":
        terms.add(str(props.get("plate", row.caption)).replace(" ", ""))
    elif row.kind in {"handle", "email"}:
        terms.add(str(props.get("value", row.caption)).lower())
    elif row.kind == "place":
        terms.add(fold(str(props.get("name") or row.caption)))
        terms.add(fold(row.caption))  # name and city: "Lakeview Motel, Kingston"
    elif row.kind == "record":
        terms.add(str(props.get("record_no", row.caption)).lower())
    return sorted(t for t in terms if t)

"""What a search can find an entity by, as its kind declares (:attr:`EntityKindSpec.search`): folded names
and aliases, phone digits, plates, handles."""

from __future__ import annotations

from collections.abc import Callable

from graph.model import EntityRow
from models.normalise import fold
from models.vocabulary import ENTITY_KINDS, TermForm

#: How each declared form writes a term.
FORMS: dict[TermForm, Callable[[str], str]] = {
    TermForm.AS_IS: lambda v: v,
    TermForm.LOWER: str.lower,
    TermForm.COMPACT: lambda v: v.replace(" ", ""),
    TermForm.FOLDED: fold,
    TermForm.NAME: lambda v: fold(v.strip("\u201c\u201d\"'")),
}


def _values(row: EntityRow, name: str) -> list[str]:
    """What field ``name`` of ``row`` holds (``caption``: its caption), as strings; none when it is empty."""
    raw = row.caption if name == "caption" else row.properties.get(name)
    if isinstance(raw, list):
        return [str(x) for x in raw]
    return [str(raw)] if raw is not None and raw != "" else []


def terms_for(row: EntityRow) -> list[str]:
    terms: set[str] = set()
    for term in ENTITY_KINDS[row.kind].search:
        form = FORMS[term.form]
        found = next((values for values in (_values(row, f) for f in term.fields) if values), [])
        terms.update(form(v) for v in found)
    return sorted(t for t in terms if t)

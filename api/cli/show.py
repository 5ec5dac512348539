"""How the terminal shows people and answers, not ids: an entity's caption beside its id, a person's
dates of birth, roles and services, record keys in the one printed form ``AGENCY:NO``.

Captions are looked up for the viewer who asked, through the same access-controlled store read as
every answer (:meth:`GraphStore.get_entities` with the viewer), and only for ids the answer already
holds: a name is never shown that the viewer could not have asked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from api.schemas import EntityOut
from api.services.queries import AmbiguousError, AppContext, is_entity_id
from models.access import Viewer
from models.vocabulary import EntityKind

_ID_IN_TEXT = re.compile(r"\b[a-z]+:[^\s,;()]+")
#: Captions looked up at most for this many ids of one answer (a whole-graph community list stays quick).
MAX_NAMES = 5000


def entity_ids_in(value: Any) -> set[str]:
    """Every entity id a JSON-like answer holds (at any depth)."""
    found: set[str] = set()

    def walk(v: Any) -> None:
        if isinstance(v, str):
            if is_entity_id(v):
                found.add(v)
            elif ":" in v and " " in v:  # ids inside a sentence (a scope's description)
                found.update(m.group(0) for m in _ID_IN_TEXT.finditer(v) if is_entity_id(m.group(0)))
        elif isinstance(v, dict):
            for item in v.values():
                walk(item)
        elif isinstance(v, (list, tuple)):
            for item in v:
                walk(item)

    walk(value)
    return found


def caption_of(e: EntityOut) -> str:
    """A record's key in the printed form (``OPP:OPP-25-000001``), anything else's caption."""
    return e.id.removeprefix("record:") if e.kind == EntityKind.RECORD.value else e.caption


def facts_of(e: EntityOut) -> str:
    """What tells two people of the same name apart: dates of birth, roles in the records, services."""
    props = e.properties
    parts: list[str] = []
    dobs = [str(d) for d in props.get("dobs") or [] if d]
    if dobs:
        parts.append("b. " + ", ".join(dobs[:3]))
    roles = [str(r) for r in props.get("roles") or [] if r]
    if roles:
        parts.append(", ".join(roles[:4]).lower())
    if e.labels.agencies:
        parts.append(", ".join(e.labels.agencies))
    return "; ".join(parts)


class Names:
    """Entity id -> what the viewer may see of it, for one answer."""

    def __init__(self, entities: Iterable[EntityOut] = ()) -> None:
        self._by_id = {e.id: e for e in entities}

    @classmethod
    def lookup(cls, ctx: AppContext, viewer: Viewer, answer: BaseModel) -> Names:
        ids = sorted(entity_ids_in(answer.model_dump()))[:MAX_NAMES]
        return cls(EntityOut.of(r) for r in ctx.store.get_entities(ids, viewer=viewer)) if ids else cls()

    def get(self, entity_id: str) -> EntityOut | None:
        return self._by_id.get(entity_id)

    def caption(self, entity_id: str) -> str:
        """The caption alone (the id itself when the viewer may not see the entity)."""
        e = self._by_id.get(entity_id)
        return caption_of(e) if e is not None else entity_id

    def who(self, entity_id: str) -> str:
        """Caption, the facts that tell people apart, and the id, dimmed (rich markup)."""
        e = self._by_id.get(entity_id)
        if e is None:
            return f"[dim]{escape(entity_id)}[/dim]"
        return label(e)

    def named(self, text: str) -> str:
        """``text`` with every entity id in it followed by its caption (a scope's description)."""
        return _ID_IN_TEXT.sub(lambda m: f"{m.group(0)} ({self.caption(m.group(0))})" if m.group(0) in self._by_id else m.group(0),
                               text)

    def captions(self, ids: Iterable[str], limit: int = 12) -> str:
        ids = list(ids)
        shown = ", ".join(escape(self.caption(i)) for i in ids[:limit])
        return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def label(e: EntityOut) -> str:
    """One entity on one line (rich markup): kind, caption, facts, hub and caveat flags, the id dimmed."""
    hub = " [yellow](hub)[/yellow]" if e.hub else ""
    caveats = f" [red]{escape(','.join(e.labels.caveats))}[/red]" if e.labels.caveats else ""
    if e.kind == EntityKind.RECORD.value:  # the key is the id's tail: not printed twice
        what = ", ".join(str(e.properties[k]) for k in ("record_type", "opened") if e.properties.get(k))
        return f"[bold]record[/bold] {escape(caption_of(e))}{f' ({escape(what)})' if what else ''}{hub}{caveats}"
    facts = facts_of(e) if e.kind == EntityKind.PERSON.value else ""
    facts = f" ({escape(facts)})" if facts else ""
    return f"[bold]{e.kind}[/bold] {escape(caption_of(e))}{facts}{hub}{caveats}  [dim]{escape(e.id)}[/dim]"


def entity_table(title: str, entities: Iterable[EntityOut]) -> Table:
    """Entities as rows: caption, kind, what tells people apart, id."""
    table = Table(title=title)
    for col in ("caption", "kind", "DOB / roles / services", "id"):
        table.add_column(col, overflow="fold")
    for e in entities:
        table.add_row(escape(caption_of(e)), e.kind, escape(facts_of(e)), e.id)
    return table


def print_candidates(console: Console, exc: AmbiguousError) -> None:
    """An ambiguous name: the message, then every candidate with what tells them apart."""
    console.print(f"[red]error:[/red] {escape(exc.message)}")
    console.print(entity_table("candidates", exc.candidates))

"""Search: names (fuzzy, accents folded), phones in any format, plates, aliases, handles, record numbers.

The query is read every way it could be meant: as a phone (normalised to E.164), a plate, a
handle, a record number, and a name. Exact keys rank first; names are matched fuzzily on their
folded form. The term list is reloaded when the store has changed since it was read.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from models.access import Viewer
from models.normalise import fold, handle_key, phone_e164, plate_key
from models.vocabulary import EntityKind

MAX_QUERY = 200


@dataclass(frozen=True)
class Hit:
    entity_id: str
    kind: str
    matched: str
    score: float
    how: str


#: Term lists kept at once, one per distinct visibility scope (role x agency x clearances).
MAX_SCOPES = 16


_PHONES, _VEHICLES = frozenset({EntityKind.PHONE}), frozenset({EntityKind.VEHICLE})
_HANDLES, _RECORDS = frozenset({EntityKind.HANDLE, EntityKind.EMAIL}), frozenset({EntityKind.RECORD})


class SearchIndex:
    """The terms of the entities one viewer scope may see: the store's query decides which
    (``search_terms(viewer=...)``), so a hidden entity is never a hit, nor counted."""

    def __init__(self, load_terms: Callable[[], list[tuple[str, str, str]]]) -> None:
        self._load = load_terms
        self._generation: object = None
        self._by_term: dict[str, list[tuple[str, str]]] = {}
        self._names: list[str] = []

    def refresh(self, generation: object) -> None:
        if generation == self._generation:
            return
        by_term: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for term, entity_id, kind in self._load():
            by_term[term].append((entity_id, kind))
        self._by_term = dict(by_term)
        self._names = sorted(t for t, owners in by_term.items() if any(k in {EntityKind.PERSON, EntityKind.PLACE} for _, k in owners))
        self._generation = generation

    def search(self, query: str, *, limit: int = 20, kinds: frozenset[str] | None = None) -> list[Hit]:
        q = query.strip()
        if not q:
            return []
        hits: dict[str, Hit] = {}

        def add(term: str, score: float, how: str, of: frozenset[str] | None = None) -> None:
            # ``of``: the kinds a term found this way can name (a folded hotel name is no handle).
            for entity_id, kind in self._by_term.get(term, ()):
                if (kinds and kind not in kinds) or (of is not None and kind not in of):
                    continue
                if entity_id not in hits or hits[entity_id].score < score:
                    hits[entity_id] = Hit(entity_id, kind, term, score, how)

        phone = phone_e164(q)
        if phone:
            add(phone, 100.0, "phone", _PHONES)
        plate = plate_key(q)
        if plate:
            add(plate.replace(" ", ""), 100.0, "plate", _VEHICLES)
        lowered = q.lower()
        for handle in {lowered, "@" + lowered.lstrip("@"), lowered.lstrip("@"), handle_key(q)}:
            add(handle, 100.0, "handle", _HANDLES)
        add(lowered, 100.0, "record number", _RECORDS)
        folded = fold(q)
        if folded:
            add(folded, 99.0, "name")
            for term, score, _ in process.extract(folded, self._names, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=80):
                add(term, float(score) * 0.98, "name (fuzzy)")
        return sorted(hits.values(), key=lambda h: (-h.score, h.entity_id))[:limit]


class ScopedSearch:
    """One :class:`SearchIndex` per viewer scope, loaded through the store's visibility-filtered
    ``search_terms``, least recently used dropped beyond :data:`MAX_SCOPES`."""

    def __init__(self, load_terms: Callable[[Viewer], list[tuple[str, str, str]]]) -> None:
        self._load = load_terms
        self._indexes: OrderedDict[object, SearchIndex] = OrderedDict()

    def index(self, viewer: Viewer, generation: object) -> SearchIndex:
        key = viewer.scope_key()
        found = self._indexes.pop(key, None)
        if found is None:
            found = SearchIndex(lambda: self._load(viewer))
        self._indexes[key] = found
        while len(self._indexes) > MAX_SCOPES:
            self._indexes.popitem(last=False)
        found.refresh(generation)
        return found

"""Hubs: values shared by so many unrelated people (a group home's phone, a busy motel) that they are
no evidence. They neither merge people nor carry traversals. Which kinds may be hubs, and when, is
declared with each entity kind (:attr:`models.vocabulary.EntityKindSpec.hub`); this module counts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from graph.model import EntityRow
from graph.places import PlaceIndex
from graph.resolve.types import PersonMention
from models.graph import Mention
from models.records import Record
from models.vocabulary import MENTION_ENTITY_KIND, VOCABULARY, EntityKind, HubBasis, Vocabulary

#: Named and versioned on every hub (its ``hub_rule`` property).
HUB_RULE = "hub-distinct-people/1.0"

#: The values of each entity kind a person mention names, for the hub rules that count people
#: (:attr:`HubBasis.DISTINCT_PEOPLE`): a kind declared hub-capable that way must have an entry here.
MENTION_VALUES: dict[EntityKind, Callable[[PersonMention], frozenset[str]]] = {
    EntityKind.PHONE: lambda m: m.phones,
    EntityKind.ADDRESS: lambda m: m.addresses,
    EntityKind.EMAIL: lambda m: m.emails,
    EntityKind.HANDLE: lambda m: m.handles,
}


def value_hubs(people: Sequence[PersonMention], vocabulary: Vocabulary = VOCABULARY) -> frozenset[str]:
    """The values (of every kind whose hub rule counts people) used by so many differently named people
    that they are no evidence."""
    out: set[str] = set()
    for kind, rule in vocabulary.hub_rules().items():
        if rule.basis is not HubBasis.DISTINCT_PEOPLE:
            continue
        values_of = MENTION_VALUES[kind]
        users: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for m in people:
            for value in values_of(m):
                users[value].add((m.surname, m.first))
        out |= {v for v, names in users.items() if rule.holds(people=len(names), records=0)}
    return frozenset(out)


def record_hubs(records: Sequence[Record], mentions: Mapping[str, Sequence[Mention]], places: PlaceIndex,
                vocabulary: Vocabulary = VOCABULARY) -> frozenset[str]:
    """The values (of every kind whose hub rule counts records) named in so many of the narratives of
    ``records`` that they are no evidence: counted by what marks the hub, its value property or (a place,
    which has none) its id."""
    rules = {k: r for k, r in vocabulary.hub_rules().items() if r.basis is HubBasis.RECORD_SHARE}
    named: dict[EntityKind, dict[str, set[str]]] = {kind: defaultdict(set) for kind in rules}
    for record in records:
        for mention in mentions.get(record.key, ()):
            kind = MENTION_ENTITY_KIND[mention.kind]
            if kind in named:
                value = mention.value if vocabulary.entity_kinds[kind].value_property else \
                    places.place(mention.text, mention.attrs.get("city"), record)[0]
                if value:
                    named[kind][value].add(record.key)
    return frozenset(v for kind, rule in rules.items() for v, recs in named[kind].items()
                     if rule.holds(people=0, records=len(recs), total_records=len(records)))


def hub_value(row: EntityRow, vocabulary: Vocabulary = VOCABULARY) -> str | None:
    """What marks ``row`` as a hub when it is among a build's hubs: its value property, or its id for a kind that has
    none (a place); None for a kind that is never a hub."""
    spec = vocabulary.entity_kinds[row.kind]
    if spec.hub is None:
        return None
    value = row.id if spec.value_property is None else row.properties.get(spec.value_property)
    return None if value is None else str(value)

"""Investigators' decisions between entities, as one build applies them: aliases and places.

Decisions between two person mentions are the matcher's business (:mod:`graph.resolve.persons`).
The rest (:class:`~graph.resolve.decisions.EntityDecisions`) act here, on what the builder would
otherwise decide by rule:

- **an alias and a person, same**: every mention of the alias that its own record does not state
  with a person (:mod:`graph.aliases`) is that person's, in every record, whatever the
  one-owner rule would say. A record stating the alias with someone else keeps its own reading
  (the record says whose alias it is *there*); a "not same" removes even that.
- **an alias and a person, not same**: the alias is never bound to that person, neither by a
  record stating it with them nor across records; it falls to the next rule (another decision,
  the one-owner rule, or an alias-only person). A record listing the alias among its subject's
  ``aliases[]`` still shows it on that person: the record says so; only the binding goes.
- **two places, same**: one place, under the id and caption of the place named first.

An investigator's decision is the team's own finding, held outside any record with who, when
and why; unlike a binding stated in a caveated record (which stays in that record), it applies in
every record, so every reader of the alias sees it bound. Its reason is shown only to viewers
who may see a record behind each side. An investigator whose only ground is a caveated record
should therefore not record it as a decision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from graph.model import MergeRow
from graph.places import PlaceIndex, hotel_name
from graph.resolve.decisions import ALGORITHM, ALIAS, Decision, EntityDecisions, alias_key, is_mention
from models.graph import Mention
from models.ids import alias_only_id
from models.records import Record
from models.vocabulary import MentionKind


class DecidedPlaces(PlaceIndex):
    """A :class:`PlaceIndex` under the decisions that make two places one: each place id is its
    group's first place, with that place's caption and city."""

    def __init__(self, records: Sequence[Record], mentions: Mapping[str, Sequence[Mention]],
                 place_of: Mapping[str, tuple[str, Decision]]) -> None:
        super().__init__(records, mentions)
        self.place_of = dict(place_of)
        #: survivor id -> (caption, city) as the survivor itself is shown (first written).
        self._shown: dict[str, tuple[str, str | None]] = {}
        if not self.place_of:
            return
        survivors = {target for target, _ in self.place_of.values()}
        for record in records:
            named = [(loc.name, loc.place_city) for loc in record.locations if loc.name]
            named += [(hotel_name(m), m.attrs.get("city")) for m in mentions.get(record.key, ()) if m.kind is MentionKind.HOTEL]
            for name, city in named:
                pid, caption, shown_city = super().place(name, city, record)
                if pid in survivors:
                    self._shown.setdefault(pid, (caption, shown_city))

    def place(self, name: str, stated: str | None, record: Record) -> tuple[str, str, str | None]:
        pid, caption, city = super().place(name, stated, record)
        decided = self.place_of.get(pid)
        if decided is None:
            return pid, caption, city
        target = decided[0]
        shown_caption, shown_city = self._shown.get(target, (caption, city))
        return target, shown_caption, shown_city


class DecidedAliases:
    """Which person each alias names under the decisions, in one build's persons."""

    def __init__(self, decisions: EntityDecisions, person_of: Mapping[str, str]) -> None:
        #: folded alias -> (person id, decision)
        self.person: dict[str, tuple[str, Decision]] = {
            folded: (person_of[mention], d) for folded, (mention, d) in decisions.alias_of.items() if mention in person_of}
        #: folded alias -> person ids it is not
        self.not_person: dict[str, frozenset[str]] = {
            folded: frozenset(person_of[m] for m in by if m in person_of) for folded, by in decisions.not_alias_of.items()}

    def vetoed(self, folded: str, pid: str) -> bool:
        return pid in self.not_person.get(folded, frozenset())

    def bound(self, folded: str) -> str | None:
        decided = self.person.get(folded)
        return decided[0] if decided else None


def entity_of(key: str, decisions: EntityDecisions, aliases: DecidedAliases, owners: Mapping[str, set[str]]) -> str | None:
    """The entity an entity key a decision names (``alias:...``, ``place:...``) is in this build (an
    alias: where its mentions that no record states with a person go); None for a mention key."""
    if key.startswith(ALIAS):
        folded = key[len(ALIAS):]
        found = owners.get(folded, set())
        return aliases.bound(folded) or (next(iter(found)) if len(found) == 1 else alias_only_id(folded))
    if is_mention(key):
        return None
    decided = decisions.place_of.get(key)
    return decided[0] if decided else key


def decided_joins(decisions: EntityDecisions, aliases: DecidedAliases) -> list[tuple[str, MergeRow]]:
    """Each decision that made an entity what it is, with that entity: an alias bound to a person, two places made one."""
    joins: list[tuple[str, MergeRow]] = []
    for folded, (pid, d) in sorted(aliases.person.items()):
        mention = decisions.alias_of[folded][0]
        joins.append((pid, _join(pid, mention, alias_key(folded), d, "investigator decision: alias of this person")))
    for place, (target, d) in sorted(decisions.place_of.items()):
        joins.append((target, _join(target, target, place, d, "investigator decision: same place")))
    return joins


def _join(entity: str, a: str, b: str, d: Decision, feature: str) -> MergeRow:
    return MergeRow(a=a, b=b, entity=entity, score=100.0, features={feature: 100.0}, algorithm=ALGORITHM, decision=d.label())

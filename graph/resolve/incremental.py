"""What a person resolution keeps between builds under one epoch, so that a commit re-resolves only what it can change.

Why it is exact. Under one :class:`~graph.resolve.epoch.Epoch` (and the same hubs and decisions) a pair's
probability depends on its two mentions alone. Average-link clustering joins clusters only along pairs at
or above the threshold (or an investigator's "same"), weighs only pairs inside the two clusters it joins,
and the review queue reads only pairs from :data:`~graph.resolve.learned.NEAR_MISS` up; both thresholds are
above nothing a build ignores. So a build's outcome is the union of the outcomes of its *parts*: the
connected groups of mentions linked by a candidate pair at least that probable or by a decision. Each part is
resolved exactly as the whole build would resolve it, its mentions in the build's order.

A commit then changes only:

- the parts of the mentions it removes (the rest of such a part may split), and
- the parts an added mention shares a blocking key with (it may join them; a shared key is the only way it
  can be paired with anything), and the part of any mention a decision pairs it with;

which are resolved again, together with the added mentions, and split into parts anew. A blocking key
whose holders cross ``max_block`` either way (its pairs appear or vanish for all of them) and a change of
hubs, decisions or epoch make the next build resolve everything (:meth:`World.scopable`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from graph.resolve.epoch import Epoch
from graph.resolve.types import MatchScore, PersonMention

#: A pair for the review queue: probability, the two mentions, kind ("refused", "uncertain merge", "near miss"), reason.
Asked = tuple[float, PersonMention, PersonMention, str, "str | None"]
#: The active decisions a build honoured, as (id, a, b, verdict): a change of them resolves everything.
DecidedKey = tuple[tuple[int, str, str, str], ...]


@dataclass
class Part:
    """One connected group of mentions and what resolving it gave."""

    members: list[PersonMention]
    cluster_of: dict[str, str] = field(default_factory=dict)
    merges: dict[tuple[str, str], MatchScore] = field(default_factory=dict)
    refused: dict[tuple[str, str], str] = field(default_factory=dict)
    asked: list[Asked] = field(default_factory=list)


def split(members: Sequence[PersonMention], links: Iterable[tuple[int, int]]) -> list[list[int]]:
    """The connected groups of ``members`` (indices) under ``links``, each in index order."""
    root = list(range(len(members)))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    for i, j in links:
        ri, rj = find(i), find(j)
        if ri != rj:
            root[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(members)):
        groups[find(i)].append(i)
    return list(groups.values())


class World:
    """The last build's mentions (by identity: a record unchanged keeps its very mention objects), their
    blocking keys and parts, under one epoch, hubs and set of decisions."""

    def __init__(self, epoch: Epoch, hubs: frozenset[str], decided: DecidedKey, max_block: int) -> None:
        self.epoch, self.hubs, self.decided, self.max_block = epoch, hubs, decided, max_block
        self.held: dict[int, PersonMention] = {}
        self.keys_of: dict[int, tuple[str, ...]] = {}
        self.blocks: dict[str, set[int]] = defaultdict(set)
        self.part_of: dict[int, int] = {}
        self.by_key: dict[str, int] = {}
        self.parts: dict[int, Part] = {}
        self._serial = 0
        #: Mention key -> the mention keys active decisions pair it with.
        self.partners: dict[str, set[str]] = defaultdict(set)
        for _, a, b, _ in decided:
            self.partners[a].add(b)
            self.partners[b].add(a)
        #: Explanations of review pairs already given, by the pair's mentions' identities (valid under this world).
        self.explained: dict[tuple[int, int], MatchScore] = {}
        #: Each held mention's place in the last build's order.
        self.rank: dict[int, int] = {}

    def in_order(self, mentions: Sequence[PersonMention]) -> bool:
        """Whether the held mentions among ``mentions`` keep the last build's order (a part's joins and ties are in
        that order; the graph builder orders records by key, so an unchanged mention keeps its place)."""
        last = -1
        for m in mentions:
            r = self.rank.get(id(m))
            if r is not None:
                if r < last:
                    return False
                last = r
        return True

    def ranked(self, mentions: Sequence[PersonMention]) -> None:
        """Note ``mentions``' order, the build's."""
        self.rank = {id(m): i for i, m in enumerate(mentions)}

    def fits(self, epoch: Epoch, hubs: frozenset[str], decided: DecidedKey) -> bool:
        return self.epoch is epoch and self.hubs == hubs and self.decided == decided

    def usable_keys(self, keys: Iterable[str]) -> list[str]:
        """Those of ``keys`` held by few enough mentions to block on."""
        return [k for k in keys if len(self.blocks.get(k, ())) <= self.max_block]

    def scopable(self, added: Sequence[tuple[PersonMention, Sequence[str]]], removed: Sequence[PersonMention]) -> bool:
        """Whether the change can be resolved part by part: no blocking key's holders cross ``max_block``."""
        delta: Counter[str] = Counter()
        for _, keys in added:
            delta.update(set(keys))
        for m in removed:
            delta.subtract(set(self.keys_of[id(m)]))
        for key, change in delta.items():
            before = len(self.blocks.get(key, ()))
            if (before > self.max_block) != (before + change > self.max_block):
                return False
        return True

    def remove(self, m: PersonMention) -> int:
        """Forget ``m``; returns the part it was in."""
        i = id(m)
        for key in self.keys_of.pop(i):
            held = self.blocks[key]
            held.discard(i)
            if not held:
                del self.blocks[key]
        del self.held[i]
        if self.by_key.get(m.key) == i:
            del self.by_key[m.key]
        return self.part_of.pop(i)

    def add(self, m: PersonMention, keys: Sequence[str]) -> None:
        """Hold ``m`` with its blocking ``keys`` (all additions first, then :meth:`reach`)."""
        i = id(m)
        unique = tuple(dict.fromkeys(keys))
        for key in unique:
            self.blocks[key].add(i)
        self.held[i], self.keys_of[i], self.by_key[m.key] = m, unique, i

    def reach(self, m: PersonMention) -> set[int]:
        """The parts a held mention without one may join: those of the mentions sharing a usable blocking key with it
        (the only way it can be paired with them), and those of the mentions a decision pairs it with."""
        out: set[int] = set()
        for key in self.usable_keys(self.keys_of[id(m)]):
            out.update(self.part_of[j] for j in self.blocks[key] if j in self.part_of)
        for other in self.partners.get(m.key, ()):
            j = self.by_key.get(other)
            if j is not None and j in self.part_of:
                out.add(self.part_of[j])
        return out

    def place(self, part: Part) -> None:
        """Keep a newly resolved part."""
        self._serial += 1
        self.parts[self._serial] = part
        for m in part.members:
            self.part_of[id(m)] = self._serial

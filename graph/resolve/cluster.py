"""Clustering matched pairs into entities without chaining through one weak link.

Joining every matched pair (connected components, or greedy single link) lets one doubtful
pair glue two crowds together: half a city through one weak link. Here two clusters join only
when the *average* probability over every cross pair between them (scored on demand when
blocking never paired them) stays at or above the threshold, and no cross pair is hard
incompatible (two subjects of one record, contradicting dates of birth...). Strongest pairs are
considered first, so the outcome does not depend on input order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

#: The refusal of a join whose clusters' average link is too low (probabilities: three decimals).
TOO_WEAK = "average link {mean:.3f} between the two clusters is below {average:.3f}"


@dataclass
class Clusters:
    """A cluster (its smallest member index) for every record, and why each join or refusal happened."""

    root_of: list[int]
    #: (i, j) → probability, for every pair whose consideration joined two clusters.
    merges: dict[tuple[int, int], float] = field(default_factory=dict)
    #: (i, j) → reason, for matched pairs whose clusters were kept apart.
    refused: dict[tuple[int, int], str] = field(default_factory=dict)
    #: The pairs among ``merges`` that a human decision joined (not the model).
    decided: set[tuple[int, int]] = field(default_factory=set)


def separated(cannot: Mapping[tuple[int, int], str], a: Sequence[int], b: Sequence[int]) -> str | None:
    """Why two groups may never be one (the first ``cannot`` pair across them), or None."""
    if not cannot:
        return None
    return next((r for x in a for y in b if (r := cannot.get((x, y) if x < y else (y, x)))), None)


def average_link(n: int, scored: Mapping[tuple[int, int], float], *, threshold: float,
                 probability: Callable[[int, int], float], incompatible: Callable[[int, int], str | None],
                 must: Sequence[tuple[int, int]] = (), cannot: Mapping[tuple[int, int], str] | None = None,
                 floor: float | None = None, average: float | None = None,
                 probabilities: Callable[[Sequence[tuple[int, int]]], Sequence[float]] | None = None,
                 rank: Sequence[int] | None = None, sure: float | None = 1.0, too_weak: str = TOO_WEAK,
                 must_labels: Sequence[str] = ()) -> Clusters:
    """Agglomerate ``n`` records over the ``scored`` pairs ``(i, j)``, ``i < j``, that reach the threshold, strongest first.

    ``probability`` scores a cross pair that blocking never paired (clusters are small, so this is cheap).
    ``must`` pairs (a reviewer said: the same) are joined first, in order, and count as certain;
    ``cannot`` pairs (a reviewer said: not the same, and why) never end in one cluster.
    ``floor``: two clusters do not join while any cross pair is below it (the model is nearly sure
    those two are two people: same name, dates of birth decades apart), however strong the other
    links; evidence, not a rule, since a pair's probability is all its features weighed.
    ``average``: the least average probability across two clusters for them to join (default: ``threshold``).
    ``probabilities``: scores many such pairs at once (what ``probability`` does one by one); each
    on-demand pair is scored once however often its clusters are weighed (a refused join is weighed
    again as either side grows): in a register of ten rows a person, one pair at a time was half the
    resolution's time.
    ``rank``: each record's place in the order ties between equal scores are broken by (default: its index).
    ``sure``: what a ``must`` pair counts for in an average (None: its own score, as any pair).
    ``too_weak``: the refusal of a join whose average is too low (``{mean}`` and ``{average}`` filled in).
    ``must_labels``: one per ``must`` pair; a refused one reads ``"<label> conflicts with <reason>"``.
    """
    average = threshold if average is None else average
    cannot = cannot or {}
    certain = {(min(i, j), max(i, j)) for i, j in must} if sure is not None else set()
    order = rank if rank is not None else range(n)

    asked: dict[tuple[int, int], float] = {}  # on-demand pairs already scored

    def link(x: int, y: int) -> float:
        pair = (min(x, y), max(x, y))
        if pair in certain and sure is not None:
            return sure
        known = scored.get(pair)
        if known is None:
            known = asked.get(pair)
            if known is None:
                known = asked[pair] = probability(*pair)
        return known

    def ask(a: Sequence[int], b: Sequence[int]) -> None:
        """Score in one batch the pairs across ``a`` and ``b`` that neither blocking nor an earlier weighing scored."""
        if probabilities is None:
            return
        todo = sorted({p for x in a for y in b if (p := (min(x, y), max(x, y))) not in certain and p not in scored and p not in asked})
        if todo:
            asked.update(zip(todo, probabilities(todo), strict=True))

    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    root = list(range(n))
    out = Clusters(root_of=root)
    for nth, (i, j) in enumerate(must):
        ri, rj = root[i], root[j]
        if ri == rj:
            continue
        reason = separated(cannot, members[ri], members[rj])
        if reason is not None:
            out.refused[(min(i, j), max(i, j))] = f"{must_labels[nth]} conflicts with {reason}" if must_labels else reason
            continue
        keep, drop = (ri, rj) if len(members[ri]) >= len(members[rj]) else (rj, ri)
        for k in members[drop]:
            root[k] = keep
        members[keep].extend(members.pop(drop))
        out.merges[(min(i, j), max(i, j))] = 1.0
        out.decided.add((min(i, j), max(i, j)))
    for (i, j), p in sorted(scored.items(), key=lambda t: (-t[1], order[t[0][0]], order[t[0][1]])):
        if p < threshold:
            continue
        ri, rj = root[i], root[j]
        if ri == rj:
            continue
        a, b = members[ri], members[rj]
        reason = separated(cannot, a, b) or next((r for x in a for y in b if (r := incompatible(x, y))), None)
        if reason is None and len(a) * len(b) > 1:
            ask(a, b)
            links = [(link(x, y), x, y) for x in a for y in b]
            mean = sum(v for v, _, _ in links) / len(links)
            weakest = min(links)
            if mean < average:
                reason = too_weak.format(mean=mean, average=average)
            elif floor is not None and weakest[0] < floor:
                reason = f"records {weakest[1]} and {weakest[2]} across the two clusters are very probably two people (p={weakest[0]:.3f})"
        if reason is not None:
            out.refused[(i, j)] = reason
            continue
        keep, drop = (ri, rj) if len(a) >= len(b) else (rj, ri)
        for k in members[drop]:
            root[k] = keep
        members[keep].extend(members.pop(drop))
        out.merges[(i, j)] = p
    smallest = {r: min(ms) for r, ms in members.items()}
    out.root_of = [smallest[root[i]] for i in range(n)]
    return out

"""What person resolution decided, as typed rows: each join (kept on the person as its resolution trail)
and each pair it was unsure of (the review queue, kept beside the graph)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from graph.model import MergeRow, ReviewRow
from graph.resolve.types import Clustering, PersonMention
from models.records import Record


def merge_rows(clustering: Clustering, person_of: Mapping[str, str]) -> list[MergeRow]:
    """Every join the clustering made, in mention order, with the person it made."""
    return [MergeRow(a=a, b=b, entity=person_of[a], score=score.score, features=score.features, algorithm=score.algorithm,
                     values=score.values, decision=score.decision)
            for (a, b), score in sorted(clustering.merges.items())]


def review_rows(clustering: Clustering, by_key: Mapping[str, PersonMention], person_of: Mapping[str, str],
                records: Sequence[Record]) -> list[ReviewRow]:
    """The pairs the clustering was unsure of, each with the labels of its two records (who may see it)."""
    labels = {r.key: (r.agency, tuple(sorted(c.value for c in r.caveats))) for r in records}
    out = []
    for item in clustering.review:
        ra, rb = by_key[item.a].record_key, by_key[item.b].record_key
        out.append(ReviewRow(
            a=item.a, b=item.b, person_a=person_of[item.a], person_b=person_of[item.b],
            record_a=ra, agency_a=labels[ra][0], caveats_a=labels[ra][1], record_b=rb, agency_b=labels[rb][0], caveats_b=labels[rb][1],
            kind=item.kind, probability=item.probability, score=item.score.score, contributions=item.score.features,
            values=item.score.values, reason=item.reason))
    return out

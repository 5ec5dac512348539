"""Extraction on narratives written by hand, unlike the project's generator (officers' shorthand,
tip-line transcripts, all caps, Québec and Franco-Ontarian French, chains and other provinces'
plates): precision and recall per kind, printed, with floors.

The set (tests/nlp/data/handwritten.jsonl) was written for this test, after the extractors were
extended for the kinds it exercises, and partly from the examples the linking issue reported: it
guards those cases and their neighbours; it is not a held-out measure (the project owners hold
one out of the repository).

A second set (tests/nlp/data/handwritten_b.jsonl, 45 narratives) was written later, before the
extractors were looked at again, as the nearest thing to a held-out measure we can make. Its first
30 scored P and R 1.0 on every kind but plates (R 0.91) and person names (R 0.95); its hardest 15
scored plates R 0.75, handles R 0.67 and hotels R 0.67
(« immatriculé au Québec », "ON lic.", "on OnlyFans as ivyxrose", « sous emmabelle_04 », Radisson,
« Hôtel-Motel »). Those were fixed in general form; two misses remain in it on purpose (a hotel
written in lower case, a French hotel name with an elided article that reads like « de <ville> »).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from models.normalise import fold, phone_e164, plate_key
from models.vocabulary import MentionKind
from nlp.extract import Extractor

DATA = [Path(__file__).parent / "data" / name for name in ("handwritten.jsonl", "handwritten_b.jsonl")]
KINDS = {"phones": MentionKind.PHONE, "plates": MentionKind.PLATE, "handles": MentionKind.HANDLE, "hotels": MentionKind.HOTEL,
         "persons": MentionKind.PERSON}


def _key(kind: str, text: str) -> str:
    if kind == "phones":
        return phone_e164(text) or text
    if kind == "plates":
        return (plate_key(text) or text).replace(" ", "")
    if kind == "handles":
        return text.lower().lstrip("@")
    return fold(text)


def _found(kind: str, mention: Any) -> str:
    if kind == "persons":
        return fold(mention.value or mention.text)
    return _key(kind, mention.text)


@pytest.fixture(scope="module")
def scores(extractor: Extractor) -> dict[str, tuple[float, float, int]]:
    rows = [json.loads(line) for path in DATA for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 70 and {r["lang"] for r in rows} == {"en", "fr"}
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    misses: list[tuple[str, str, str]] = []
    for row in rows:
        mentions = extractor.extract(row["text"], lang=row["lang"])
        for kind, mkind in KINDS.items():
            expected = Counter(_key(kind, t) for t in row[kind])
            got = Counter(_found(kind, m) for m in mentions if m.kind is mkind)
            hit = expected & got
            tp[kind] += sum(hit.values())
            fn[kind] += sum((expected - hit).values())
            fp[kind] += sum((got - hit).values())
            misses += [(row["id"], kind, f"missed {k}") for k in expected - hit]
            misses += [(row["id"], kind, f"extra {k}") for k in got - hit]
    out = {}
    for kind in KINDS:
        p = tp[kind] / (tp[kind] + fp[kind]) if tp[kind] + fp[kind] else 1.0
        r = tp[kind] / (tp[kind] + fn[kind]) if tp[kind] + fn[kind] else 1.0
        out[kind] = (p, r, tp[kind] + fn[kind])
        print(f"handwritten {kind:8s} P {p:.3f} R {r:.3f} ({tp[kind] + fn[kind]} annotated)")
    for miss in misses:
        print("  ", *miss)
    return out


@pytest.mark.parametrize(("kind", "min_p", "min_r"), [
    ("phones", 0.95, 0.95), ("plates", 0.95, 0.95), ("handles", 0.95, 0.95), ("hotels", 0.95, 0.95),
    ("persons", 0.0, 0.95),  # a first name alone counts as found too, so person precision is not scored here
])
def test_handwritten_precision_and_recall(scores: dict[str, tuple[float, float, int]], kind: str, min_p: float, min_r: float) -> None:
    p, r, n = scores[kind]
    assert n >= 8, f"too few annotated {kind} to measure"
    assert p >= min_p and r >= min_r, (kind, p, r)

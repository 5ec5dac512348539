"""Why the person resolver missed: false-negative and false-positive pairs of a kept bench run, by cause.

    python -m bench.er_misses DIR/NAME-predicted.json [--examples 3]

Reads what ``bench/er_records.py --keep DIR`` saved (each row, its true person, the person the API gave
its record's subject) and labels every missed pair (same person, two predicted persons) and every wrong
pair (two people, one predicted person) by how the two rows differ: which fields disagree and how
(a typo, an abbreviation, a blank, a date that cannot exist...). A pair may carry several labels; the
report counts each label and the commonest label sets, with a few rows of each as examples.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import Counter, defaultdict
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

from rapidfuzz.distance import JaroWinkler


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c)).strip(". ")


def _date(raw: str) -> date | None:
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:])) if len(raw) == 8 and raw.isdigit() else None
    except ValueError:
        return None


def _first(given: str) -> str:
    return _fold((given.split() or [""])[0])


def name_labels(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    out = []
    fa, fb = _first(a["given"]), _first(b["given"])
    if not fa or not fb:
        out.append("given blank")
    elif fa != fb:
        if len(fa) == 1 or len(fb) == 1:
            out.append("given initial" if fa[0] == fb[0] else "given initial, other letter")
        elif fa in _fold(b["given"]).split() or fb in _fold(a["given"]).split():
            out.append("given: middle used as first")
        elif JaroWinkler.similarity(fa, fb) >= 0.85:
            out.append("given typo")
        else:
            out.append("given other form (abbrev./pet name)")
    sa, sb = _fold(a["surname"]), _fold(b["surname"])
    if not sa or not sb:
        out.append("surname blank")
    elif sa != sb:
        out.append("surname typo/respelt" if JaroWinkler.similarity(sa, sb) >= 0.8 else "surname different")
    return out


def dob_labels(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    da, db = _date(a["dob"]), _date(b["dob"])
    if not a["dob"] or not b["dob"]:
        return ["dob blank"]
    if da is None or db is None:
        return ["dob impossible"]
    if da == db:
        return []
    if da.year == db.year and (da.month, da.day) == (db.day, db.month):
        return ["dob day/month swapped"]
    if (da.month, da.day) == (db.month, db.day):
        return ["dob year off 1" if abs(da.year - db.year) == 1 else f"dob year off {abs(da.year - db.year)}"]
    if (da.month, da.day) == (1, 1) or (db.month, db.day) == (1, 1):
        return ["dob Jan 1 (year only)" if da.year == db.year else "dob other"]
    diff = sum(x != y for x, y in zip(a["dob"], b["dob"], strict=True))
    return ["dob one digit" if diff == 1 else "dob other"]


def other_labels(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    out = []
    if a["city"] and b["city"] and _fold(a["city"]) != _fold(b["city"]):
        out.append("town differs")
    if not a["city"] or not b["city"]:
        out.append("town blank")
    if a["postcode"] and b["postcode"] and a["postcode"].replace(" ", "") != b["postcode"].replace(" ", ""):
        out.append("postcode differs")
    if a["sex"] and b["sex"] and a["sex"] != b["sex"]:
        out.append("sex differs")
    return out


def show(r: dict[str, Any]) -> str:
    return f"{r['given']!r} {r['surname']!r} dob={r['dob'] or '-'} {r['sex'] or '-'} {r['city'] or '-'} {r['postcode'] or '-'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("kept", type=Path)
    parser.add_argument("--examples", type=int, default=3)
    args = parser.parse_args()
    data = json.loads(args.kept.read_text(encoding="utf-8"))
    rows = {r["uid"]: r for r in data["rows"]}
    predicted: dict[str, str] = data["predicted"]
    by_true: dict[str, list[str]] = defaultdict(list)
    by_pred: dict[str, list[str]] = defaultdict(list)
    for uid, r in rows.items():
        by_true[r["entity"]].append(uid)
        by_pred[predicted[uid]].append(uid)
    fn: Counter[str] = Counter()
    fn_sets: Counter[tuple[str, ...]] = Counter()
    fn_examples: dict[tuple[str, ...], list[str]] = defaultdict(list)
    fn_total = 0
    split_sizes: Counter[str] = Counter()
    for members in by_true.values():
        pieces = Counter(predicted[u] for u in members)
        if len(pieces) > 1:
            biggest = max(pieces.values())
            for cid, n in pieces.items():
                if n != biggest or list(pieces.values()).count(biggest) > 1:
                    split_sizes["singleton split off" if n == 1 else "group of 2+ split off"] += 1
                    del cid
        for x, y in combinations(members, 2):
            if predicted[x] == predicted[y]:
                continue
            fn_total += 1
            labels = tuple(sorted(name_labels(rows[x], rows[y]) + dob_labels(rows[x], rows[y])))
            fn.update(labels or ("(names and dob agree)",))
            fn_sets[labels] += 1
            if len(fn_examples[labels]) < args.examples:
                fn_examples[labels].append(f"{show(rows[x])}  |  {show(rows[y])}  | other: {', '.join(other_labels(rows[x], rows[y])) or '-'}")
    fp: Counter[str] = Counter()
    fp_sets: Counter[tuple[str, ...]] = Counter()
    fp_examples: dict[tuple[str, ...], list[str]] = defaultdict(list)
    fp_total = 0
    for members in by_pred.values():
        for x, y in combinations(members, 2):
            if rows[x]["entity"] == rows[y]["entity"]:
                continue
            fp_total += 1
            a, b = rows[x], rows[y]
            same_name = _first(a["given"]) == _first(b["given"]) and _fold(a["surname"]) == _fold(b["surname"])
            labels = tuple(sorted((["same first+surname"] if same_name else name_labels(a, b)) + dob_labels(a, b) + other_labels(a, b)))
            fp.update(labels or ("(all agree)",))
            fp_sets[labels] += 1
            if len(fp_examples[labels]) < args.examples:
                fp_examples[labels].append(f"{a['entity']}: {show(a)}  |  {b['entity']}: {show(b)}")
    _report("false-negative", f"{fn_total}; pieces split off true persons: {dict(split_sizes)}", fn, fn_sets, fn_examples,
            "(names and dob agree)")
    _report("false-positive", str(fp_total), fp, fp_sets, fp_examples, "(all agree)")


def _report(what: str, total: str, labels: Counter[str], sets: Counter[tuple[str, ...]],
            examples: dict[tuple[str, ...], list[str]], none: str) -> None:
    """One side's counts: every label, then the commonest label sets with their examples."""
    out = sys.stdout
    out.write(f"{what} pairs: {total}\n")
    for label, n in labels.most_common():
        out.write(f"  {n:7d}  {label}\n")
    out.write(f"commonest label sets ({'FN' if what.startswith('false-n') else 'FP'}):\n")
    for found, n in sets.most_common(12):
        out.write(f"  {n:7d}  {' + '.join(found) or none}\n")
        for e in examples[found]:
            out.write(f"             {e}\n")

if __name__ == "__main__":
    main()

"""Scoring extracted mentions against a world's truth.json, per language and kind.

Each record read from the sources (purge orders aside) is compared with the truth entry of
its version (:func:`truth_for`). Phones and
plates are compared by value, hotels, persons, aliases and handles by their text (aliases
without their quotes, handles without ``@``). A person or alias whose truth entity is one of
the record's subjects counts only when the mention names that subject.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.graph import Mention
from models.normalise import fold
from models.records import Record
from nlp.language import detect_language

SCORED_KINDS = ("phone", "plate", "hotel", "person", "alias", "handle")
_QUOTES = "\"“”«»\u00a0\u202f "


def truth_key(kind: str, text: str | None, value: str | None) -> str:
    if kind in ("phone", "plate"):
        return value or ""
    raw = text or ""
    if kind == "alias":
        raw = raw.strip(_QUOTES)
    if kind == "handle":
        raw = raw.lstrip("@")
    return fold(raw)


def mention_key(m: Mention) -> str:
    return truth_key(m.kind.value, m.text, m.value)


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    #: False positives that are one word (a first name alone: the truth never lists those).
    fp_one_word: int = 0
    #: Person/alias mentions whose truth entity is a record subject: found with the right subject / found at all.
    subject_right: int = 0
    subject_expected: int = 0
    examples_fn: list[str] = field(default_factory=list)
    examples_fp: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def precision_of_names(self) -> float:
        """Precision leaving out one-word mentions (what the truth's convention covers)."""
        fp = self.fp - self.fp_one_word
        return self.tp / (self.tp + fp) if self.tp + fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Scores:
    tallies: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    records: Counter[str] = field(default_factory=Counter)
    hotel_city_right: int = 0
    hotel_city_given: int = 0

    def tally(self, lang: str, kind: str) -> Tally:
        return self.tallies[(lang, kind)]

    def combined(self, lang: str, kinds: tuple[str, ...]) -> Tally:
        out = Tally()
        for kind in kinds:
            t = self.tallies.get((lang, kind), Tally())
            out.tp += t.tp
            out.fp += t.fp
            out.fn += t.fn
            out.subject_right += t.subject_right
            out.subject_expected += t.subject_expected
        return out

    def report(self) -> str:
        lines = [f"records scored per language: {dict(sorted(self.records.items()))}",
                 f"{'lang':4} {'kind':7} {'tp':>5} {'fp':>4} {'fn':>4} {'prec':>6} {'recall':>6}  subject"]
        for (lang, kind), t in sorted(self.tallies.items()):
            subject = f"{t.subject_right}/{t.subject_expected}" if t.subject_expected else "-"
            lines.append(f"{lang:4} {kind:7} {t.tp:5d} {t.fp:4d} {t.fn:4d} {t.precision:6.3f} {t.recall:6.3f}  {subject}")
            if kind == "person":
                lines.append(f"{'':12} of which one word (first names alone, not in the truth): {t.fp_one_word}; "
                             f"precision without them {t.precision_of_names:.3f}")
        lines.append(f"hotel cities right where extracted: {self.hotel_city_right}/{self.hotel_city_given}")
        return "\n".join(lines)


def load_truth(dev: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((dev / "truth.json").read_text(encoding="utf-8"))
    return data


def source_files(dev: Path) -> list[Path]:
    return sorted(p for p in dev.iterdir() if p.is_file() and p.name != "truth.json" and not p.name.startswith("."))


def scored_records(dev: Path) -> Iterator[Record]:
    from ingest.adapters import iter_records

    for path in source_files(dev):
        for record in iter_records(path):
            if not record.is_purge:
                yield record


def _occurrences(narrative: str, digits: str, want: dict[str, Any]) -> int:
    """How often a truth mention can be seen in a narrative's text (to pair versions, not to score)."""
    if want["kind"] == "phone":
        return digits.count(want["value"][-10:]) if want["value"] else 0
    if want["kind"] == "plate":
        return narrative.replace(" ", "").upper().count(want["value"].replace(" ", "")) if want["value"] else 0
    return narrative.count(want["text"].strip(_QUOTES)) if want["text"] else 0


def truth_for(record: Record, candidates: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The truth entry of this version of the record.

    By revision where the source has one; otherwise (``mpr`` has only update times) the entry
    whose mentions can best be seen in the narrative's text, the later one on a tie. Only the
    text is looked at, never what the extractor found.
    """
    if not candidates:
        return None
    same = [c for c in candidates if record.revision is not None and c["revision"] == record.revision]
    if same:
        candidates = same
    digits = "".join(ch for ch in record.narrative if ch.isdigit())

    def fit(entry: dict[str, Any]) -> tuple[int, int, int]:
        wanted = Counter((m["kind"], m["text"], m["value"]) for m in entry["mentions"])
        seen = sum(min(n, _occurrences(record.narrative, digits, {"kind": k, "text": t, "value": v}))
                   for (k, t, v), n in wanted.items())
        return (seen, -(len(entry["mentions"]) - seen), entry["revision"])

    return max(candidates, key=fit)


def score(records: list[Record], mentions: list[list[Mention]], truth: dict[str, Any]) -> Scores:
    by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in truth["records"]:
        by_key[entry["key"]].append(entry)
    hotels = {h["id"]: h for h in truth["hotels"]}
    scores = Scores()
    for record, found in zip(records, mentions, strict=True):
        expected = truth_for(record, by_key.get(record.key, []))
        if expected is None:
            continue
        lang = detect_language(record.narrative)
        scores.records[lang] += 1
        subject_of = {person: sid for sid, person in expected["subjects"].items()}
        predicted: dict[str, list[Mention]] = defaultdict(list)
        for m in found:
            if m.kind.value in SCORED_KINDS:
                predicted[m.kind.value].append(m)
        for kind in SCORED_KINDS:
            tally = scores.tally(lang, kind)
            pool = list(predicted[kind])
            for want in (t for t in expected["mentions"] if t["kind"] == kind):
                key = truth_key(kind, want["text"], want["value"])
                right_subject = subject_of.get(want["entity"]) if kind in ("person", "alias") else None
                candidates = [m for m in pool if mention_key(m) == key]
                if not candidates:
                    tally.fn += 1
                    tally.examples_fn.append(f"{record.key}: {want['text'] or want['value']!r} in {record.narrative[:160]!r}")
                    continue
                chosen = next((m for m in candidates if m.subject_id == right_subject), candidates[0])
                pool.remove(chosen)
                if right_subject is not None:
                    tally.subject_expected += 1
                    if chosen.subject_id == right_subject:
                        tally.subject_right += 1
                    else:
                        tally.fn += 1
                        tally.examples_fn.append(f"{record.key}: {want['text']!r} subject {chosen.subject_id} != {right_subject}")
                        continue
                tally.tp += 1
                if kind == "hotel" and "city" in chosen.attrs and want["entity"] in hotels:
                    scores.hotel_city_given += 1
                    scores.hotel_city_right += fold(chosen.attrs["city"]) == fold(hotels[want["entity"]]["city"])
            tally.fp += len(pool)
            tally.fp_one_word += sum(1 for m in pool if len(m.text.split()) == 1)
            tally.examples_fp.extend(f"{record.key}: {m.text!r} in {record.narrative[:160]!r}" for m in pool)
    return scores

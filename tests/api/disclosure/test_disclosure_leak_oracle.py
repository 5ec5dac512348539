"""The leak oracle for issued disclosures, on a generated world with informers planted in it.

Informers are written here, by hand, from names the generator does not draw: each gives a tip (an
INFORMANT record on a ring's phone), and a visible record of the same network names them the ways
officers do ("Mr. Okonkwo-Bell", "Marcus also said", "M. Okonkwo-Bell", "OKONKWO-BELL, Marcus", the phone
in other formats, the informer as a witness). Several Crown users (their services, with and without
clearances) draft the trafficking cases over HTTP (one through the CLI), confirm every proposal and
issue. The oracle is computed from the world's truth and the ledger, not from the vetting rules: no
package, in its JSON or its PDF text (read with poppler's ``pdftotext``, an engine other than the one
the tests of layout use), holds any form of the name or any format of the phone of an informer whose
tip is in the package or who is named in one of its records (informer privilege is the informer's,
not the reader's), or a young person's (a subject under 18 on the record's date) name, surname
alone, date of birth, phone, street address or relatives' names and phones.

The world is built once per graph store: the embedded graph, and Neo4j when ``CASELINK_TEST_NEO4J`` is
set (skipped otherwise), the CLI's package drafted against the same server.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from api.runtime import ingest_and_link
from ingest.ledger import Ledger
from ingest.service import ledger_path
from models.access import Policy, UserRole
from models.normalise import phone_e164
from models.records import Record
from models.settings import Settings
from tests.api.conftest import graph_env, serving, store_settings, token_for
from tests.api.disclosure.test_disclosure import MPR_HEADER
from tests.conftest import REPO
from tools.synthetic import generate_world

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (scripts/setup-pdf-tools.sh)")

#: (surname, given, phone as registered, the phone as another officer writes it), none from the generator's pools.
INFORMERS = (("Okonkwo-Bell", "Marcus", "416-555-0999", "(416) 555 0999"),
             ("Quinlan-Moose", "Harriet", "807-555-0142", "+1 807 555 0142"),
             ("Szymanski-Dube", "Teodor", "613-555-0187", "6135550187"),
             ("Ndiaye-Laforge", "Awa", "705-555-0163", "705.555.0163"))
_PHONE_LIKE = re.compile(r"\+?\d[\d\s().\-]{5,}\d")


@dataclass
class Planted:
    informers: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # tip key -> (surname, given, phone)
    mentions: dict[str, str] = field(default_factory=dict)  # visible record key -> the tip whose informer it names


def _plant(directory: Path, truth: dict[str, Any]) -> tuple[list[Path], Planted]:
    planted = Planted()
    rows = [MPR_HEADER]
    mcm = []
    for i, (ring, (surname, given, phone, other)) in enumerate(zip(truth["rings"], INFORMERS, strict=False)):
        victim = truth["persons"][ring["victims"][0]]
        ring_phone = ring["phones"][0]
        tip = f"TIP-{i + 1:04d}"
        rows.append(f'{tip},OPP,11/0{i + 2}/2026,2026-11-0{i + 2}T10:00:00,"{victim["surname"].upper()}, {victim["given"]}",,,F,,'
                    f'11/01/2026,Sudbury,"{surname.upper()}, {given}",source,{phone},OPEN,INFORMANT,'
                    f'"Caller says the girls are moved by the man using {ring_phone}."')
        planted.informers[f"OPP:{tip}"] = (surname, given, phone)
        case_no = f"OPP-26-99{i:04d}"
        witness = [{"subject_id": "S1", "role": "WITNESS", "surname": surname, "given": given, "sex": "M",
                    "phones": [other], "addresses": []}] if i % 2 == 0 else []
        mcm.append(json.dumps({
            "export_version": "2.3", "agency": "OPP", "case_no": case_no, "revision": 2, "case_type": "OTHER", "status": "OPEN",
            "opened": "2026-11-10T09:00:00-05:00", "caveats": [], "subjects": witness, "vehicles": [], "locations": [],
            "narrative": (f"Canvass about {ring_phone}. Mr. {surname} said he saw two girls at the hotel. {given} also said the "
                          f"driver was armed. Later {given[0]}. {surname} called back from {other}; {surname.upper()}, {given} "
                          f"refused to sign.")}))
        planted.mentions[f"OPP:{case_no}"] = f"OPP:{tip}"
    tips = directory / "mpr_OPP_tips.csv"
    tips.write_bytes(("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8"))
    canvass = directory / "mcm_OPP_canvass.jsonl"
    canvass.write_text("\n".join(mcm) + "\n", encoding="utf-8")
    return [tips, canvass], planted


@pytest.fixture(scope="module")
def world(graph_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp(f"disclosure-oracle-{graph_kind}")
    truth = generate_world(tmp / "exports", seed=1515, n_persons=300, n_rings=4)
    extra, planted = _plant(tmp, truth)
    settings = store_settings(tmp / "store", graph_kind)
    ingest_and_link(settings, [tmp / "exports", *extra])
    ledger = Ledger(ledger_path(settings))
    records = {r.key: r for r in ledger.current_records()}
    ledger.close()
    yield {"settings": settings, "truth": truth, "planted": planted, "records": records, "store": tmp / "store"}


# -- the oracle ------------------------------------------------------------------------------------


def _opened(record: Record) -> date:
    value = record.opened
    assert value is not None, record.key
    return value.date() if isinstance(value, datetime) else value


def _age(dob: str, on: date) -> int:
    born = date.fromisoformat(dob)
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _name_forms(given: str | None, surname: str | None) -> set[str]:
    if not given or not surname:
        return {x for x in (given, surname) if x and len(x) >= 3 and " " in x}
    return {f"{given} {surname}", f"{surname}, {given}", f"{given[0]}. {surname}"}


@dataclass
class Secrets:
    #: (what, text): searched case-insensitively as whole words in the text left once allowed names are masked
    words: set[tuple[str, str]] = field(default_factory=set)
    phones: dict[str, str] = field(default_factory=dict)  # E.164 -> what
    allowed: set[str] = field(default_factory=set)


def oracle(package: dict[str, Any], world: dict[str, Any]) -> Secrets:
    """What this package must not hold, from the truth and the ledger (not from the vetting rules)."""
    truth, records, planted = world["truth"], world["records"], world["planted"]
    in_scope = [records[r["key"]] for r in package["records"] if r["key"] in records]
    by_key = {r["key"]: r for r in truth["records"]}
    out = Secrets()
    for tip, (surname, given, phone) in planted.informers.items():
        # Every informer, whether or not its tip is in the package or visible to its Crown user: informer
        # privilege is the informer's, not the reader's.
        if any(r.key == tip for r in in_scope) or any(planted.mentions.get(r.key) == tip for r in in_scope):
            who = f"informer of {tip}"
            out.words |= {(who, f) for f in (*_name_forms(given, surname), surname, f"Mr. {surname}", f"Mr {surname}",
                                             f"{surname.upper()}, {given}", f"{given} also said")}
            out.phones[phone_e164(phone) or phone] = who
    young: set[str] = set()
    for record in in_scope:
        subjects = by_key.get(record.key, {}).get("subjects", {})
        for sid, pid in subjects.items():
            person = truth["persons"][pid]
            if _age(person["dob"], _opened(record)) < 18:
                young.add(pid)
    for record in in_scope:
        subjects = by_key.get(record.key, {}).get("subjects", {})
        has_young = any(pid in young for pid in subjects.values())
        for s in record.subjects:
            pid = subjects.get(s.subject_id)
            if pid in young:
                continue
            out.allowed |= _name_forms(s.given, s.surname) | {s.full_name, s.name_raw or ""} | {a.line or "" for a in s.addresses}
        if has_young:  # a young person's relatives and reporting contacts identify them
            for c in record.contacts:
                who = f"relative of a young person in {record.key}"
                out.words |= {(who, f) for f in _name_forms(c.given, c.surname) | ({c.name} if c.name else set())}
                out.phones |= {phone_e164(p) or p: who for p in c.phones}
        out.allowed |= {loc.name or "" for loc in record.locations} | {loc.address.display for loc in record.locations if loc.address}
    for pid in young:
        person = truth["persons"][pid]
        who = f"young person {pid}"
        out.words |= {(who, f) for f in (*_name_forms(person["given"], person["surname"]), person["surname"], person["dob"],
                                         person["address"]["line"], *person.get("aliases", []),
                                         *(h["handle"].lstrip("@") for h in person.get("handles", [])))}
        out.phones |= {p: who for p in person["phones"]}
    out.allowed = {a for a in out.allowed if a and len(a) >= 3}
    return out


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"-\s*\n\s*", "-", text))


def leaks(text: str, secrets: Secrets) -> list[str]:
    """Every secret found in ``text``, after masking the names and places any visible adult of the package bears."""
    masked = _normalise(text)
    for allowed in sorted(secrets.allowed, key=len, reverse=True):
        masked = re.sub(r"(?<!\w)" + re.escape(allowed) + r"(?!\w)", "\u2588", masked, flags=re.IGNORECASE)
    found = [f"{who}: {form!r}" for who, form in secrets.words
             if re.search(r"(?<!\w)" + re.escape(form) + r"(?!\w)", masked, flags=re.IGNORECASE)]
    for m in _PHONE_LIKE.finditer(_normalise(text)):
        e164 = phone_e164(m.group())
        if e164 in secrets.phones:
            found.append(f"{secrets.phones[e164]}: phone {m.group()!r}")
    for m in re.finditer(r"\+1\d{10}", text):
        if m.group() in secrets.phones:
            found.append(f"{secrets.phones[m.group()]}: phone {m.group()!r}")
    return sorted(set(found))


def pdf_text(pdf: bytes, where: Path) -> str:
    where.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(where), "-"], check=True, capture_output=True, text=True, timeout=120).stdout


# -- the sweep -------------------------------------------------------------------------------------


def _cases(world: dict[str, Any]) -> list[Record]:
    """The trafficking and sexual-assault cases, and a few youth files (a young suspect or victim of the world's own)."""
    records = sorted(world["records"].values(), key=lambda r: r.key)
    offences = [r for r in records if r.record_type.value in ("HUMAN_TRAFFICKING", "SEXUAL_ASSAULT")]
    youth = [r for r in records if r.record_type.value == "ASSAULT" and {c.value for c in r.caveats} & {"YOUTH", "VICTIM_MINOR"}]
    return offences + youth[:3]


CLEARANCES = (("all", ("INFORMANT", "RESTRICTED")), ("inf", ("INFORMANT",)), ("plain", ()))


def test_no_issued_disclosure_holds_an_informer_or_a_young_persons_identity(world: dict[str, Any], tmp_path: Path) -> None:
    settings: Settings = world["settings"]
    issued: list[dict[str, Any]] = []
    refused = 0
    controlled = False
    with serving(world["store"], settings, as_admin=False) as client:
        for case in _cases(world):
            for label, caveats in CLEARANCES:
                name = f"crown-{case.agency.lower()}-{label}"
                headers = {"Authorization": f"Bearer {token_for(settings, name, UserRole.CROWN, case.agency, caveats)}"}
                made = client.post("/disclosures", json={"case": case.key, "recipient": "Defence", "reason": "oracle", "depth": 3},
                                   headers=headers)
                viewer = Policy().viewer(name, UserRole.CROWN, case.agency, caveats=list(caveats))
                if not viewer.may_see(case.agency, [c.value for c in case.caveats]):
                    assert made.status_code == 404, made.text  # a case this user may not see is as one that does not exist
                    refused += 1
                    continue
                assert made.status_code == 200, made.text
                draft = made.json()["draft"]
                # Crown brings in what the network did not reach: the planted tips (where cleared) and the canvass records.
                scope = {r["key"] for r in made.json()["records"]}
                planted = world["planted"]
                wanted = [*(planted.informers if "INFORMANT" in caveats else []), *planted.mentions]
                add = [{"key": k, "reason": "the ring's phone"} for k in wanted if k not in scope]
                if add:
                    changed = client.post(f"/disclosures/{draft}/records", json={"add": add}, headers=headers)
                    assert changed.status_code == 200, changed.text
                young_here = any(who.startswith("young person") for who, _ in
                                 oracle({"records": [{"key": k} for k in scope]}, world).words)
                control = not controlled and young_here and "INFORMANT" in caveats
                if control:  # the oracle's control: the same package with every proposal rejected must show its leaks
                    rejected = client.post(f"/disclosures/{draft}/decisions", json={"proposals": ["all"], "confirm": False},
                                           headers=headers)
                    assert rejected.status_code == 200
                    client.post(f"/disclosures/{draft}/issue", headers=headers)
                    data = client.get(f"/disclosures/{draft}/files/package.json", headers=headers).json()
                    pdf = client.get(f"/disclosures/{draft}/files/package.pdf", headers=headers).content
                    shown = leaks(pdf_text(pdf, tmp_path / "control.pdf"), oracle(data, world))
                    assert any(x.startswith("informer of") and "phone" in x for x in shown), shown
                    assert any(x.startswith("informer of") and "Mr. " in x for x in shown), shown
                    assert any(x.startswith("young person") for x in shown), shown
                    controlled = True
                    draft = client.post("/disclosures", json={"case": case.key, "recipient": "Defence", "reason": "oracle",
                                                              "depth": 3}, headers=headers).json()["draft"]
                    client.post(f"/disclosures/{draft}/records", json={"add": add}, headers=headers)
                assert client.post(f"/disclosures/{draft}/decisions", json={"proposals": ["all"]}, headers=headers).status_code == 200
                assert client.post(f"/disclosures/{draft}/issue", headers=headers).status_code == 200, draft
                raw = client.get(f"/disclosures/{draft}/files/package.json", headers=headers).text
                pdf = client.get(f"/disclosures/{draft}/files/package.pdf", headers=headers).content
                issued.append({"who": name, "case": case.key, "json": raw, "pdf": pdf})
    # The terminal too: a case with young persons, the planted records brought into scope with `disclose scope --add`.
    with_young = next(p["case"] for p in issued if p["who"].endswith("-all") and any(
        who.startswith("young person") for who, _ in oracle(json.loads(p["json"]), world).words))
    issued.append(_issue_through_the_cli(world, world["records"][with_young]))
    _check(issued, world, tmp_path)
    assert controlled and refused >= 1  # some case carried a caveat one of the users lacks


def _issue_through_the_cli(world: dict[str, Any], case: Record) -> dict[str, Any]:
    env = {**os.environ, "CASELINK_ENV": "development", "CASELINK_STORE": str(world["store"]), **graph_env(world["settings"])}

    def run(*args: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "api.cli", *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout

    who = f"crown-cli-{case.agency.lower()}"
    run("users", "add", who, "--role", "crown", "--agency", case.agency, "--caveat", "INFORMANT", "--caveat", "RESTRICTED", "--json")
    draft = json.loads(run("disclose", "create", "--case", case.key, "--depth", "3", "--recipient", "Defence", "--reason", "cli",
                           "--as", who, "--json"))["draft"]
    planted = world["planted"]
    add = [f"--add={k}=the ring's phone" for k in (*planted.informers, *planted.mentions)]
    scoped = json.loads(run("disclose", "scope", draft, *add, "--as", who, "--json"))
    assert set(planted.informers) <= {r["key"] for r in scoped["records"]}
    run("disclose", "decide", draft, "all", "--as", who)
    directory = Path(json.loads(run("disclose", "issue", draft, "--as", who, "--json"))["directory"])
    return {"who": who, "case": case.key, "json": (directory / "package.json").read_text(encoding="utf-8"),
            "pdf": (directory / "package.pdf").read_bytes()}


def _check(issued: list[dict[str, Any]], world: dict[str, Any], tmp_path: Path) -> None:
    found: list[str] = []
    with_informer = with_mention = with_young = with_unseen = 0
    for i, package in enumerate(issued):
        data = json.loads(package["json"])
        secrets = oracle(data, world)
        keys = {r["key"] for r in data["records"]}
        informers = [k for k in world["planted"].informers if k in keys]
        with_informer += bool(informers)
        with_mention += any(world["planted"].mentions.get(k) in informers for k in keys)
        with_young += any(who.startswith("young person") for who, _ in secrets.words)
        print(package["who"], package["case"], len(keys), "records; tips", informers, "young",
              len({who for who, _ in secrets.words if who.startswith("young person")}))
        text = pdf_text(package["pdf"], tmp_path / f"p{i}.pdf")
        assert "page 1 of" in text  # the text was read
        unseen = [world["planted"].informers[t][0] for k, t in world["planted"].mentions.items() if k in keys and t not in keys]
        with_unseen += bool(unseen)  # an informer whose tip is not in the package, named in a record that is
        segments = " ".join(seg.get("text", "") for r in data["records"] for f in r.get("fields", []) for seg in f["segments"])
        before = len(found)
        for where, body in (("json", package["json"]), ("json fields", segments), ("pdf", text)):
            found += [f"{package['who']} {package['case']} {where}: {leak}" for leak in leaks(body, secrets)]
        if len(found) > before:  # kept for whoever reads the failure (var/ is not committed)
            kept = REPO / "var" / "disclosure-oracle"
            kept.mkdir(parents=True, exist_ok=True)
            stem = f"{package['who']}-{package['case'].replace(':', '_')}"
            (kept / f"{stem}.json").write_text(package["json"], encoding="utf-8")
            (kept / f"{stem}.txt").write_text(text, encoding="utf-8")
    print(f"{len(issued)} packages: {with_informer} with an informer's tip, {with_mention} also naming the informer elsewhere, "
          f"{with_young} with young persons")
    assert with_informer >= 3 and with_mention >= 3 and with_young >= 3 and with_unseen >= 2, (
        with_informer, with_mention, with_young, with_unseen)
    assert not found, "\n".join(found[:40])

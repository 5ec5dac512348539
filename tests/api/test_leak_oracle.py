"""The leak oracle: on a generated world, for random users (role x agency x caveat) and every graph read
route (search, entity, network, paths, records, analytics, leads, timeline, why), no answer holds a name,
alias, phone, date of birth or record key found only in records, or protected parts of records, that the
user may not see.

The oracle is computed from the canonical records in the ledger, independently of the graph and of its
queries: a record the user may not see gives up all of its identifiers; a protected subject (a minor victim
in a VICTIM_MINOR record, for a user without the caveat) and the record's reporting contacts give up theirs;
the fields a role never receives (reporting contacts, an analyst's subjects' phones) too. What any visible
part of any record says (structured fields, and the narratives of records without protected people) is
allowed, so a string counts as a leak only if it is found nowhere the user may look.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise, product
from typing import Any

import pytest

from api.runtime import ingest_and_link
from graph.store.factory import create_graph_store
from ingest.ledger import Ledger
from ingest.service import ledger_path
from models.access import SYSTEM, Policy, UserRole, Viewer, protected_subject
from models.normalise import phone_e164
from models.records import Record
from models.settings import Settings
from tests.api.conftest import serving, settings_for, token_for
from tools.synthetic import generate_world

_PHONE_LIKE = re.compile(r"\+?\d[\d\s().\-]{5,}\d")
AGENCIES = ("OPP", "TBPS", "NAPS", "TPS", "PRP", "SPGS")
EXTRAS: tuple[tuple[str, ...], ...] = ((), ("INFORMANT",), ("YOUTH",), ("RESTRICTED",))
#: What each role never receives, restated here from the policy's intent (README "Access control"), not read
#: from models.access: the oracle must not share a mistake in the rules it checks.
WITHHELD_CONTACTS = {UserRole.ANALYST, UserRole.CROWN}
WITHHELD_SUBJECT_PHONES = {UserRole.ANALYST}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, list[Record], list[str]]]:
    tmp = tmp_path_factory.mktemp("leak-oracle")
    generate_world(tmp / "exports", seed=4242, n_persons=300, n_rings=5)
    settings = settings_for(tmp / "store")
    ingest_and_link(settings, [tmp / "exports"])
    ledger = Ledger(ledger_path(settings))
    records = sorted(ledger.current_records(), key=lambda r: r.key)
    ledger.close()
    store = create_graph_store(settings)
    ids = store.entity_ids(viewer=SYSTEM)
    store.close()
    yield settings, records, ids


@dataclass
class Secrets:
    names: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    dobs: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)


def _ids_of(names: list[str | None], aliases: tuple[str, ...], phones: tuple[str, ...], dob: str | None) -> Secrets:
    out = Secrets()
    out.names |= {n.strip().lower() for n in names if n and len(n.strip()) >= 6 and " " in n.strip()}
    out.names |= {a.strip().lower() for a in aliases if len(a.strip()) >= 5}
    out.phones |= {p for p in (phone_e164(x) for x in phones) if p}
    if dob:
        out.dobs.add(dob)
    return out


def oracle(viewer: Viewer, records: list[Record]) -> tuple[Secrets, list[str]]:
    """What ``viewer`` must never receive, and the texts it may read (to drop strings found there too)."""
    secret, allowed, texts = Secrets(), Secrets(), []

    def add(into: Secrets, part: Secrets) -> None:
        into.names |= part.names
        into.phones |= part.phones
        into.dobs |= part.dobs

    for r in records:
        cav = [c.value for c in r.caveats]
        visible = viewer.may_see_record(r.agency, cav)
        protected_here = False
        if not visible:
            secret.keys.add(r.record_no)
        for s in r.subjects:
            part = _ids_of([s.full_name, s.name_raw], s.aliases, s.phones, s.dob.isoformat() if s.dob else None)
            protected = visible and bool(protected_subject(cav, s.role.value) & viewer.lacks(cav))
            protected_here = protected_here or protected
            if not visible or protected:
                add(secret, part)
                continue
            if viewer.role in WITHHELD_SUBJECT_PHONES:
                secret.phones |= part.phones
                part.phones = set()
            add(allowed, part)
        for c in r.contacts:
            part = _ids_of([c.name, " ".join(x for x in (c.given, c.surname) if x)], (), c.phones, None)
            withheld = viewer.role in WITHHELD_CONTACTS
            add(secret if not visible or withheld else allowed, part)
        if protected_here:  # the record's contacts are the protected person's relatives
            for c in r.contacts:
                add(secret, _ids_of([c.name, " ".join(x for x in (c.given, c.surname) if x)], (), c.phones, None))
        if visible and not protected_here:
            texts.append(r.narrative.lower())
            allowed.phones |= {p for p in (phone_e164(m.group()) for m in _PHONE_LIKE.finditer(r.narrative)) if p}
    # A string any visible part says (a narrative, a longer visible name: "Shannon Amanda King") is no leak.
    corpus = "\n".join([*texts, *allowed.names])
    return Secrets(names={n for n in secret.names - allowed.names if n not in corpus},
                   phones=secret.phones - allowed.phones, dobs=secret.dobs - allowed.dobs, keys=secret.keys), texts


def _walk(value: Any, key: str | None = None) -> Iterator[tuple[str | None, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, str(k))
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v, key)
    elif isinstance(value, str):
        yield key, value


def leaks(answer: Any, secrets: Secrets) -> list[str]:
    found = []
    for key, text in _walk(answer):
        low = text.lower()
        found += [f"name {n!r}" for n in secrets.names if n in low]
        found += [f"record {k!r}" for k in secrets.keys if k.lower() in low]
        phones = {phone_e164(m.group()) for m in _PHONE_LIKE.finditer(text)} | ({text} if text.startswith("+") else set())
        found += [f"phone {p!r}" for p in phones & secrets.phones]
        if key in {"dob", "dobs", "dob_raw"} and text in secrets.dobs:
            found.append(f"dob {text!r}")
    return found


def _users(n: int) -> list[tuple[UserRole, str, tuple[str, ...]]]:
    every = list(product((UserRole.ANALYST, UserRole.INVESTIGATOR, UserRole.CROWN), AGENCIES, EXTRAS))
    return random.Random(15).sample(every, n)


@pytest.mark.parametrize(("role", "agency", "extra"), _users(5), ids=lambda x: x.value if isinstance(x, UserRole) else str(x))
def test_no_answer_holds_what_the_user_may_not_see(world: tuple[Settings, list[Record], list[str]], role: UserRole, agency: str,
                                                   extra: tuple[str, ...]) -> None:
    settings, records, ids = world
    viewer = Policy().viewer(f"oracle-{role.value}-{agency}-{'+'.join(extra) or 'none'}", role, agency, extra)
    secrets, _ = oracle(viewer, records)
    assert secrets.names or secrets.phones or secrets.keys  # the user may not see something: the check means something
    rng = random.Random(f"{viewer.name}")
    answers: list[tuple[str, Any]] = []
    with serving(settings.store, settings, as_admin=False) as client:
        h = {"Authorization": f"Bearer {token_for(settings, viewer.name, role, agency, extra)}"}

        def ask(path: str, **params: Any) -> Any:
            r = client.get(path, params=params or None, headers=h)
            assert r.status_code in (200, 400, 403, 404), (path, r.status_code, r.text[:300])
            if r.status_code == 200:
                body = r.json()
                answers.append((path, body.get("hits", body) if path == "/search" else body))
                return body
            return None

        for q in rng.sample(sorted(secrets.names), min(12, len(secrets.names))) + rng.sample(sorted(secrets.phones), min(5, len(secrets.phones))):
            ask("/search", q=q)
        mine = [r for r in records if viewer.may_see_record(r.agency, [c.value for c in r.caveats])]
        others = [r for r in records if r not in mine]
        # Entities at random, and the user's own records' nodes (a network from each reaches its people).
        sample = rng.sample(ids, min(30, len(ids))) + [f"record:{r.key}" for r in rng.sample(mine, min(8, len(mine)))]
        shown: list[str] = []
        for eid in sample:
            if ask(f"/entities/{eid}") is None:
                continue
            shown.append(eid)
            ask(f"/entities/{eid}/network", depth=2)
            ask(f"/entities/{eid}/timeline")
            if eid.startswith("person:"):
                ask(f"/entities/{eid}/why")
        persons = [e for e in shown if e.startswith("person:")]
        for a, b in pairwise(persons):
            ask("/paths", **{"from": a, "to": b, "max": 4})
            ask("/why", a=a, b=b)
        for r in rng.sample(mine, min(40, len(mine))) + rng.sample(others, min(20, len(others))):
            ask(f"/records/{r.agency}/{r.record_no}")
        ask("/analytics/key-players", top=20)
        ask("/leads", top=20)
        if persons:
            ask("/analytics/communities", around=persons[:3], depth=2)
    # Something was answered on every kind of route (the user's own records at least).
    assert {p.split("/")[1] for p, _ in answers} >= {"search", "entities", "records", "analytics", "leads"}
    found = [(path, leak) for path, body in answers for leak in leaks(body, secrets)]
    assert found == [], json.dumps(found[:20])

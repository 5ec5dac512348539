"""A Crown disclosure for a trafficking case with caveated records, through the whole workflow.

The module's world is built once per graph store: the embedded graph, and Neo4j when
``CASELINK_TEST_NEO4J`` is set (skipped otherwise), the CLI pointed at the same server; so the
findings here (drafts confined to their service's Crown holding their caveats, redactions of
informers and young persons) are checked on both."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest

from api.runtime import ingest_and_link
from api.services.disclosure import build
from api.services.disclosure.drafts import Disclosures, WorkflowError, render_files
from api.services.disclosure.vetting import Code
from graph.store.factory import create_graph_store
from ingest.ledger import Ledger
from models.access import PermissionDenied, Policy, UserRole
from tests.api.conftest import cli_env, store_settings

CASE = "OPP:OPP-25-000001"  # the dev world's trafficking case against ring R000
INFORMER = ("QUINLAN-MOOSE, Harriet", "807-555-0142")
YOUTH_NAME = ("Tremblay-Okimaw", "Jesse")
MPR_HEADER = ("REPORT_NO,AGENCY,REPORT_DATE,UPDATED_AT,SUBJECT_NAME,DOB,AGE,SEX,SUBJECT_PHONE,LAST_SEEN_DATE,LAST_SEEN_LOCATION,"
              "CONTACT_NAME,CONTACT_RELATION,CONTACT_PHONE,STATUS,CAVEAT,CIRCUMSTANCES")


def caveated_exports(directory: Path, ring_phone: str, victim: dict[str, Any]) -> list[Path]:
    """Records tied to the case's network: a tip from an informer and a youth file naming a young
    suspect (both through the ring's phone), and a group home's missing report about one of the
    case's victims (a complainant's record: s. 278)."""
    mpr = directory / "mpr_OPP_caveated.csv"
    rows = [MPR_HEADER,
            f'TIP-0001,OPP,11/02/2026,2026-11-02T10:00:00,"NOLAN, Brianna",,16,F,,11/01/2026,Thunder Bay,"{INFORMER[0]}",source,'
            f'{INFORMER[1]},OPEN,INFORMANT,"Caller says the girls are moved by the man using {ring_phone}."',
            f'MPR-0002,OPP,10/15/2026,2026-10-15T08:00:00,"{victim["surname"].upper()}, {victim["given"]}",{victim["dob"]},,F,{victim["phones"][0]},'
            f'10/14/2026,Sudbury,"GROUP HOME, Staff",group home,705-555-0177,OPEN,,"Did not return to the group home after school."']
    mpr.write_bytes(("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8"))
    mcm = directory / "mcm_OPP_youth.jsonl"
    mcm.write_text(json.dumps({
        "export_version": "2.3", "agency": "OPP", "case_no": "OPP-26-990001", "revision": 1, "case_type": "ASSAULT", "status": "OPEN",
        "opened": "2026-10-30T09:00:00-05:00", "caveats": ["YOUTH"],
        "subjects": [{"subject_id": "S1", "role": "SUSPECT", "surname": YOUTH_NAME[0], "given": YOUTH_NAME[1], "dob": "2010-03-14",
                      "sex": "M", "phones": [ring_phone], "addresses": [{"line": "12 Birch Rd", "city": "Kenora", "province": "ON",
                                                                           "postal": "P9N 1A1"}]}],
        "vehicles": [], "locations": [],
        "narrative": f"{YOUTH_NAME[1]} {YOUTH_NAME[0]} was found holding the phone {ring_phone} used to book rooms."}) + "\n",
        encoding="utf-8")
    return [mpr, mcm]


@pytest.fixture(scope="module")
def issued(dev_dir: Path, truth: dict[str, Any], graph_kind: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    store_dir = tmp_path_factory.mktemp(f"disclosure-{graph_kind}")
    settings = store_settings(store_dir, graph_kind)
    ring_phone = truth["rings"][0]["phones"][0]
    victim = truth["persons"][truth["rings"][0]["victims"][0]]
    ingest_and_link(settings, [dev_dir, *caveated_exports(store_dir, ring_phone, victim)])
    crown = Policy().viewer("crown-a", UserRole.CROWN, "OPP", caveats=["INFORMANT"])
    store, ledger = create_graph_store(settings), Ledger(store_dir / "caselink.db")
    audit: list[dict[str, Any]] = []
    disclosures = Disclosures(store_dir, audit=audit.append)
    try:
        draft = disclosures.create(store, ledger, crown, recipient="Defence counsel for R. v. Hamilton",
                                   reason="initial Stinchcombe disclosure", case=CASE, depth=3)
        proposals = disclosures.proposals(crown, draft)
        with pytest.raises(WorkflowError, match="not yet confirmed"):
            disclosures.issue(crown, draft, store, ledger)
        analyst = Policy().viewer("analyst-z", UserRole.ANALYST, "OPP", caveats=["INFORMANT"])
        with pytest.raises(PermissionDenied, match="analyst may not confirm"):
            disclosures.decide(analyst, draft, [proposals[0][0].id], confirm=True)
        disclosures.decide(crown, draft, [p.id for p, _, _ in proposals], confirm=True, note="agreed")
        result = disclosures.issue(crown, draft, store, ledger)
        files = {name: (result.directory / name).read_bytes() for name in ("package.json", "package.pdf", "manifest.json")}
        refused = []
        for step in (lambda: disclosures.decide(crown, draft, [proposals[0][0].id], confirm=False),
                     lambda: disclosures.add(crown, draft, text="anything", reason="late"),
                     lambda: disclosures.issue(crown, draft, store, ledger)):
            with pytest.raises(WorkflowError, match="issued"):
                step()
            refused.append(True)
        sources = build.gather(store, ledger, crown, case=CASE, depth=3)[1]
        return {"store_dir": store_dir, "settings": settings, "crown": crown, "ring_phone": ring_phone, "sources": sources,
                "after_issue_refused": len(refused) == 3, "draft": draft, "proposals": [p for p, _, _ in proposals],
                "result": result, "files": files, "audit": audit, "events": disclosures.events(draft),
                "ledger_keys": {s.record.key for s in sources}}
    finally:
        disclosures.close()
        store.close()
        ledger.close()


def test_every_relevant_record_is_in_the_package(issued: dict[str, Any]) -> None:
    data = json.loads(issued["files"]["package.json"])
    keys = {r["key"] for r in data["records"]}
    assert CASE in keys and "OPP:TIP-0001" in keys and "OPP:OPP-26-990001" in keys
    assert keys == issued["ledger_keys"]
    case = next(r for r in data["records"] if r["key"] == CASE)
    assert case["traces"] and all(t["owner"] for t in case["traces"])  # each node and link traced to the record


def test_every_redaction_has_a_code_and_a_reviewer(issued: dict[str, Any]) -> None:
    data = json.loads(issued["files"]["package.json"])
    assert data["schedule"] and len(data["schedule"]) == len(issued["proposals"])
    for row in data["schedule"]:
        assert row["code"] in {c.value for c in Code} and row["confirmed_by"] == "crown-a" and row["basis"]
    codes = {row["code"] for row in data["schedule"]}
    assert {"INF", "YCJA-110", "S278"} <= codes


def test_no_informer_identifying_string_anywhere(issued: dict[str, Any]) -> None:
    text = _pdf_text(issued["files"]["package.pdf"]).casefold()
    raw = issued["files"]["package.json"].decode("utf-8").casefold()
    for needle in ("quinlan", "harriet", "807-555-0142", "girls are moved"):
        assert needle not in text and needle not in raw, needle
    tip = next(r for r in json.loads(issued["files"]["package.json"])["records"] if r["key"] == "OPP:TIP-0001")
    assert tip["withheld"] == "INF" and "fields" not in tip


def test_young_persons_are_replaced_and_s278_records_are_notices(issued: dict[str, Any]) -> None:
    data = json.loads(issued["files"]["package.json"])
    text = _pdf_text(issued["files"]["package.pdf"])
    for name in YOUTH_NAME:
        assert name not in text and name not in issued["files"]["package.json"].decode("utf-8")
    assert "Young person Y1" in text
    notices = {r["key"]: r for r in data["records"] if r.get("withheld") == "S278"}
    assert "OPP:MPR-0002" in notices
    assert all("fields" not in r and r["notice"] and r["record_type"] for r in notices.values())
    assert "Did not return to the group home" not in text


def test_the_manifest_verifies_and_a_changed_byte_fails_it(issued: dict[str, Any]) -> None:
    files = issued["files"]
    manifest = json.loads(files["manifest.json"])
    assert build.verify(files, manifest) == []
    assert set(manifest["source_records"]) == {r["key"] for r in json.loads(files["package.json"])["records"]}
    tampered = bytearray(files["package.pdf"])
    tampered[len(tampered) // 2] ^= 0x01
    assert build.verify({**files, "package.pdf": bytes(tampered)}, manifest) == ["package.pdf: SHA-256 differs from the manifest"]


def test_the_issued_package_is_immutable_and_every_step_was_audited(issued: dict[str, Any], tmp_path: Path) -> None:
    actions = [e["action"] for e in issued["events"]]
    assert actions[0] == "draft-created" and actions[-1] == "issued" and actions.count("redaction-confirmed") == len(issued["proposals"])
    assert [e.path for e in issued["audit"]] == actions
    assert all(e.query["recipient"] == "Defence counsel for R. v. Hamilton" and e.reason for e in issued["audit"])
    # The workflow writes typed entries for the user who took the step: name, role and service.
    assert {(e.channel, e.user, e.role, e.agency) for e in issued["audit"]} == {("disclosure", "crown-a", "crown", "OPP")}
    for name in ("package.json", "package.pdf", "manifest.json"):
        assert (issued["result"].directory / name).stat().st_mode & 0o222 == 0  # written read-only
    assert issued["after_issue_refused"]


def test_the_pdf_has_an_index_and_visible_redaction_boxes(issued: dict[str, Any], tmp_path: Path) -> None:
    doc = pdfium.PdfDocument(issued["files"]["package.pdf"])
    first = doc[0].get_textpage().get_text_range()
    assert "Index" in first and f"Record {CASE}" in first
    dark_pages = 0
    for i in range(len(doc)):
        image = doc[i].render(scale=1).to_pil().convert("L")
        image.save(tmp_path / f"page-{i}.png")
        pixels = image.load()
        width, height = image.size
        # A redaction box: a run of at least 12 black pixels on a row (text strokes are thinner).
        if any(sum(1 for x in range(width) if pixels[x, y] < 30) >= 12 and _run(pixels, width, y) for y in range(0, height, 2)):
            dark_pages += 1
    assert dark_pages >= 1


def test_the_same_inputs_give_the_same_bytes(issued: dict[str, Any]) -> None:
    data = json.loads(issued["files"]["package.json"])
    meta = {k: data[k] for k in ("case", "entities", "version", "recipient", "reason", "issued_by", "issued_at", "draft")}
    decisions = {p.id: {"by": "crown-a", "at": "2026-11-28T00:00:00+00:00"} for p in issued["proposals"]}
    first = render_files(meta, issued["sources"], issued["proposals"], [], decisions, None)
    second = render_files(meta, issued["sources"], issued["proposals"], [], decisions, None)
    assert first == second and len(first["package.pdf"]) > 10_000
    later = render_files({**meta, "issued_at": "2027-01-01T00:00:00+00:00"}, issued["sources"], issued["proposals"], [], decisions, None)
    assert later["package.pdf"] != first["package.pdf"]  # only the issue timestamp differs, and it shows


def _run(pixels: Any, width: int, y: int) -> bool:
    run = best = 0
    for x in range(width):
        run = run + 1 if pixels[x, y] < 30 else 0
        best = max(best, run)
    return best >= 12


def _pdf_text(data: bytes) -> str:
    doc = pdfium.PdfDocument(data)
    return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


def test_a_supplemental_disclosure_lists_what_changed(issued: dict[str, Any], tmp_path: Path) -> None:
    store_dir = issued["store_dir"]
    late = tmp_path / "mcm_OPP_late.jsonl"
    late.write_text(json.dumps({
        "export_version": "2.3", "agency": "OPP", "case_no": "OPP-26-990002", "revision": 1, "case_type": "OTHER", "status": "OPEN",
        "opened": "2026-11-25T09:00:00-05:00", "caveats": [], "subjects": [], "vehicles": [], "locations": [],
        "narrative": f"Phone records for {issued['ring_phone']} were received from the carrier."}) + "\n", encoding="utf-8")
    ingest_and_link(issued["settings"], [late])
    store, ledger = create_graph_store(issued["settings"]), Ledger(store_dir / "caselink.db")
    disclosures = Disclosures(store_dir)
    try:
        draft = disclosures.create(store, ledger, issued["crown"], recipient="Defence counsel for R. v. Hamilton",
                                   reason="supplemental disclosure", case=CASE, depth=3)
        disclosures.decide(issued["crown"], draft, ["all"], confirm=True)
        second = disclosures.issue(issued["crown"], draft, store, ledger)
    finally:
        disclosures.close()
        store.close()
        ledger.close()
    assert second.version == issued["result"].version + 1 and second.directory != issued["result"].directory
    data = json.loads((second.directory / "package.json").read_bytes())
    assert data["changes_since_previous"]["added"] == ["OPP:OPP-26-990002"]
    assert data["changes_since_previous"]["removed"] == []
    assert "Changes since the previous disclosure" in _pdf_text((second.directory / "package.pdf").read_bytes())
    assert (issued["result"].directory / "package.pdf").read_bytes() == issued["files"]["package.pdf"]  # v1 untouched


def test_the_disclose_commands_run_the_workflow_as_a_crown_user(issued: dict[str, Any], tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    env = {**os.environ, **cli_env(issued["settings"])}  # the store, graph and signing key the world was built with

    def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run([sys.executable, "-m", "api.cli", *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=600)
        assert (proc.returncode == 0) == ok, proc.stderr[-2000:]
        return proc

    run("users", "add", "crown-b", "--role", "crown", "--agency", "OPP", "--caveat", "INFORMANT", "--json")
    run("users", "add", "analyst-b", "--role", "analyst", "--agency", "OPP", "--json")
    created = json.loads(run("disclose", "create", "--case", CASE, "--depth", "3", "--recipient", "Defence", "--reason", "third",
                             "--as", "crown-b", "--json").stdout)
    assert created["proposals"] and all(p["decision"] == "pending" for p in created["proposals"])
    refused = run("disclose", "decide", created["draft"], "all", "--as", "analyst-b", ok=False)
    assert "analyst may not confirm" in refused.stderr
    # The terminal is refused what HTTP refuses (finding 4): an analyst prepares no draft, another service's Crown opens none.
    assert "analyst may not prepare" in run("disclose", "create", "--case", CASE, "--recipient", "D", "--reason", "r",
                                            "--as", "analyst-b", ok=False).stderr
    run("users", "add", "crown-tps", "--role", "crown", "--agency", "TPS", "--caveat", "INFORMANT", "--json")
    for args in (("proposals", created["draft"]), ("decide", created["draft"], "all"), ("issue", created["draft"])):
        other = run("disclose", *args, "--as", "crown-tps", ok=False)
        assert f"no draft '{created['draft']}'" in other.stderr and "Traceback" not in other.stderr
    assert created["draft"] not in run("disclose", "list", "--as", "crown-tps", "--json").stdout
    assert created["draft"] in run("disclose", "list", "--as", "crown-b", "--json").stdout
    run("disclose", "decide", created["draft"], "all", "--as", "crown-b")
    issued_now = json.loads(run("disclose", "issue", created["draft"], "--as", "crown-b", "--json").stdout)
    assert "as the manifest says" in run("disclose", "verify", issued_now["directory"]).stdout
    audit = run("audit", "verify")
    assert audit.returncode == 0
    # The terminal's steps leave the same typed entries as the service's (who, role, service, draft, records).
    run("users", "add", "auditor-b", "--role", "admin", "--json")
    steps = [e for e in json.loads(run("audit", "search", "--user", "crown-b", "--as", "auditor-b", "--json").stdout)
             if e["channel"] == "disclosure" and e["query"]["draft"] == created["draft"]]
    paths = [e["path"] for e in steps]
    assert paths[:1] == ["draft-created"] and paths[-1:] == ["issued"]
    assert {(e["role"], e["agency"], e["method"]) for e in steps} == {("crown", "OPP", "DISCLOSE")}


def test_a_draft_opens_only_for_crown_of_its_service_holding_its_caveats(issued: dict[str, Any]) -> None:
    """Findings 1 and 9 over HTTP: another service's Crown, a Crown lacking a caveat the draft carries (the
    informer's tip), and an investigator get nothing of a draft, answered exactly as an unknown draft is."""
    from tests.api.conftest import serving, token_for

    store_dir, draft = issued["store_dir"], issued["draft"]
    settings = issued["settings"]

    def bearer(name: str, role: UserRole, agency: str, caveats: tuple[str, ...] = ()) -> dict[str, str]:
        return {"Authorization": f"Bearer {token_for(settings, name, role, agency, caveats)}"}

    owner = bearer("crown-opp-inf", UserRole.CROWN, "OPP", ("INFORMANT",))
    uncleared = bearer("crown-opp", UserRole.CROWN, "OPP")
    elsewhere = bearer("crown-tps-inf", UserRole.CROWN, "TPS", ("INFORMANT",))
    investigator = bearer("inv-opp", UserRole.INVESTIGATOR, "OPP", ("INFORMANT",))
    with serving(store_dir, settings, as_admin=False) as client:
        mine = client.get(f"/disclosures/{draft}", headers=owner)
        assert mine.status_code == 200 and mine.json()["proposals"]
        assert draft in {d["draft"] for d in client.get("/disclosures", headers=owner).json()["drafts"]}
        pdf = client.get(f"/disclosures/{draft}/files/package.pdf", headers=owner)
        assert pdf.status_code == 200 and pdf.content == issued["files"]["package.pdf"]
        assert pdf.headers["content-type"] == "application/pdf"

        unknown = client.get("/disclosures/d-doesnotexist", headers=owner)
        assert unknown.status_code == 404 and unknown.json()["error"] == "not_found"
        for headers in (uncleared, elsewhere):
            for method, path, body in (("GET", f"/disclosures/{draft}", None),
                                       ("POST", f"/disclosures/{draft}/decisions", {"proposals": ["all"]}),
                                       ("POST", f"/disclosures/{draft}/redactions", {"text": "Harriet", "reason": "x"}),
                                       ("POST", f"/disclosures/{draft}/issue", None),
                                       ("GET", f"/disclosures/{draft}/preview", None),
                                       ("POST", f"/disclosures/{draft}/records", {"remove": [CASE]}),
                                       ("GET", f"/disclosures/{draft}/files/package.pdf", None)):
                answer = client.request(method, path, json=body, headers=headers)
                assert answer.status_code == 404, (method, path, answer.text)
                assert answer.json() == {"error": "not_found", "message": f"no draft {draft!r}"}
            assert draft not in {d["draft"] for d in client.get("/disclosures", headers=headers).json()["drafts"]}
        refused = client.post(f"/disclosures/{draft}/decisions", json={"proposals": ["all"]}, headers=investigator)
        assert refused.status_code == 403 and "proposals" not in refused.json() and INFORMER[0] not in refused.text
        assert client.get("/disclosures", headers=investigator).status_code == 403
        asks: tuple[tuple[str, str, object], ...] = (
            ("GET", f"/disclosures/{draft}/preview", None),
            ("POST", f"/disclosures/{draft}/records", {"add": [{"key": "OPP:TIP-0001", "reason": "x"}]}))
        for method, path, ask in asks:
            answer = client.request(method, path, json=ask, headers=investigator)
            assert answer.status_code == 403 and INFORMER[0] not in answer.text, (path, answer.text)

        # Finding 9: a case the caller may not see is answered like one that does not exist.
        ask = {"recipient": "Defence", "reason": "disclosure", "depth": 1}
        hidden = client.post("/disclosures", json={**ask, "case": CASE}, headers=elsewhere)
        missing = client.post("/disclosures", json={**ask, "case": "OPP:OPP-99-999999"}, headers=elsewhere)
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json()["message"].replace(CASE, "X") == missing.json()["message"].replace("OPP:OPP-99-999999", "X")

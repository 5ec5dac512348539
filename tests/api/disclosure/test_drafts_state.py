"""The disclosure drafts over both databases (embedded SQLite; PostgreSQL when CASELINK_TEST_POSTGRES names a
server): a draft made through one API process is read, decided and issued through another, and the
dissemination events of both are one history. The issued package stays files in the store directory."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from api.runtime import ingest_and_link
from api.services.disclosure import drafts as drafts_module
from api.services.disclosure.drafts import Disclosures, DraftNotFound, IssueConflict, Issued, WorkflowError
from graph.store.base import GraphStore
from graph.store.factory import create_graph_store
from ingest.ledger import Ledger
from models.access import Policy, UserRole
from models.database import Database
from tests.api.conftest import store_settings

RECORD = "OPP:MPR-0101"
MPR_HEADER = ("REPORT_NO,AGENCY,REPORT_DATE,UPDATED_AT,SUBJECT_NAME,DOB,AGE,SEX,SUBJECT_PHONE,LAST_SEEN_DATE,LAST_SEEN_LOCATION,"
              "CONTACT_NAME,CONTACT_RELATION,CONTACT_PHONE,STATUS,CAVEAT,CIRCUMSTANCES")
CROWN = Policy().viewer("crown-a", UserRole.CROWN, "OPP")
OTHER_CROWN = Policy().viewer("crown-b", UserRole.CROWN, "TBPS")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GraphStore, Ledger]]:
    """One missing-person report in an embedded store (the graph and ledger the drafts read)."""
    store_dir = tmp_path_factory.mktemp("drafts-state")
    export = store_dir / "mpr_OPP_one.csv"
    export.write_text("\r\n".join([MPR_HEADER, 'MPR-0101,OPP,10/15/2026,2026-10-15T08:00:00,"ACHTERBERG, Lina",2009-04-02,,F,'
                                   '705-555-0190,10/14/2026,Sudbury,"ACHTERBERG, Rob",father,705-555-0191,OPEN,,"Left for school."']) + "\r\n",
                      encoding="utf-8")
    settings = store_settings(store_dir, "embedded")
    ingest_and_link(settings, [export])
    store, ledger = create_graph_store(settings), Ledger(store_dir / "caselink.db")
    yield store, ledger
    store.close()
    ledger.close()


def test_a_draft_made_through_one_process_is_decided_and_issued_through_another(
        world: tuple[GraphStore, Ledger], open_db: Callable[[str], Database], tmp_path: Path) -> None:
    store, ledger = world
    here, there = (Disclosures(tmp_path, where=open_db("disclosures")) for _ in range(2))
    draft = here.create(store, ledger, CROWN, recipient="Defence counsel", reason="Stinchcombe", records=[(RECORD, "the report")])
    assert [d["draft"] for d in there.drafts(CROWN)] == [draft]
    assert there.scope(CROWN, draft) == [{"key": RECORD, "reason": "the report"}]
    assert [p.id for p, _, _ in there.proposals(CROWN, draft)] == [p.id for p, _, _ in here.proposals(CROWN, draft)]
    with pytest.raises(DraftNotFound):
        there.scope(OTHER_CROWN, draft)  # another service's draft does not exist for it
    added = there.add(CROWN, draft, text="705-555-0191", reason="a third party's phone", record_key=RECORD)
    there.decide(CROWN, draft, ["all"], confirm=True)
    assert {(p.id, decision) for p, decision, _ in here.proposals(CROWN, draft)} >= {(added, "confirmed")}
    assert {decision for _, decision, _ in here.proposals(CROWN, draft)} == {"confirmed"}
    issued = here.issue(CROWN, draft, store, ledger)
    assert issued.version == 1 and (issued.directory / "package.pdf").is_file()
    assert there.drafts(CROWN)[0]["issued_version"] == 1
    assert there.issued_file(CROWN, draft, "manifest.json") == issued.directory / "manifest.json"
    assert [e["action"] for e in here.events(draft)] == ["draft-created", "redaction-added", *["redaction-confirmed"] * len(
        here.proposals(CROWN, draft)), "issued", "package-downloaded"]
    assert here.events(draft) == there.events(draft)


def test_a_package_issued_on_another_machine_is_refused_plainly_where_its_files_are_not(
        world: tuple[GraphStore, Ledger], open_db: Callable[[str], Database], tmp_path: Path) -> None:
    store, ledger = world
    issuer, elsewhere = Disclosures(tmp_path / "a", where=open_db("disclosures")), Disclosures(tmp_path / "b", where=open_db("disclosures"))
    draft = issuer.create(store, ledger, CROWN, recipient="Defence counsel", reason="Stinchcombe", records=[(RECORD, "the report")])
    issuer.decide(CROWN, draft, ["all"], confirm=True)
    issued = issuer.issue(CROWN, draft, store, ledger)
    (issued.directory / "package.pdf").unlink()  # as on a machine that does not hold the issuer's store directory
    with pytest.raises(DraftNotFound, match="issued on another server"):
        elsewhere.issued_file(CROWN, draft, "package.pdf")
    assert [e["action"] for e in elsewhere.events(draft)][-1] == "issued"  # no download recorded


def test_a_drafts_file_from_before_ownership_gains_the_columns_and_its_drafts_open_for_nobody(tmp_path: Path) -> None:
    path = tmp_path / "disclosures.db"
    with sqlite3.connect(path) as old:  # the drafts table as it was made before drafts had a service and caveats
        old.execute("CREATE TABLE drafts (id TEXT PRIMARY KEY, case_key TEXT, entities TEXT NOT NULL, created_by TEXT NOT NULL,"
                    " created_at TEXT NOT NULL, recipient TEXT NOT NULL, reason TEXT NOT NULL, sources TEXT NOT NULL,"
                    " state TEXT NOT NULL, issued_version INTEGER)")
        old.execute("INSERT INTO drafts VALUES ('d-old', NULL, '[]', 'crown-a', '2026-01-01', 'Defence', 'why', '[]', 'draft', NULL)")
    old.close()
    disclosures = Disclosures(tmp_path, where=path)
    try:
        with pytest.raises(DraftNotFound):
            disclosures.scope(CROWN, "d-old")
        assert disclosures.drafts(CROWN) == []
    finally:
        disclosures.close()
    with sqlite3.connect(path) as conn:
        assert {r[1] for r in conn.execute("PRAGMA table_info(drafts)")} >= {"agency", "caveats"}
        assert conn.execute("SELECT agency, caveats FROM drafts").fetchall() == [(None, "[]")]
    conn.close()


@pytest.mark.parametrize("same_draft", [False, True], ids=["two drafts of one case", "one draft twice"])
def test_two_servers_issuing_at_the_same_instant_give_one_package_and_a_clear_conflict(
        world: tuple[GraphStore, Ledger], open_db: Callable[[str], Database], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, same_draft: bool) -> None:
    """Both requests compute the case's next version before either records it (held there by a barrier in
    the package rendering, the slow step between): one package is issued; the other request gets a 409
    domain error, keeps no files, and asking again gives the next version (or says the draft is issued)."""
    store, ledger = world
    servers = [Disclosures(tmp_path / name, where=open_db("disclosures")) for name in ("a", "b")]
    drafts = []
    for server in servers[: 1 if same_draft else 2]:
        draft = server.create(store, ledger, CROWN, recipient="Defence counsel", reason="Stinchcombe", records=[(RECORD, "the report")])
        server.decide(CROWN, draft, ["all"], confirm=True)
        drafts.append(draft)
    if same_draft:
        drafts.append(drafts[0])
    both = threading.Barrier(2, timeout=30)
    render = drafts_module.render_files

    def rendered_together(*args: Any, **kwargs: Any) -> Any:
        both.wait()
        return render(*args, **kwargs)

    monkeypatch.setattr(drafts_module, "render_files", rendered_together)
    outcomes: dict[int, Any] = {}

    def issue(k: int) -> None:
        try:
            outcomes[k] = servers[k].issue(CROWN, drafts[k], store, ledger)
        except Exception as exc:  # the outcome under test: kept, asserted below
            outcomes[k] = exc

    threads = [threading.Thread(target=issue, args=(k,)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    issued = [o for o in outcomes.values() if isinstance(o, Issued)]
    refused = [o for o in outcomes.values() if not isinstance(o, Issued)]
    assert len(issued) == 1 and len(refused) == 1, outcomes
    assert isinstance(refused[0], IssueConflict) and refused[0].status_code == 409, refused[0]
    loser = next(k for k, o in outcomes.items() if o is refused[0])
    assert not any(servers[loser].root.rglob("manifest.json")), "the refused request left package files behind"
    monkeypatch.setattr(drafts_module, "render_files", render)
    if same_draft:
        with pytest.raises(WorkflowError):
            servers[loser].issue(CROWN, drafts[loser], store, ledger)
    else:
        again = servers[loser].issue(CROWN, drafts[loser], store, ledger)
        assert again.version == issued[0].version + 1

"""The disclosure workflow: draft, review (confirm or reject each proposed redaction, add
others), issue. An issued package is immutable and versioned per case; the next one for the
same case lists what changed since. Every step is recorded as a dissemination event (who,
recipient, reason, items), and written to the audit log as a typed entry for the user who took it
(:func:`api.services.audit.disclosure_entry`), here and nowhere else, so a step taken over HTTP and one
taken at the terminal leave the same entry.

A draft belongs to its author's service and carries every caveat of the records it holds: only
Crown counsel of that service who hold all those caveats read, decide or issue it. To everyone
else it does not exist (the same answer as an unknown draft), so a draft id learned elsewhere
opens nothing. Every check is made here, where the HTTP routes and the CLI both arrive.

Drafts, proposals, the issued index and the events are kept in ``disclosures.db`` in the store, or on the
shared PostgreSQL server of ``CASELINK_STATE`` (every API process sees every draft). An issued package's
files stay files, under the store's ``disclosures/`` directory of the process that issued it."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from api.services.audit import AuditEntry, disclosure_entry
from api.services.disclosure import build, pdf
from api.services.disclosure.vetting import RULES, Action, Code, Proposal, propose
from api.services.errors import CaselinkError
from api.services.tables import rename_legacy_table
from graph.store.base import GraphStore
from ingest.ledger import Ledger
from models.access import Capability, Viewer
from models.database import Database, as_database, open_database
from models.layout import StoreLayout
from models.settings import Settings
from models.vocabulary import Caveat

SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    id TEXT PRIMARY KEY, case_key TEXT, entities TEXT NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL,
    recipient TEXT NOT NULL, reason TEXT NOT NULL, sources TEXT NOT NULL, state TEXT NOT NULL, issued_version INTEGER,
    agency TEXT, caveats TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS proposals (
    draft_id TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, decision TEXT NOT NULL DEFAULT 'pending',
    decided_by TEXT, decided_at TEXT, note TEXT, PRIMARY KEY (draft_id, id)
);
CREATE TABLE IF NOT EXISTS issued (
    case_slug TEXT NOT NULL, version INTEGER NOT NULL, draft_id TEXT NOT NULL, path TEXT NOT NULL, manifest_sha256 TEXT NOT NULL,
    records TEXT NOT NULL, issued_at TEXT NOT NULL, PRIMARY KEY (case_slug, version)
);
CREATE TABLE IF NOT EXISTS disclosure_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, draft_id TEXT NOT NULL,
    recipient TEXT NOT NULL, reason TEXT NOT NULL, items TEXT NOT NULL
);
"""

#: Agencies that have recorded consent to onward sharing of their records (default: all have).
DEFAULT_CONSENT: Mapping[str, bool] = {}


class WorkflowError(CaselinkError, ValueError):
    """A step taken out of order, or asked wrongly (HTTP 400)."""

    status_code = 400
    code = "bad_request"


class IssueConflict(WorkflowError):
    """Another request issued this draft, or this case's next version, at the same moment (HTTP 409):
    nothing of this request was kept; the Crown asks again and gets the next version."""

    status_code = 409
    code = "conflict"


class DraftNotFound(WorkflowError):
    """No such draft, or one the viewer may not touch: the two are answered alike (HTTP 404)."""

    status_code = 404
    code = "not_found"


#: The package files an issued version holds, as they may be downloaded.
PACKAGE_FILES = ("package.pdf", "package.json", "manifest.json")


@dataclass(frozen=True)
class Issued:
    case: str | None
    version: int
    directory: Path
    files: dict[str, str]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _slug(case: str | None, entities: Sequence[str]) -> str:
    raw = case or "entities-" + "-".join(sorted(entities))[:80]
    return re.sub(r"[^A-Za-z0-9._-]+", "_", raw)


class Disclosures:
    def __init__(self, root: Path, *, audit: Callable[[AuditEntry], object] | None = None, where: Path | Database | None = None) -> None:
        """``root``: the store directory (issued packages go under its ``disclosures/``); ``where``: the drafts'
        SQLite file or database (default ``disclosures.db`` in ``root``; :meth:`of` for a process's settings)."""
        self.root = root
        self._conn = as_database(StoreLayout(root).disclosures_db if where is None else where)
        rename_legacy_table(self._conn, "events", "disclosure_events")  # a file from before the shared server
        self._conn.create(SCHEMA)
        columns = {d[0] for d in self._conn.execute("SELECT * FROM drafts LIMIT 0").description}
        for column, ddl in (("agency", "agency TEXT"), ("caveats", "caveats TEXT NOT NULL DEFAULT '[]'")):
            if column not in columns:  # a store from before ownership: its drafts have no owner and open for nobody
                with self._conn.transaction() as conn:
                    conn.execute(f"ALTER TABLE drafts ADD COLUMN {ddl}")
        self.audit = audit

    @classmethod
    def of(cls, settings: Settings, *, audit: Callable[[AuditEntry], object] | None = None) -> Disclosures:
        """The workflow ``settings`` name: drafts in ``disclosures.db`` or on the server of ``CASELINK_STATE``."""
        return cls(settings.store, audit=audit, where=open_database(settings.state, StoreLayout.of(settings).disclosures_db))

    def close(self) -> None:
        self._conn.close()

    def _event(self, conn: Any, viewer: Viewer, action: str, draft_id: str, items: Sequence[str]) -> None:
        row = conn.execute("SELECT recipient, reason FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        actor = viewer.name
        event = {"at": _now(), "actor": actor, "action": action, "draft_id": draft_id, "recipient": row[0], "reason": row[1],
                 "items": list(items)}
        if self.audit is not None:  # fail closed: an unauditable step does not happen
            self.audit(disclosure_entry(viewer, action, draft_id=draft_id, recipient=row[0], reason=row[1], items=event["items"]))
        conn.execute("INSERT INTO disclosure_events (at, actor, action, draft_id, recipient, reason, items) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (event["at"], actor, action, draft_id, row[0], row[1], json.dumps(event["items"])))

    # -- the steps -------------------------------------------------------------------------

    def create(self, store: GraphStore, ledger: Ledger, viewer: Viewer, *, recipient: str, reason: str,
               case: str | None = None, entities: Sequence[str] = (), depth: int = 2,
               records: Sequence[tuple[str, str]] | None = None, consent: Mapping[str, bool] = DEFAULT_CONSENT) -> str:
        """A draft over the records Crown counsel names (``records``: key and relevance each), or by
        default over the case's own record and every record behind its network, each with its reason."""
        viewer.require(Capability.DRAFT_DISCLOSURE, "prepare a disclosure")
        if viewer.agency is None:
            raise WorkflowError("a disclosure is prepared for a service: this user belongs to none")
        if not recipient.strip() or not reason.strip():
            raise WorkflowError("a disclosure needs a recipient and a reason")
        by = viewer.name
        if records is None:
            _, sources = build.gather(store, ledger, viewer, case=case, entities=entities, depth=depth)
        else:
            if case is not None:
                _check_case(ledger, viewer, case)
            if not records:
                raise WorkflowError("name at least one record in scope")
            sources = [build.scoped(store, ledger, viewer, key, why) for key, why in dict(records).items()]
        draft_id = f"d-{uuid.uuid4().hex[:12]}"
        with self._conn.transaction() as conn:
            conn.execute("INSERT INTO drafts (id, case_key, entities, created_by, created_at, recipient, reason, sources, state, agency,"
                         " caveats) VALUES (?, ?, ?, ?, ?, ?, ?, '[]', 'draft', ?, '[]')",
                         (draft_id, case, json.dumps(list(entities)), by, _now(), recipient, reason, viewer.agency))
            self._set_sources(conn, draft_id, case, sources, ledger, consent)
            self._event(conn, viewer, "draft-created", draft_id, [s.record.key for s in sources])
        return draft_id

    def scope(self, viewer: Viewer, draft_id: str) -> list[dict[str, str]]:
        """The records in scope of a draft, each with why it is relevant."""
        viewer.require(Capability.DRAFT_DISCLOSURE, "read a disclosure")
        draft = self._draft(viewer, draft_id)
        return [{"key": h["key"], "reason": h.get("reason", "")} for h in json.loads(draft["sources"])]

    def rescope(self, viewer: Viewer, draft_id: str, store: GraphStore, ledger: Ledger, *, add: Sequence[tuple[str, str]] = (),
                remove: Sequence[str] = (), consent: Mapping[str, bool] = DEFAULT_CONSENT) -> None:
        """Bring records into a draft's scope (each with its relevance) or take them out, before issue.

        The rules are run again over the new scope: a proposal that still holds keeps its decision,
        one that changed (a pseudonym renumbered) is pending again, one that no longer applies goes."""
        viewer.require(Capability.DRAFT_DISCLOSURE, "change what a disclosure holds")
        draft = self._draft(viewer, draft_id, "draft")
        if not add and not remove:
            raise WorkflowError("name records to add or remove")
        held = {s.record.key: s for s in self._sources(draft, ledger)}
        missing = [k for k in remove if k not in held]
        if missing:
            raise WorkflowError(f"{missing[0]} is not in the scope of draft {draft_id}")
        for key in remove:
            del held[key]
        for key, why in add:
            held[key] = build.scoped(store, ledger, viewer, key, why)  # refused alike when unknown or not visible
        if not held:
            raise WorkflowError("a disclosure holds at least one record")
        with self._conn.transaction() as conn:
            self._set_sources(conn, draft_id, draft["case_key"], list(held.values()), ledger, consent)
            if add:
                self._event(conn, viewer, "records-added", draft_id, [k for k, _ in add])
            if remove:
                self._event(conn, viewer, "records-removed", draft_id, list(remove))

    def _set_sources(self, conn: Any, draft_id: str, case: str | None, sources: Sequence[build.SourceRecord], ledger: Ledger,
                     consent: Mapping[str, bool]) -> None:
        """Write a draft's scope and its caveats, and bring its rule proposals in line with it."""
        sources = sorted(sources, key=lambda s: s.record.key)
        case_record = ledger.get(case) if case is not None else None
        caveats = sorted({str(c) for s in sources for c in s.record.caveats})
        conn.execute("UPDATE drafts SET sources = ?, caveats = ? WHERE id = ?",
                     (json.dumps([{"key": s.record.key, "sha256": s.sha256, "traces": list(s.traces), "reason": s.reason,
                                   "subjects": [list(x) for x in s.subject_entities]} for s in sources]), json.dumps(caveats), draft_id))
        confidential = [r for r in ledger.current_records() if Caveat.INFORMANT in r.caveats]
        proposals = propose([s.record for s in sources], case_record, consent,
                            subject_entities={s.record.key: dict(s.subject_entities) for s in sources}, confidential=confidential)
        held = {r[0]: r[1] for r in conn.execute("SELECT id, body FROM proposals WHERE draft_id = ?", (draft_id,))}
        wanted = {p.id: json.dumps(_body(p)) for p in proposals}
        for pid, body in held.items():
            if pid not in wanted and _proposal(json.loads(body)).proposed_by.startswith("rules/"):
                conn.execute("DELETE FROM proposals WHERE draft_id = ? AND id = ?", (draft_id, pid))
        for pid, body in wanted.items():
            if pid not in held:
                conn.execute("INSERT INTO proposals (draft_id, id, body) VALUES (?, ?, ?)", (draft_id, pid, body))
            elif held[pid] != body:
                conn.execute("UPDATE proposals SET body = ?, decision = 'pending', decided_by = NULL, decided_at = NULL WHERE "
                             "draft_id = ? AND id = ?", (body, draft_id, pid))

    def _sources(self, draft: dict[str, Any], ledger: Ledger) -> list[build.SourceRecord]:
        """The records a draft holds, as they were when they were brought into scope (refused if one changed since)."""
        sources = []
        for held in json.loads(draft["sources"]):
            record = ledger.get(held["key"])
            if record is None or build.record_sha(record) != held["sha256"]:
                raise WorkflowError(f"{held['key']} changed or was purged since the draft: create a new draft")
            sources.append(build.SourceRecord(record, held["sha256"], tuple(held["traces"]),
                                              tuple((a, b) for a, b in held.get("subjects", [])), held.get("reason", "")))
        return sources

    def _next_version(self, draft: dict[str, Any], sources: Sequence[build.SourceRecord], ledger: Ledger
                      ) -> tuple[str, int, dict[str, list[str]] | None]:
        """The case's package directory name, the version this draft would be issued as, and what changed since the last.

        A record withdrawn since the last version is named only if it carries no caveat: an informer's tip an
        earlier (cleared) issuer had in scope must not be named by key in a package that no longer holds it."""
        slug = _slug(draft["case_key"], json.loads(draft["entities"]))
        previous = self._conn.execute("SELECT version, records FROM issued WHERE case_slug = ? ORDER BY version DESC LIMIT 1",
                                      (slug,)).fetchone()
        version = (previous[0] + 1) if previous else 1
        changes = _changes(json.loads(previous[1]), {s.record.key: s.sha256 for s in sources}) if previous else None
        if changes is not None:
            named = [k for k in changes["removed"] if (r := ledger.get(k)) is not None and not r.caveats]
            unnamed = len(changes["removed"]) - len(named)
            changes["removed"] = named + ([f"{unnamed} record(s) carrying caveats, not named"] if unnamed else [])
        return slug, version, changes

    def preview(self, viewer: Viewer, draft_id: str, ledger: Ledger) -> dict[str, Any]:
        """Every replacement the package would carry if issued now with every proposal not rejected:
        record, field, page of the PDF, the text replaced, the replacement and whom it stands for."""
        viewer.require(Capability.DRAFT_DISCLOSURE, "read a disclosure")
        draft = self._draft(viewer, draft_id)
        decided = self._proposals(draft_id)
        taken = [p for p, decision, _ in decided if decision != "rejected"]
        decision_of = {p.id: decision for p, decision, _ in decided}
        sources = self._sources(draft, ledger)
        _, version, changes = self._next_version(draft, sources, ledger)
        _, lay, found = package(_meta(draft, version=version, by=viewer.name, at=_now()), sources, taken, [], {}, changes)
        with self._conn.transaction() as conn:
            self._event(conn, viewer, "previewed", draft_id, sorted({r["record"] for r in found}))
        return {"draft": draft_id, "pages": lay.pages, "replacements": [
            {**{k: r[k] for k in ("n", "record", "field", "code", "proposal", "replacement", "was", "who", "page")},
             "decision": decision_of.get(r["proposal"], "pending")} for r in found]}

    def drafts(self, viewer: Viewer) -> list[dict[str, Any]]:
        """The drafts this viewer may open, newest first."""
        viewer.require(Capability.DRAFT_DISCLOSURE, "read disclosures")
        rows = self._conn.execute("SELECT id, case_key, created_by, created_at, recipient, state, issued_version, caveats FROM drafts"
                                  " WHERE agency = ? ORDER BY created_at DESC, id", (viewer.agency,)).fetchall()
        return [{"draft": r[0], "case": r[1], "created_by": r[2], "created_at": r[3], "recipient": r[4], "state": r[5],
                 "issued_version": r[6]} for r in rows if not viewer.lacks(json.loads(r[7]))]

    def proposals(self, viewer: Viewer, draft_id: str) -> list[tuple[Proposal, str, str | None]]:
        viewer.require(Capability.DRAFT_DISCLOSURE, "read a disclosure")
        self._draft(viewer, draft_id)
        return self._proposals(draft_id)

    def _proposals(self, draft_id: str) -> list[tuple[Proposal, str, str | None]]:
        rows = self._conn.execute("SELECT body, decision, decided_by FROM proposals WHERE draft_id = ? ORDER BY id", (draft_id,)).fetchall()
        return [(_proposal(json.loads(r[0])), r[1], r[2]) for r in rows]

    def add(self, viewer: Viewer, draft_id: str, *, text: str, reason: str, record_key: str = "*") -> str:
        viewer.require(Capability.DRAFT_DISCLOSURE, "propose redactions")
        self._draft(viewer, draft_id, "draft")
        by = viewer.name
        if len(text.strip()) < 2 or not reason.strip():
            raise WorkflowError("a redaction needs the text to box out and a reason")
        p = Proposal(f"u-{uuid.uuid4().hex[:12]}", record_key, Code.OTHER, Action.REDACT, text, None, reason, f"user:{by}")
        with self._conn.transaction() as conn:
            conn.execute("INSERT INTO proposals (draft_id, id, body) VALUES (?, ?, ?)", (draft_id, p.id, json.dumps(_body(p))))
            self._event(conn, viewer, "redaction-added", draft_id, [p.id])
        return p.id

    def decide(self, viewer: Viewer, draft_id: str, proposal_ids: Sequence[str], *, confirm: bool, note: str = "") -> None:
        """Confirm or reject proposals (``["all"]``: every pending one), all or none."""
        viewer.require(Capability.DECIDE_DISCLOSURE, "confirm or reject redactions")
        self._draft(viewer, draft_id, "draft")
        by = viewer.name
        ids = [p.id for p, d, _ in self._proposals(draft_id) if d == "pending"] if list(proposal_ids) == ["all"] else list(proposal_ids)
        with self._conn.transaction() as conn:
            for proposal_id in ids:
                changed = conn.execute("UPDATE proposals SET decision = ?, decided_by = ?, decided_at = ?, note = ? WHERE draft_id = ? AND id = ?",
                                       ("confirmed" if confirm else "rejected", by, _now(), note, draft_id, proposal_id)).rowcount
                if not changed:
                    raise WorkflowError(f"no proposal {proposal_id!r} in draft {draft_id!r}")
                self._event(conn, viewer, "redaction-confirmed" if confirm else "redaction-rejected", draft_id, [proposal_id])

    def issue(self, viewer: Viewer, draft_id: str, store: GraphStore, ledger: Ledger, *, now: str | None = None) -> Issued:
        viewer.require(Capability.ISSUE_DISCLOSURE, "issue a disclosure")
        draft = self._draft(viewer, draft_id, "draft")
        by = viewer.name
        decided = self._proposals(draft_id)
        pending = [p.id for p, decision, _ in decided if decision == "pending"]
        if pending:
            raise WorkflowError(f"{len(pending)} proposed redactions are not yet confirmed or rejected (first: {pending[0]})")
        sources = self._sources(draft, ledger)
        confirmed = [p for p, decision, _ in decided if decision == "confirmed"]
        rejected = [p for p, decision, _ in decided if decision == "rejected"]
        decisions = {r[0]: {"by": r[1], "at": r[2]} for r in self._conn.execute(
            "SELECT id, decided_by, decided_at FROM proposals WHERE draft_id = ?", (draft_id,))}
        slug, version, changes = self._next_version(draft, sources, ledger)
        meta = _meta(draft, version=version, by=by, at=now or _now())
        files = render_files(meta, sources, confirmed, rejected, decisions, changes)
        directory = StoreLayout(self.root).disclosures_dir / slug / f"v{version}"
        try:
            directory.mkdir(parents=True, exist_ok=False)  # an issued version is never overwritten
        except FileExistsError:
            raise IssueConflict(f"version {version} of this case is being issued by another request at the same moment; "
                                "issue the draft again to make the next version") from None
        for name, data in files.items():
            path = directory / name
            path.write_bytes(data)
            os.chmod(path, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        digests = json.loads(files["manifest.json"])["files"]
        try:
            with self._conn.transaction() as conn:
                # Checked again inside the write transaction (which holds the store's lock on a shared server):
                # two API servers issuing one draft, or two drafts of one case, at the same instant.
                claimed = conn.execute("UPDATE drafts SET state = 'issued', issued_version = ? WHERE id = ? AND state = 'draft'",
                                       (version, draft_id)).rowcount
                if not claimed:
                    raise IssueConflict(f"draft {draft_id!r} was issued by another request at the same moment; nothing was issued twice")
                if conn.execute("SELECT 1 FROM issued WHERE case_slug = ? AND version = ?", (slug, version)).fetchone() is not None:
                    raise IssueConflict(f"version {version} of this case was issued by another request at the same moment; "
                                        "issue the draft again to make the next version")
                conn.execute("INSERT INTO issued (case_slug, version, draft_id, path, manifest_sha256, records, issued_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (slug, version, draft_id, str(directory), build.hashlib_sha256(files["manifest.json"]).hexdigest(),
                              json.dumps({s.record.key: s.sha256 for s in sources}), meta["issued_at"]))
                self._event(conn, viewer, "issued", draft_id, [s.record.key for s in sources])
        except IssueConflict:
            shutil.rmtree(directory)  # this request's files: never recorded, never to be served
            raise
        return Issued(draft["case_key"], version, directory, digests)

    def events(self, draft_id: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT seq, at, actor, action, draft_id, recipient, reason, items FROM disclosure_events"
        rows = self._conn.execute(sql + (" WHERE draft_id = ?" if draft_id else "") + " ORDER BY seq", (draft_id,) if draft_id else ())
        return [{"seq": r[0], "at": r[1], "actor": r[2], "action": r[3], "draft_id": r[4], "recipient": r[5], "reason": r[6],
                 "items": json.loads(r[7])} for r in rows]

    def issued_file(self, viewer: Viewer, draft_id: str, name: str) -> Path:
        """One file of the package a draft was issued as (read access as for the draft itself)."""
        viewer.require(Capability.DRAFT_DISCLOSURE, "read a disclosure")
        draft = self._draft(viewer, draft_id)
        if name not in PACKAGE_FILES:
            raise DraftNotFound(f"a package holds {', '.join(PACKAGE_FILES)}, not {name!r}")
        if draft["state"] != "issued":
            raise DraftNotFound(f"draft {draft_id!r} has not been issued")
        row = self._conn.execute("SELECT path FROM issued WHERE draft_id = ?", (draft_id,)).fetchone()
        path = Path(row[0]) / name
        if not path.is_file():  # issued by a process on another machine (the drafts are shared, the package files are not)
            raise DraftNotFound(f"the package of draft {draft_id!r} is not in this server's store directory: it was issued "
                                "on another server; download it there")
        with self._conn.transaction() as conn:
            self._event(conn, viewer, "package-downloaded", draft_id, [name])
        return path

    def _draft(self, viewer: Viewer, draft_id: str, state: str | None = None) -> dict[str, Any]:
        cur = self._conn.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,))
        row = cur.fetchone()
        data = dict(zip([d[0] for d in cur.description], row, strict=True)) if row is not None else None
        # Another service's draft, or one holding a caveat this viewer lacks, is answered like a missing one.
        if data is None or data["agency"] is None or data["agency"] != viewer.agency or viewer.lacks(json.loads(data["caveats"])):
            raise DraftNotFound(f"no draft {draft_id!r}")
        if state is not None and data["state"] != state:
            raise WorkflowError(f"draft {draft_id} is {data['state']}: an issued disclosure cannot change (issue a supplemental one)")
        return data


def _meta(draft: dict[str, Any], *, version: int, by: str, at: str) -> dict[str, Any]:
    return {"case": draft["case_key"], "entities": json.loads(draft["entities"]), "version": version, "recipient": draft["recipient"],
            "reason": draft["reason"], "issued_by": by, "issued_at": at, "draft": draft["id"]}


def _check_case(ledger: Ledger, viewer: Viewer, case: str) -> None:
    record = ledger.get(case)
    if record is None or not viewer.may_see(record.agency, record.caveats):
        raise build.CaseNotFound(f"no record {case!r} in force")


def package(meta: dict[str, Any], sources: Sequence[build.SourceRecord], confirmed: Sequence[Proposal], rejected: Sequence[Proposal],
            decisions: dict[str, dict[str, str]], changes: dict[str, list[str]] | None
            ) -> tuple[dict[str, Any], pdf.Layout, list[dict[str, Any]]]:
    """The package's content, its PDF laid out, and every replacement with its page (with the text it
    replaced and whom it names, for Crown counsel only: the content holds neither)."""
    records, found = build.number(build.apply(sources, confirmed))
    sched = build.schedule(confirmed, rejected, decisions)
    shown = [{k: r[k] for k in ("n", "record", "field", "code", "proposal", "replacement", "stands_for")} for r in found]
    data = build.content(meta, records, sched, changes)
    data["replacements"] = shown
    lay = pdf.layout(data)
    for r in (*shown, *found):
        r["page"] = lay.box_pages.get(int(r["n"]))
    for row in sched:
        row["pages"] = pdf.row_pages(row, shown, lay.box_pages, lay.record_pages)
    for rec in records:
        rec["page"] = lay.record_pages.get(rec["key"])
    data["pages"] = lay.pages
    data["document_numbers"] = [pdf.doc_number(meta["draft"], 1), pdf.doc_number(meta["draft"], lay.pages)]
    return data, lay, found


def render_files(meta: dict[str, Any], sources: Sequence[build.SourceRecord], confirmed: Sequence[Proposal], rejected: Sequence[Proposal],
                 decisions: dict[str, dict[str, str]], changes: dict[str, list[str]] | None) -> dict[str, bytes]:
    """The package's files: same inputs, same bytes."""
    data, lay, _ = package(meta, sources, confirmed, rejected, decisions, changes)
    files = {"package.json": build.canonical(data), "package.pdf": lay.pdf}
    files["manifest.json"] = build.canonical(build.manifest(files, sources, {k: meta[k] for k in ("case", "version", "issued_at")}))
    return files


def _changes(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str]]:
    return {"added": sorted(set(after) - set(before)), "removed": sorted(set(before) - set(after)),
            "changed": sorted(k for k in set(before) & set(after) if before[k] != after[k])}


def _body(p: Proposal) -> dict[str, Any]:
    data = asdict(p)
    data["code"], data["action"] = p.code.value, p.action.value
    return data


def _proposal(data: dict[str, Any]) -> Proposal:
    return Proposal(**{**data, "code": Code(data["code"]), "action": Action(data["action"])})


__all__ = ["PACKAGE_FILES", "RULES", "Disclosures", "DraftNotFound", "Issued", "WorkflowError", "package", "render_files"]

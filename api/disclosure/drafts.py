"""The disclosure workflow: draft, review (confirm or reject each proposed redaction, add
others), issue. An issued package is immutable and versioned per case; the next one for the
same case lists what changed since. Every step is recorded as a dissemination event (who,
recipient, reason, items), and handed to the audit hook when one is given."""

from __future__ import annotations

import json
import os
import re
import stat
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from api.disclosure import build, pdf
from api.disclosure.vetting import RULES, Action, Code, Proposal, propose
from graph.store.base import GraphStore
from ingest.ledger import Ledger
from ingest.sqlite import connect, write_transaction
from models.access import Viewer

SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    id TEXT PRIMARY KEY, case_key TEXT, entities TEXT NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL,
    recipient TEXT NOT NULL, reason TEXT NOT NULL, sources TEXT NOT NULL, state TEXT NOT NULL, issued_version INTEGER
);
CREATE TABLE IF NOT EXISTS proposals (
    draft_id TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, decision TEXT NOT NULL DEFAULT 'pending',
    decided_by TEXT, decided_at TEXT, note TEXT, PRIMARY KEY (draft_id, id)
);
CREATE TABLE IF NOT EXISTS issued (
    case_slug TEXT NOT NULL, version INTEGER NOT NULL, draft_id TEXT NOT NULL, path TEXT NOT NULL, manifest_sha256 TEXT NOT NULL,
    records TEXT NOT NULL, issued_at TEXT NOT NULL, PRIMARY KEY (case_slug, version)
);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, draft_id TEXT NOT NULL,
    recipient TEXT NOT NULL, reason TEXT NOT NULL, items TEXT NOT NULL
);
"""

#: Agencies that have recorded consent to onward sharing of their records (default: all have).
DEFAULT_CONSENT: Mapping[str, bool] = {}


class WorkflowError(ValueError):
    """A step taken out of order or by someone who may not take it."""


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
    def __init__(self, root: Path, *, audit: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.root = root
        self._conn = connect(root / "disclosures.db")
        self._conn.executescript(SCHEMA)
        self.audit = audit

    def close(self) -> None:
        self._conn.close()

    def _event(self, conn: Any, actor: str, action: str, draft_id: str, items: Sequence[str]) -> None:
        row = conn.execute("SELECT recipient, reason FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        event = {"at": _now(), "actor": actor, "action": action, "draft_id": draft_id, "recipient": row[0], "reason": row[1],
                 "items": list(items)}
        if self.audit is not None:
            self.audit(event)  # fail closed: an unauditable step does not happen
        conn.execute("INSERT INTO events (at, actor, action, draft_id, recipient, reason, items) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (event["at"], actor, action, draft_id, row[0], row[1], json.dumps(event["items"])))

    # -- the steps -------------------------------------------------------------------------

    def create(self, store: GraphStore, ledger: Ledger, viewer: Viewer, *, by: str, recipient: str, reason: str,
               case: str | None = None, entities: Sequence[str] = (), depth: int = 2,
               consent: Mapping[str, bool] = DEFAULT_CONSENT) -> str:
        if not recipient.strip() or not reason.strip():
            raise WorkflowError("a disclosure needs a recipient and a reason")
        case_record, sources = build.gather(store, ledger, viewer, case=case, entities=entities, depth=depth)
        proposals = propose([s.record for s in sources], case_record, consent,
                            subject_entities={s.record.key: dict(s.subject_entities) for s in sources})
        draft_id = f"d-{uuid.uuid4().hex[:12]}"
        with write_transaction(self._conn) as conn:
            conn.execute("INSERT INTO drafts (id, case_key, entities, created_by, created_at, recipient, reason, sources, state)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft')",
                         (draft_id, case, json.dumps(list(entities)), by, _now(), recipient, reason,
                          json.dumps([{"key": s.record.key, "sha256": s.sha256, "traces": list(s.traces),
                                      "subjects": [list(x) for x in s.subject_entities]} for s in sources])))
            conn.executemany("INSERT INTO proposals (draft_id, id, body) VALUES (?, ?, ?)",
                             [(draft_id, p.id, json.dumps(_body(p))) for p in proposals])
            self._event(conn, by, "draft-created", draft_id, [s.record.key for s in sources])
        return draft_id

    def proposals(self, draft_id: str) -> list[tuple[Proposal, str, str | None]]:
        rows = self._conn.execute("SELECT body, decision, decided_by FROM proposals WHERE draft_id = ? ORDER BY id", (draft_id,)).fetchall()
        return [(_proposal(json.loads(r[0])), r[1], r[2]) for r in rows]

    def add(self, draft_id: str, *, by: str, text: str, reason: str, record_key: str = "*") -> str:
        self._draft(draft_id, "draft")
        if len(text.strip()) < 2 or not reason.strip():
            raise WorkflowError("a redaction needs the text to box out and a reason")
        p = Proposal(f"u-{uuid.uuid4().hex[:12]}", record_key, Code.OTHER, Action.REDACT, text, None, reason, f"user:{by}")
        with write_transaction(self._conn) as conn:
            conn.execute("INSERT INTO proposals (draft_id, id, body) VALUES (?, ?, ?)", (draft_id, p.id, json.dumps(_body(p))))
            self._event(conn, by, "redaction-added", draft_id, [p.id])
        return p.id

    def decide(self, draft_id: str, proposal_id: str, *, by: str, role: str, confirm: bool, note: str = "") -> None:
        if role != "crown":
            raise WorkflowError("only Crown counsel confirms or rejects redactions")
        self._draft(draft_id, "draft")
        with write_transaction(self._conn) as conn:
            changed = conn.execute("UPDATE proposals SET decision = ?, decided_by = ?, decided_at = ?, note = ? WHERE draft_id = ? AND id = ?",
                                   ("confirmed" if confirm else "rejected", by, _now(), note, draft_id, proposal_id)).rowcount
            if not changed:
                raise WorkflowError(f"no proposal {proposal_id!r} in draft {draft_id!r}")
            self._event(conn, by, "redaction-confirmed" if confirm else "redaction-rejected", draft_id, [proposal_id])

    def issue(self, draft_id: str, store: GraphStore, ledger: Ledger, *, by: str, role: str, now: str | None = None) -> Issued:
        if role != "crown":
            raise WorkflowError("only Crown counsel issues a disclosure")
        draft = self._draft(draft_id, "draft")
        decided = self.proposals(draft_id)
        pending = [p.id for p, decision, _ in decided if decision == "pending"]
        if pending:
            raise WorkflowError(f"{len(pending)} proposed redactions are not yet confirmed or rejected (first: {pending[0]})")
        sources = []
        for held in json.loads(draft["sources"]):
            record = ledger.get(held["key"])
            if record is None or build.record_sha(record) != held["sha256"]:
                raise WorkflowError(f"{held['key']} changed or was purged since the draft: create a new draft")
            sources.append(build.SourceRecord(record, held["sha256"], tuple(held["traces"]),
                                              tuple((a, b) for a, b in held.get("subjects", []))))
        confirmed = [p for p, decision, _ in decided if decision == "confirmed"]
        rejected = [p for p, decision, _ in decided if decision == "rejected"]
        decisions = {r[0]: {"by": r[1], "at": r[2]} for r in self._conn.execute(
            "SELECT id, decided_by, decided_at FROM proposals WHERE draft_id = ?", (draft_id,))}
        slug = _slug(draft["case_key"], json.loads(draft["entities"]))
        previous = self._conn.execute("SELECT version, records FROM issued WHERE case_slug = ? ORDER BY version DESC LIMIT 1",
                                      (slug,)).fetchone()
        version = (previous[0] + 1) if previous else 1
        changes = _changes(json.loads(previous[1]), {s.record.key: s.sha256 for s in sources}) if previous else None
        meta = {"case": draft["case_key"], "entities": json.loads(draft["entities"]), "version": version, "recipient": draft["recipient"],
                "reason": draft["reason"], "issued_by": by, "issued_at": now or _now(), "draft": draft_id}
        files = render_files(meta, sources, confirmed, rejected, decisions, changes)
        directory = self.root / "disclosures" / slug / f"v{version}"
        directory.mkdir(parents=True, exist_ok=False)  # an issued version is never overwritten
        for name, data in files.items():
            path = directory / name
            path.write_bytes(data)
            os.chmod(path, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        digests = json.loads(files["manifest.json"])["files"]
        with write_transaction(self._conn) as conn:
            conn.execute("UPDATE drafts SET state = 'issued', issued_version = ? WHERE id = ?", (version, draft_id))
            conn.execute("INSERT INTO issued (case_slug, version, draft_id, path, manifest_sha256, records, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (slug, version, draft_id, str(directory), build.hashlib_sha256(files["manifest.json"]).hexdigest(),
                          json.dumps({s.record.key: s.sha256 for s in sources}), meta["issued_at"]))
            self._event(conn, by, "issued", draft_id, [s.record.key for s in sources])
        return Issued(draft["case_key"], version, directory, digests)

    def events(self, draft_id: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT seq, at, actor, action, draft_id, recipient, reason, items FROM events"
        rows = self._conn.execute(sql + (" WHERE draft_id = ?" if draft_id else "") + " ORDER BY seq", (draft_id,) if draft_id else ())
        return [{"seq": r[0], "at": r[1], "actor": r[2], "action": r[3], "draft_id": r[4], "recipient": r[5], "reason": r[6],
                 "items": json.loads(r[7])} for r in rows]

    def _draft(self, draft_id: str, state: str) -> dict[str, Any]:
        cur = self._conn.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,))
        row = cur.fetchone()
        if row is None:
            raise WorkflowError(f"no draft {draft_id!r}")
        data = dict(zip([d[0] for d in cur.description], row, strict=True))
        if data["state"] != state:
            raise WorkflowError(f"draft {draft_id} is {data['state']}: an issued disclosure cannot change (issue a supplemental one)")
        return data


def render_files(meta: dict[str, Any], sources: Sequence[build.SourceRecord], confirmed: Sequence[Proposal], rejected: Sequence[Proposal],
                 decisions: dict[str, dict[str, str]], changes: dict[str, list[str]] | None) -> dict[str, bytes]:
    """The package's files: same inputs, same bytes."""
    data = build.content(meta, build.apply(sources, confirmed), build.schedule(confirmed, rejected, decisions), changes)
    files = {"package.json": build.canonical(data), "package.pdf": pdf.render(data)}
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


__all__ = ["RULES", "Disclosures", "Issued", "WorkflowError", "render_files"]

"""The investigator's alert inbox: each alert of theirs they may see, with the missing person it is
about (name and age, from the record as they may see it) and its triage state (unread, confirmed,
dismissed, with who set it and when). Shared by HTTP (``GET /alerts/inbox``,
``POST /alerts/{id}/triage``) and anything else that asks; audited by the API's middleware like
every request, with the record and the entities each item shows.

Triage is kept beside the alerts (``alert-triage.db`` in the store, or the shared PostgreSQL server of
``CASELINK_STATE``), one row per change: the state shown is the latest, and the history stays.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from api.schemas.inbox import InboxItemOut, InboxOut, MissingPersonOut, TriageIn, TriageOut, TriageState
from api.schemas.leads import AlertOut
from api.services.errors import NotFoundError
from api.services.leads import alert_for_viewer, visible_alerts
from api.services.queries import AppContext
from graph.alerts import Alert, AlertStore
from graph.redact import present_record
from models.access import Capability, Viewer
from models.database import Database, as_database, open_database
from models.layout import StoreLayout
from models.settings import Settings
from models.vocabulary import Role

#: Whose name and age an alert leads with: the missing person, else a victim.
LEAD_ROLES = (Role.MISSING.value, Role.VICTIM.value)
MAX_ALERT_ID = 64


SCHEMA = """
CREATE TABLE IF NOT EXISTS triage (seq INTEGER PRIMARY KEY AUTOINCREMENT, alert TEXT NOT NULL, owner TEXT NOT NULL,
                                   state TEXT NOT NULL, by TEXT NOT NULL, at TEXT NOT NULL, note TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS triage_alert ON triage (alert, seq);
"""


class TriageStore:
    """Every triage change of every alert (alert id, owner, state, by, at, note), in ``alert-triage.db`` or
    on the shared server: an alert confirmed through one API process shows confirmed through every other."""

    def __init__(self, where: Path | Database) -> None:
        """``where``: the embedded SQLite file, or a database from :func:`models.database.open_database`."""
        self._conn = as_database(where)
        self._conn.create(SCHEMA)

    @classmethod
    def of(cls, settings: Settings) -> TriageStore:
        """The triage ``settings`` name: ``alert-triage.db`` in the store, or the server of ``CASELINK_STATE``."""
        return cls(open_database(settings.state, StoreLayout.of(settings).alert_triage_db))

    def close(self) -> None:
        self._conn.close()

    def set(self, alert_id: str, owner: str, state: str, by: str, note: str) -> TriageOut:
        at = datetime.now(UTC).isoformat(timespec="seconds")
        with self._conn.transaction() as conn:  # seq order is commit order: the latest change is the one shown
            conn.execute("INSERT INTO triage (alert, owner, state, by, at, note) VALUES (?, ?, ?, ?, ?, ?)",
                         (alert_id, owner, state, by, at, note))
        return TriageOut(state=TriageState(state), by=by, at=at, note=note)

    def current(self, owner: str, alert_ids: list[str]) -> dict[str, TriageOut]:
        """The latest state of each of ``owner``'s alerts among ``alert_ids``."""
        wanted = set(alert_ids)
        rows = self._conn.execute(
            "SELECT alert, state, by, at, note FROM triage WHERE seq IN (SELECT MAX(seq) FROM triage WHERE owner = ? GROUP BY alert)",
            (owner,)).fetchall()
        return {str(r[0]): TriageOut(state=TriageState(r[1]), by=str(r[2]), at=str(r[3]), note=str(r[4])) for r in rows if r[0] in wanted}


def age_on(dob: str | None, estimate: Any, on: date | None) -> tuple[int | None, str]:
    """A person's age on ``on`` (today when None) and what it rests on: the date of birth, else the
    estimated birth year; ``(None, ...)`` when neither is known."""
    when = on or datetime.now(UTC).date()
    if dob:
        try:
            born = date.fromisoformat(dob[:10])
        except ValueError:
            born = None
        if born is not None:
            return when.year - born.year - ((when.month, when.day) < (born.month, born.day)), "date of birth"
    if isinstance(estimate, int):
        return when.year - estimate, "estimated birth year"
    return None, "unknown"


def _opened(payload: dict[str, Any]) -> date | None:
    opened = payload.get("opened")
    if isinstance(opened, str) and len(opened) >= 10:
        try:
            return date.fromisoformat(opened[:10])
        except ValueError:
            return None
    return None


def missing_persons(ctx: AppContext, alert: Alert | AlertOut, viewer: Viewer) -> tuple[list[MissingPersonOut], dict[str, Any]]:
    """The record's missing persons (else its victims) as ``viewer`` may see the record: name, age at the
    record's date, date of birth; and the record's payload as shown."""
    row = ctx.store.record(alert.record_key, viewer=viewer)
    if row is None:
        return [], {}
    view = present_record(ctx.store, row, viewer)
    payload = view.payload
    on = _opened(payload)
    subjects = [s for s in payload.get("subjects") or [] if isinstance(s, dict)]
    out = []
    for role in LEAD_ROLES:
        for s in subjects:
            if s.get("role") != role:
                continue
            name = " ".join(str(p) for p in (s.get("given"), s.get("surname")) if p) or str(s.get("name_raw") or "(no name)")
            age, basis = age_on(s.get("dob"), s.get("birth_year_estimate"), on)
            out.append(MissingPersonOut(name=name, role=role, age=age, age_basis=basis, dob=s.get("dob") or None,
                                        entity=view.subjects.get(str(s.get("subject_id")))))
        if out:
            break
    return out, payload


def _item(ctx: AppContext, alert: AlertOut, viewer: Viewer, triage: TriageOut | None) -> InboxItemOut:
    """``alert`` as the viewer may see it (:func:`api.services.leads.alert_for_viewer`), with its people and state."""
    persons, payload = missing_persons(ctx, alert, viewer)
    opened = _opened(payload)
    return InboxItemOut(alert=alert, record_type=payload.get("record_type"), opened=opened.isoformat() if opened else None,
                        persons=persons, triage=triage or TriageOut(state=TriageState.UNREAD, by=None, at=None, note=""))


def inbox(ctx: AppContext, alerts: AlertStore, triage: TriageStore, viewer: Viewer, *, after: int = 0, limit: int = 100) -> InboxOut:
    """The viewer's alerts it may see now, newest first, each with its people and triage state."""
    viewer.require(Capability.WATCH, "read the alert inbox")
    shown, _ = visible_alerts(ctx, alerts, viewer, after=after, limit=limit)  # each path as the viewer may see it
    states = triage.current(viewer.name, [a.id for a in shown])
    items = [_item(ctx, a, viewer, states.get(a.id)) for a in reversed(shown)]
    counts = {s.value: 0 for s in TriageState}
    for item in items:
        counts[item.triage.state.value] += 1
    return InboxOut(items=items, counts=counts, last_seq=shown[-1].seq if shown else after)  # no cursor past held-back alerts


def set_triage(ctx: AppContext, alerts: AlertStore, triage: TriageStore, viewer: Viewer, alert_id: str, body: TriageIn) -> InboxItemOut:
    """Mark one of the viewer's own alerts unread, confirmed or dismissed. An alert that is not theirs,
    or rests on what they may not see now, is "not found" (no oracle)."""
    viewer.require(Capability.WATCH, "triage alerts")
    if len(alert_id) > MAX_ALERT_ID:
        raise NotFoundError(f"no alert {alert_id[:MAX_ALERT_ID]!r}")
    alert = next((a for a in alerts.alerts(viewer.name, limit=100_000) if a.id == alert_id), None)
    shown = alert_for_viewer(ctx, alert, viewer) if alert is not None else None
    if alert is None or shown is None:
        raise NotFoundError(f"no alert {alert_id!r}")
    return _item(ctx, shown, viewer, triage.set(alert.id, viewer.name, body.state.value, viewer.name, body.note))


def disclosed_ids(answer: InboxOut | InboxItemOut) -> tuple[list[str], list[str]]:
    """(entities, records) an inbox answer shows, for its audit entry."""
    items = answer.items if isinstance(answer, InboxOut) else [answer]
    entities = sorted({n for i in items for n in i.alert.path_nodes} | {p.entity for i in items for p in i.persons if p.entity})
    return entities, sorted({i.alert.record_key for i in items})

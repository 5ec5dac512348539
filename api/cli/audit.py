"""``caselink audit``: verify the hash chain, and answer who looked at what."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from api.cli.options import JsonOption, StoreOption, load_settings
from api.cli.queries import AsOption, ReasonOption, run_named
from api.cli.show import Names
from api.schemas import AuditEntriesOut
from api.services import queries
from api.services.audit import Verification, audit_log

audit_app = typer.Typer(help="The tamper-evident audit log of every request.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def verify_command(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Check every entry's hash chain and every signed checkpoint of it; exit 1 at the first thing that does
    not verify: an altered, inserted or removed entry, entries cut off the end, or a recomputed chain."""
    settings = load_settings(store)
    log = audit_log(settings)
    if log.key is None and log.checkpoints():
        result = Verification(False, 0, None, "the log has signed checkpoints but no audit key is configured "
                                              "(CASELINK_AUDIT_SIGNING_KEY or CASELINK_SIGNING_KEY): cannot check them")
    else:
        result = log.verify()
    if as_json:
        typer.echo(json.dumps({"ok": result.ok, "entries": result.entries, "bad_line": result.bad_line, "reason": result.reason,
                               "checkpoints": result.checkpoints, "anchored": result.anchored}))
    elif result.ok:
        anchored = (f"{result.checkpoints} signed checkpoints, the last covering {result.anchored} entries"
                    if result.checkpoints else "no signed checkpoint yet" if log.key else "not anchored (no audit key)")
        Console().print(f"audit log {log.where}: {result.entries} entries, chain intact; {anchored}")
    else:
        where = f" at line {result.bad_line}" if result.bad_line else ""
        Console(stderr=True).print(f"[red]audit log {log.where} TAMPERED[/red]{where}: {result.reason} "
                                   f"({result.entries} entries verified)", markup=True)
    if not result.ok:
        raise typer.Exit(1)


@audit_app.command("search")
def search_command(
    user: Annotated[str | None, typer.Option("--user", help="Entries made by this user.")] = None,
    entity: Annotated[str | None, typer.Option("--entity", help="Entries that asked for or returned this entity.")] = None,
    record: Annotated[str | None, typer.Option("--record", help="Entries that returned this record (AGENCY:RECORD_NO).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100_000)] = 1000,
    store: StoreOption = None,
    as_json: JsonOption = False,
    as_user: AsOption = None,
    reason: ReasonOption = None,
) -> None:
    """Who looked at what: entries by user, entity or record (latest LIMIT). Administrators only, as over
    HTTP (``GET /audit``); the reading is itself audited."""
    if user is None and entity is None and record is None:
        Console(stderr=True).print("[red]error:[/red] give --user, --entity or --record")
        raise typer.Exit(2)

    def show(console: Console, answer: AuditEntriesOut, _: Names) -> None:
        found = answer.entries
        if as_json:
            typer.echo(json.dumps(found, ensure_ascii=False))
            return
        table = Table(title=f"audit: {len(found)} entries")
        for col in ("seq", "at", "user", "role", "asked", "reason", "status", "returned"):
            table.add_column(col, overflow="fold")
        for e in found:
            table.add_row(str(e.get("seq")), str(e.get("at")), str(e.get("user")), str(e.get("role")),
                          escape(f"{e.get('method')} {e.get('path')} {e.get('query') or ''}"), escape(str(e.get("reason") or "")),
                          str(e.get("status")), f"{len(e.get('entities') or [])} entities, {len(e.get('records') or [])} records")
        console.print(table)

    run_named(store, False, lambda ctx, viewer: queries.audit_entries(ctx, viewer=viewer, user=user, entity=entity, record=record,
                                                                      limit=limit),
              show, as_user=as_user, reason=reason, command="audit search",
              asked={"audit_user": user, "audit_entity": entity, "audit_record": record}, names=False)

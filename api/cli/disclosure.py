"""``caselink disclose``: Crown disclosure packages, from draft to issue, at a terminal.

Every step runs as a registered user (``--as``, see :func:`api.cli.queries.cli_viewer`) and goes
through the same :class:`~api.services.disclosure.drafts.Disclosures` methods as the HTTP routes, which check
the user's capabilities and the draft's owner: the terminal is refused what HTTP refuses. Every step is written to the audit log as a
dissemination (recipient, reason, items) before it takes effect.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.cli.options import JsonOption, StoreOption
from api.cli.queries import AsOption, cli_context, cli_viewer
from api.services.audit import audit_log
from api.services.disclosure import build
from api.services.disclosure.drafts import Disclosures, WorkflowError
from api.services.queries import AppContext
from models.access import PermissionDenied, Viewer

disclose_app = typer.Typer(help="Crown disclosure packages: draft, review redactions, issue, verify.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(disclose_app, name="disclose")


@contextmanager
def _workflow(store: Path | None, as_user: str | None) -> Iterator[tuple[AppContext, Viewer, Disclosures]]:
    with cli_context(store) as ctx:
        viewer = cli_viewer(ctx, as_user)
        disclosures = Disclosures.of(ctx.settings, audit=audit_log(ctx.settings).append)
        try:
            yield ctx, viewer, disclosures
        except (WorkflowError, build.DisclosureError) as exc:
            Console(stderr=True).print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from None
        except PermissionDenied as exc:
            Console(stderr=True).print(f"[red]refused:[/red] {exc.message}")
            raise typer.Exit(1) from None
        finally:
            disclosures.close()


def _scoped(values: list[str] | None) -> list[tuple[str, str]]:
    """``KEY=REASON`` options as (key, reason) pairs."""
    out = []
    for value in values or []:
        key, sep, why = value.partition("=")
        if not sep or not key.strip() or not why.strip():
            raise WorkflowError(f"give a record as KEY=REASON (the record and why it is relevant), not {value!r}")
        out.append((key.strip(), why.strip()))
    return out


def _print_proposals(disclosures: Disclosures, viewer: Viewer, draft: str, as_json: bool) -> None:
    rows = disclosures.proposals(viewer, draft)
    scope = disclosures.scope(viewer, draft)
    if as_json:
        typer.echo(json.dumps({"draft": draft, "proposals": [{"id": p.id, "record": p.record_key, "code": p.code.value,
                                                               "action": p.action.value, "reason": p.reason,
                                                               "replacement": p.replacement, "decision": d,
                                                               "decided_by": by} for p, d, by in rows], "records": scope}))
        return
    records = Table(title=f"Draft {draft}: records in scope")
    for column in ("record", "relevance"):
        records.add_column(column, overflow="fold")
    for r in scope:
        records.add_row(r["key"], r["reason"])
    Console().print(records)
    table = Table(title=f"Draft {draft}: proposed redactions")
    for column in ("id", "record", "code", "action", "reason", "decision"):
        table.add_column(column, overflow="fold")
    for p, decision, by in rows:
        table.add_row(p.id, p.record_key, p.code.value, p.action.value, p.reason, decision + (f" ({by})" if by else ""))
    Console().print(table)


@disclose_app.command("create")
def create_command(recipient: Annotated[str, typer.Option(help="Who receives it (defence counsel, the court).")],
                   reason: Annotated[str, typer.Option(help="Why it is disclosed.")],
                   case: Annotated[str | None, typer.Option(help="A case record, AGENCY:RECORD_NO.")] = None,
                   entity: Annotated[list[str] | None, typer.Option("--entity", help="Entities whose network is disclosed.")] = None,
                   depth: Annotated[int, typer.Option(min=1, max=3)] = 2,
                   record: Annotated[list[str] | None, typer.Option("--record", help=(
                       "A record in scope and why it is relevant, KEY=REASON (repeatable); by default the case's own record "
                       "and every record behind its network."))] = None,
                   store: StoreOption = None, as_json: JsonOption = False, as_user: AsOption = None) -> None:
    """Gather the records in scope (named, or every record behind the network) and propose redactions from their labels."""
    with _workflow(store, as_user) as (ctx, viewer, disclosures):
        draft = disclosures.create(ctx.store, ctx.ledger, viewer, recipient=recipient, reason=reason, case=case,
                                   entities=entity or [], depth=depth, records=_scoped(record) if record else None)
        _print_proposals(disclosures, viewer, draft, as_json)


@disclose_app.command("list")
def list_command(store: StoreOption = None, as_json: JsonOption = False, as_user: AsOption = None) -> None:
    """The drafts you may open (your service's, holding no caveat you lack)."""
    with _workflow(store, as_user) as (_, viewer, disclosures):
        drafts = disclosures.drafts(viewer)
        if as_json:
            typer.echo(json.dumps({"drafts": drafts}))
            return
        table = Table(title=f"Disclosure drafts of {viewer.agency}")
        for column in ("draft", "case", "created_by", "created_at", "recipient", "state", "issued_version"):
            table.add_column(column, overflow="fold")
        for d in drafts:
            table.add_row(*(str(d[c]) if d[c] is not None else "" for c in
                            ("draft", "case", "created_by", "created_at", "recipient", "state", "issued_version")))
        Console().print(table)


@disclose_app.command("proposals")
def proposals_command(draft: str, store: StoreOption = None, as_json: JsonOption = False, as_user: AsOption = None) -> None:
    """The proposed redactions of a draft and their decisions."""
    with _workflow(store, as_user) as (_, viewer, disclosures):
        _print_proposals(disclosures, viewer, draft, as_json)


@disclose_app.command("decide")
def decide_command(draft: str, proposal: Annotated[list[str], typer.Argument(help="Proposal ids, or 'all'.")],
                   reject: Annotated[bool, typer.Option("--reject", help="Reject instead of confirming.")] = False,
                   note: Annotated[str, typer.Option(help="Recorded with the decision.")] = "",
                   store: StoreOption = None, as_json: JsonOption = False, as_user: AsOption = None) -> None:
    """Confirm (or reject) proposed redactions: Crown counsel only."""
    with _workflow(store, as_user) as (_, viewer, disclosures):
        disclosures.decide(viewer, draft, proposal, confirm=not reject, note=note)
        _print_proposals(disclosures, viewer, draft, as_json)


@disclose_app.command("redact")
def redact_command(draft: str, text: Annotated[str, typer.Option(help="Text to box out wherever it appears.")],
                   reason: Annotated[str, typer.Option(help="Why.")], store: StoreOption = None, as_user: AsOption = None) -> None:
    """Propose a redaction of your own (it needs confirming like the others)."""
    with _workflow(store, as_user) as (_, viewer, disclosures):
        typer.echo(disclosures.add(viewer, draft, text=text, reason=reason))


@disclose_app.command("scope")
def scope_command(draft: str,
                  add: Annotated[list[str] | None, typer.Option("--add", help="KEY=REASON: a record to bring in, and why.")] = None,
                  remove: Annotated[list[str] | None, typer.Option("--remove", help="A record to take out.")] = None,
                  store: StoreOption = None, as_json: JsonOption = False, as_user: AsOption = None) -> None:
    """Show a draft's records in scope, or add and remove records before issue (the rules are run again)."""
    with _workflow(store, as_user) as (ctx, viewer, disclosures):
        if add or remove:
            disclosures.rescope(viewer, draft, ctx.store, ctx.ledger, add=_scoped(add), remove=remove or [])
        _print_proposals(disclosures, viewer, draft, as_json)


@disclose_app.command("preview")
def preview_command(draft: str, store: StoreOption = None, as_json: JsonOption = False, as_user: AsOption = None) -> None:
    """Every replacement the package would carry if issued now (proposals not rejected): record, page, the text
    replaced, the replacement and whom it stands for."""
    with _workflow(store, as_user) as (ctx, viewer, disclosures):
        found = disclosures.preview(viewer, draft, ctx.ledger)
        if as_json:
            typer.echo(json.dumps(found))
            return
        table = Table(title=f"Draft {draft}: {len(found['replacements'])} replacements on {found['pages']} pages")
        for column in ("#", "record", "page", "field", "replaced", "by", "stands for", "decision"):
            table.add_column(column, overflow="fold")
        for r in found["replacements"]:
            table.add_row(str(r["n"]), r["record"], str(r["page"] or ""), r["field"], r["was"],
                          f"[{r['code']}" + (f": {r['replacement']}" if r["replacement"] else "") + "]", r["who"], r["decision"])
        Console().print(table)


@disclose_app.command("issue")
def issue_command(draft: str, store: StoreOption = None, as_json: JsonOption = False, as_user: AsOption = None) -> None:
    """Issue the package (PDF, JSON, manifest): immutable, versioned per case. Crown counsel only."""
    with _workflow(store, as_user) as (ctx, viewer, disclosures):
        issued = disclosures.issue(viewer, draft, ctx.store, ctx.ledger)
        data = {"case": issued.case, "version": issued.version, "directory": str(issued.directory), "files": issued.files}
        typer.echo(json.dumps(data) if as_json else f"issued v{issued.version} in {issued.directory}")


@disclose_app.command("verify")
def verify_command(directory: Annotated[Path, typer.Argument(help="An issued package's directory.")]) -> None:
    """Check every file against the package's manifest (exit 1 on any difference)."""
    manifest = json.loads((directory / "manifest.json").read_bytes())
    files = {name: (directory / name).read_bytes() for name in manifest["files"] if (directory / name).exists()}
    problems = build.verify(files, manifest)
    for problem in problems:
        Console(stderr=True).print(f"[red]{problem}[/red]")
    if problems:
        raise typer.Exit(1)
    typer.echo(f"{directory}: {len(manifest['files'])} files and {len(manifest['source_records'])} source records as the manifest says")

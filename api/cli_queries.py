"""Terminal mirrors of the API: ``serve``, ``search``, ``network``, ``path``, ``show``.

They call the same :mod:`api.queries` functions as the HTTP handlers, so a person at a
terminal and an analyst's tool get the same answers; ``--json`` prints the API's JSON.

Each answers for an explicit viewer: ``--as NAME`` answers as that registered user (role, agency
and caveats from ``caselink users add``), exactly as the API would for that user's token. Without
``--as``, the command runs as the local operator (``operator:<login>``, administrator scope), which
only ``CASELINK_ENV=development`` allows. Every question is written to the audit log first
(channel ``cli``); if it cannot be, the answer is not shown.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from api import queries
from api.audit import AuditEntry, audit_log, returned_ids
from api.auth import UserRegistry, users_path
from api.errors import CaselinkError
from api.options import JsonOption, StoreOption, load_settings
from api.queries import AppContext, open_context
from api.schemas import EntityDetailOut, EntityOut, NetworkOut, PathsOut, RecordOut, SearchOut
from graph.store.base import MAX_DEPTH, MAX_PATH_HOPS, EntityNotFoundError
from ingest.service import ledger_path
from models.access import ROLES, PermissionDenied, UserRole, Viewer
from models.settings import Settings

T = TypeVar("T", bound=BaseModel)
AsOption = Annotated[str | None, typer.Option("--as", help="Answer as this registered user (caselink users add); "
                                                           "without it, the local operator (development only).")]
ReasonOption = Annotated[str | None, typer.Option("--reason", max=500, help="Why you are asking (recorded in the audit log).")]


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
    app.command("search")(search_command)
    app.command("network")(network_command)
    app.command("path")(path_command)
    app.command("show")(show_command)


@contextmanager
def _context(store: Path | None) -> Iterator[AppContext]:
    settings = load_settings(store)
    if not ledger_path(settings).exists():
        Console(stderr=True).print(f"[red]error:[/red] no store at {settings.store} (run `caselink ingest` first)")
        raise typer.Exit(2)
    ctx = open_context(settings)
    try:
        yield ctx
    finally:
        ctx.close()
        try:
            audit_log(settings).checkpoint()  # the command is over: anchor what it wrote (api.audit)
        except OSError as exc:
            Console(stderr=True).print(f"[yellow]warning:[/yellow] no audit checkpoint written ({exc})")


def cli_viewer(ctx: AppContext, as_user: str | None) -> Viewer:
    """The viewer a terminal question is answered for (see the module docstring)."""
    err = Console(stderr=True)
    if as_user is None:
        if ctx.settings.env != "development":
            err.print("[red]error:[/red] --as USER is required outside CASELINK_ENV=development")
            raise typer.Exit(2)
        return Viewer(name=f"operator:{getpass.getuser()}", role=UserRole.ADMIN, agency=None, agencies=frozenset(),
                      clearances=frozenset(), all_access=True, capabilities=ROLES[UserRole.ADMIN].capabilities)
    registry = UserRegistry(users_path(ctx.settings))
    try:
        user = registry.get(as_user)
    finally:
        registry.close()
    if user is None or user.disabled:
        err.print(f"[red]error:[/red] no active user {as_user!r} (caselink users add)")
        raise typer.Exit(2)
    return ctx.policy.viewer(user.name, user.role, user.agency, user.caveats)


def audit_cli(settings: Settings, viewer: Viewer, command: str, asked: dict[str, object], reason: str | None,
              answer: BaseModel | None, status: str) -> None:
    """Write the question's audit entry; if it cannot be written, nothing is shown (fail closed)."""
    entities, records = returned_ids(answer) if answer is not None else ([], [])
    try:
        audit_log(settings).append(AuditEntry.of(
            viewer, channel="cli", client="local", method="CLI", path=command,
            query={k: str(v)[:500] for k, v in asked.items() if v is not None}, reason=reason,
            asked_entities=[str(asked[k]) for k in ("entity", "from", "to") if asked.get(k)], entities=entities, records=records,
            status=status, outcome=status if status in ("ok", "refused") else "error"))
    except OSError as exc:
        Console(stderr=True).print(f"[red]error:[/red] the audit log cannot be written ({exc}): not answering")
        raise typer.Exit(1) from None


def run_query(store: Path | None, as_json: bool, ask: Callable[[AppContext, Viewer], T], show: Callable[[Console, T], None], *,
         as_user: str | None = None, reason: str | None = None, command: str = "", asked: dict[str, object] | None = None) -> None:
    with _context(store) as ctx:
        viewer = cli_viewer(ctx, as_user)
        try:
            answer = ask(ctx, viewer)
        except (CaselinkError, EntityNotFoundError, PermissionDenied) as exc:
            audit_cli(ctx.settings, viewer, command, asked or {}, reason, None, "refused" if isinstance(exc, PermissionDenied) else "error")
            Console(stderr=True).print(f"[red]error:[/red] {getattr(exc, 'message', exc)}")
            raise typer.Exit(1) from None
        audit_cli(ctx.settings, viewer, command, asked or {}, reason, answer, "ok")
    if as_json:
        typer.echo(answer.model_dump_json(indent=2))
    else:
        show(Console(), answer)


def _label(e: EntityOut) -> str:
    hub = " [yellow](hub)[/yellow]" if e.hub else ""
    caveats = f" [red]{','.join(e.labels.caveats)}[/red]" if e.labels.caveats else ""
    return f"[bold]{e.kind}[/bold] {e.caption!s}{hub}{caveats}  [dim]{e.id}[/dim]"


def serve_command(
    store: StoreOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8080,
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    import uvicorn

    from api.app import create_app, server_config

    typer.echo(f"caselink API on http://{host}:{port} (docs at /docs); Ctrl-C to stop")
    uvicorn.Server(server_config(create_app(load_settings(store)), host, port)).run()


def search_command(
    query: Annotated[str, typer.Argument(help="A name, alias, phone, plate, handle or record number.")],
    store: StoreOption = None,
    as_json: JsonOption = False,
    kinds: Annotated[str | None, typer.Option(help="Comma-separated entity kinds.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 20,
    as_user: AsOption = None,
    reason: ReasonOption = None,
) -> None:
    """Find people, phones, plates, places, handles and records."""

    def show(console: Console, answer: SearchOut) -> None:
        table = Table(title=f"search: {answer.query}")
        for col in ("score", "how", "kind", "caption", "id"):
            table.add_column(col, overflow="fold")
        for hit in answer.hits:
            table.add_row(f"{hit.score:.0f}", hit.how, hit.entity.kind, hit.entity.caption, hit.entity.id)
        console.print(table)

    run_query(store, as_json, lambda ctx, viewer: queries.search(ctx, query, viewer=viewer, kinds=kinds, limit=limit), show,
         as_user=as_user, reason=reason, command="search", asked={"q": query, "kinds": kinds, "limit": limit})


def network_command(
    entity_id: Annotated[str, typer.Argument(help="Entity id (from search).")],
    store: StoreOption = None,
    as_json: JsonOption = False,
    depth: Annotated[int, typer.Option(min=1, max=MAX_DEPTH)] = 1,
    kinds: Annotated[str | None, typer.Option(help="Comma-separated entity kinds to show.")] = None,
    since: Annotated[str | None, typer.Option(help="Only links seen on or after this date (YYYY-MM-DD).")] = None,
    as_user: AsOption = None,
    reason: ReasonOption = None,
) -> None:
    """Who and what is connected to an entity, within DEPTH links."""
    try:
        since_date = date.fromisoformat(since) if since else None
    except ValueError:
        Console(stderr=True).print(f"[red]error:[/red] --since must be YYYY-MM-DD, not {since!r}")
        raise typer.Exit(2) from None

    def show(console: Console, answer: NetworkOut) -> None:
        by_id = {e.id: e for e in answer.entities}
        tree = Tree(_label(by_id[answer.centre]))
        for link in answer.links:
            if answer.centre in (link.source, link.target):
                other = link.target if link.source == answer.centre else link.source
                tree.add(f"{link.kind} → {_label(by_id[other])}")
        console.print(tree)
        console.print(f"{len(answer.entities)} entities, {len(answer.links)} links within {answer.depth} hops")
        cut = answer.cut
        if cut.hubs_not_expanded or cut.truncated or cut.filtered_by_kind or cut.filtered_by_date:
            console.print(f"[yellow]cut:[/yellow] hubs not expanded {len(cut.hubs_not_expanded)}, truncated {cut.truncated}, "
                          f"filtered by kind {cut.filtered_by_kind}, by date {cut.filtered_by_date}")

    run_query(store, as_json, lambda ctx, viewer: queries.network(ctx, entity_id, viewer=viewer, depth=depth, kinds=kinds, since=since_date),
         show, as_user=as_user, reason=reason, command="network",
         asked={"entity": entity_id, "depth": depth, "kinds": kinds, "since": since})


def path_command(
    source: Annotated[str, typer.Argument(help="Entity id to start from.")],
    target: Annotated[str, typer.Argument(help="Entity id to reach.")],
    store: StoreOption = None,
    as_json: JsonOption = False,
    max_hops: Annotated[int, typer.Option("--max", min=1, max=MAX_PATH_HOPS)] = 4,
    limit: Annotated[int, typer.Option(min=1, max=20)] = 5,
    as_user: AsOption = None,
    reason: ReasonOption = None,
) -> None:
    """Shortest paths between two entities, each hop with the records that justify it."""

    def show(console: Console, answer: PathsOut) -> None:
        if not answer.paths:
            console.print(f"no path of at most {answer.max_hops} links")
        for i, p in enumerate(answer.paths, 1):
            tree = Tree(f"path {i} ({p.length} links): {_label(p.nodes[0])}")
            for hop, node in zip(p.hops, p.nodes[1:], strict=True):
                tree.add(f"{hop.link.kind} [{', '.join(hop.records)}] → {_label(node)}")
            console.print(tree)

    run_query(store, as_json, lambda ctx, viewer: queries.paths(ctx, source, target, viewer=viewer, max_hops=max_hops, limit=limit), show,
         as_user=as_user, reason=reason, command="path", asked={"from": source, "to": target, "max": max_hops, "limit": limit})


def show_command(
    target: Annotated[str, typer.Argument(help="An entity id, or a record as AGENCY/RECORD_NO.")],
    store: StoreOption = None,
    as_json: JsonOption = False,
    as_user: AsOption = None,
    reason: ReasonOption = None,
) -> None:
    """An entity with every source record behind it, or a record as ingested with its resolved entities."""
    if "/" in target:
        agency, _, record_no = target.partition("/")

        def show_record(console: Console, answer: RecordOut) -> None:
            console.print(f"[bold]{answer.agency} {answer.record_no}[/bold] version {answer.version} "
                          f"caveats {', '.join(answer.labels.caveats) or '-'}")
            for sid, pid in answer.subjects.items():
                console.print(f"  subject {sid} → {pid}")
            console.print(answer.record.get("narrative", ""), markup=False)
            table = Table(title="mentions")
            for col in ("kind", "text", "span", "value", "entity"):
                table.add_column(col, overflow="fold")
            for m in answer.mentions:
                table.add_row(m.kind, m.text, f"{m.start}-{m.end}", m.value or "", m.entity or "")
            console.print(table)

        run_query(store, as_json, lambda ctx, viewer: queries.record(ctx, agency, record_no, viewer=viewer), show_record,
             as_user=as_user, reason=reason, command="show", asked={"record": target})
        return

    def show_entity(console: Console, answer: EntityDetailOut) -> None:
        console.print(_label(answer.entity))
        for key, value in answer.entity.properties.items():
            console.print(f"  {key}: {value}", markup=False)
        table = Table(title=f"sources ({len(answer.records)} records)")
        for col in ("record", "field / span", "extractor", "confidence"):
            table.add_column(col, overflow="fold")
        for s in answer.sources:
            table.add_row(s.record, s.field or f"{s.span}", f"{s.extractor} {s.extractor_version}", f"{s.confidence:.2f}")
        console.print(table)

    run_query(store, as_json, lambda ctx, viewer: queries.entity(ctx, target, viewer=viewer), show_entity,
         as_user=as_user, reason=reason, command="show", asked={"entity": target})

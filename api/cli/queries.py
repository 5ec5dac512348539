"""Terminal mirrors of the API: ``serve``, ``search``, ``network``, ``path``, ``show``.

They call the same :mod:`api.services.queries` functions as the HTTP handlers, so a person at a
terminal and an analyst's tool get the same answers; ``--json`` prints the API's JSON.

Each answers for an explicit viewer: ``--as NAME`` answers as that registered user (role, agency
and caveats from ``caselink users add``), exactly as the API would for that user's token. Without
``--as``, the command runs as the local operator (``operator:<login>``, administrator scope), which
only ``CASELINK_ENV=development`` allows. Every question is written to the audit log first
(channel ``cli``); if it cannot be, the answer is not shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from api.cli.options import JsonOption, StoreOption, load_settings
from api.cli.show import Names, caption_of, facts_of, label, print_candidates
from api.schemas import EntityDetailOut, NetworkOut, PathsOut, RecordOut, SearchHitOut, SearchOut
from api.services import queries
from api.services.audit import audit_log, record_command
from api.services.auth import terminal_viewer
from api.services.errors import AuditUnavailableError, CaselinkError, UnauthorizedError
from api.services.queries import AmbiguousError, AppContext, open_context
from graph.store.base import MAX_DEPTH, MAX_PATH_HOPS, EntityNotFoundError
from ingest.service import ledger_path
from models.access import PermissionDenied, Viewer
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
def cli_context(store: Path | None) -> Iterator[AppContext]:
    """The store's context for one command (closed after it); a missing store is a clear error, exit 2.
    Every CLI module opens its context here."""
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
            audit_log(settings).checkpoint()  # the command is over: anchor what it wrote (api.services.audit)
        except OSError as exc:
            Console(stderr=True).print(f"[yellow]warning:[/yellow] no audit checkpoint written ({exc})")


def cli_viewer(ctx: AppContext, as_user: str | None) -> Viewer:
    """The viewer a terminal question is answered for (:func:`api.services.auth.terminal_viewer`); a
    refusal is printed, exit 2."""
    try:
        return terminal_viewer(ctx.settings, ctx.policy, as_user)
    except UnauthorizedError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {escape(exc.message)}")
        raise typer.Exit(2) from None


def audit_cli(settings: Settings, viewer: Viewer, command: str, asked: dict[str, object], reason: str | None,
              answer: BaseModel | None, status: str) -> None:
    """Have the question audited (:func:`api.services.audit.record_command`); if the entry cannot be
    written, nothing is shown (fail closed), exit 1."""
    try:
        record_command(settings, viewer, command, asked, reason, answer, status)
    except AuditUnavailableError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {escape(exc.message)}")
        raise typer.Exit(1) from None


def run_query(store: Path | None, as_json: bool, ask: Callable[[AppContext, Viewer], T], show: Callable[[Console, T], None], *,
         as_user: str | None = None, reason: str | None = None, command: str = "", asked: dict[str, object] | None = None) -> None:
    run_named(store, as_json, ask, lambda console, answer, _: show(console, answer), as_user=as_user, reason=reason,
              command=command, asked=asked, names=False)


def run_named(store: Path | None, as_json: bool, ask: Callable[[AppContext, Viewer], T], show: Callable[[Console, T, Names], None],
              *, as_user: str | None = None, reason: str | None = None, command: str = "", asked: dict[str, object] | None = None,
              names: bool = True) -> None:
    """Answer ``ask`` for the viewer, audited; print the API's JSON or ``show`` it with the captions of the
    ids it holds (looked up for the same viewer, inside the same context)."""
    with cli_context(store) as ctx:
        viewer = cli_viewer(ctx, as_user)
        try:
            answer = ask(ctx, viewer)
        except (CaselinkError, EntityNotFoundError, PermissionDenied) as exc:
            # The candidates of an ambiguous name are shown, so they are recorded as returned.
            shown = SearchOut(query=exc.text, hits=[SearchHitOut(entity=c, matched=exc.text, how="candidate", score=0.0)
                                                    for c in exc.candidates]) if isinstance(exc, AmbiguousError) else None
            audit_cli(ctx.settings, viewer, command, asked or {}, reason, shown, "refused" if isinstance(exc, PermissionDenied) else "error")
            err = Console(stderr=True)
            if isinstance(exc, AmbiguousError):
                print_candidates(err, exc)
            elif isinstance(exc, PermissionDenied):
                err.print(f"[red]refused:[/red] {escape(exc.message)}")
            else:
                err.print(f"[red]error:[/red] {escape(str(getattr(exc, 'message', exc)))}")
            raise typer.Exit(1) from None
        audit_cli(ctx.settings, viewer, command, asked or {}, reason, answer, "ok")
        captions = Names.lookup(ctx, viewer, answer) if names and not as_json else Names()
    if as_json:
        typer.echo(answer.model_dump_json(indent=2))
    else:
        show(Console(), answer, captions)


def serve_command(
    store: StoreOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8080,
) -> None:
    """Serve the workbench and the HTTP API (OpenAPI docs at /docs); prints where it listens once it does."""
    import uvicorn

    from api.http.app import create_app, server_config

    settings = load_settings(store)

    class Announcing(uvicorn.Server):
        async def startup(self, sockets: list[Any] | None = None) -> None:
            await super().startup(sockets)
            if self.started:
                typer.echo(f"caselink listening on http://{host}:{port}/ (workbench at /, API docs at /docs, store {settings.store}); "
                           "Ctrl-C to stop")

    Announcing(server_config(create_app(settings), host, port)).run()


SearchKinds = Annotated[str | None, typer.Option(help="Comma-separated entity kinds.")]
EntityArg = Annotated[str, typer.Argument(help="An entity id, a name, a phone in any format, a plate, a handle or a record key "
                                               "(AGENCY:NO).", show_default=False)]


def resolved(ctx: AppContext, text: str, viewer: Viewer) -> str:
    """The entity id ``text`` stands for (see :func:`api.services.queries.resolve`)."""
    return queries.resolve(ctx, text, viewer=viewer).id


def search_command(
    query: Annotated[str, typer.Argument(help="A name, alias, phone, plate, handle or record number.")],
    store: StoreOption = None,
    as_json: JsonOption = False,
    kinds: SearchKinds = None,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 20,
    as_user: AsOption = None,
    reason: ReasonOption = None,
) -> None:
    """Find people, phones, plates, places, handles and records; people told apart by DOB, roles and services."""

    def show(console: Console, answer: SearchOut, _: Names) -> None:
        if not answer.hits:
            # an empty table reads like a failure to draw one: say what was looked for and found nothing
            scope = f" among {escape(kinds)}" if kinds else ""
            console.print(f"search: nothing found for {escape(answer.query)!r}{scope} that you may see.")
            return
        table = Table(title=f"search: {escape(answer.query)} ({len(answer.hits)} hits)")
        for col in ("score", "how", "kind", "caption", "DOB / roles / services", "id"):
            table.add_column(col, overflow="fold")
        for hit in answer.hits:
            table.add_row(f"{hit.score:.0f}", hit.how, hit.entity.kind, escape(caption_of(hit.entity)), escape(facts_of(hit.entity)),
                          hit.entity.id)
        console.print(table)

    run_named(store, as_json, lambda ctx, viewer: queries.search(ctx, query, viewer=viewer, kinds=kinds, limit=limit), show,
              as_user=as_user, reason=reason, command="search", asked={"q": query, "kinds": kinds, "limit": limit}, names=False)


def network_command(
    entity: EntityArg,
    store: StoreOption = None,
    as_json: JsonOption = False,
    depth: Annotated[int, typer.Option(min=1, max=MAX_DEPTH)] = 1,
    kinds: Annotated[str | None, typer.Option(help="Comma-separated entity kinds to show.")] = None,
    since: Annotated[str | None, typer.Option(help="Only links seen on or after this date (YYYY-MM-DD).")] = None,
    as_user: AsOption = None,
    reason: ReasonOption = None,
) -> None:
    """Who and what is connected to an entity, within DEPTH links (drawn hop by hop)."""
    try:
        since_date = date.fromisoformat(since) if since else None
    except ValueError:
        Console(stderr=True).print(f"[red]error:[/red] --since must be YYYY-MM-DD, not {escape(since or '')!r}")
        raise typer.Exit(2) from None

    def show(console: Console, answer: NetworkOut, _: Names) -> None:
        console.print(network_tree(answer))
        console.print(f"{len(answer.entities)} entities, {len(answer.links)} links within {answer.depth} hops")
        cut = answer.cut
        if cut.hubs_not_expanded or cut.truncated or cut.filtered_by_kind or cut.filtered_by_date:
            by_id = {e.id: e for e in answer.entities}
            hubs = ", ".join(escape(caption_of(by_id[h])) if h in by_id else h for h in cut.hubs_not_expanded[:10])
            console.print(f"[yellow]cut:[/yellow] hubs not expanded {len(cut.hubs_not_expanded)}{f' ({hubs})' if hubs else ''}, "
                          f"truncated {cut.truncated}, filtered by kind {cut.filtered_by_kind}, by date {cut.filtered_by_date}")

    run_named(store, as_json, lambda ctx, viewer: queries.network(ctx, resolved(ctx, entity, viewer), viewer=viewer, depth=depth,
                                                                  kinds=kinds, since=since_date),
              show, as_user=as_user, reason=reason, command="network",
              asked={"entity": entity, "depth": depth, "kinds": kinds, "since": since}, names=False)


def network_tree(answer: NetworkOut) -> Tree:
    """The network as a tree from its centre, every entity once, at the hop it is first reached."""
    by_id = {e.id: e for e in answer.entities}
    adjacent: dict[str, list[tuple[str, str]]] = {}
    for link in answer.links:
        adjacent.setdefault(link.source, []).append((link.kind, link.target))
        adjacent.setdefault(link.target, []).append((link.kind, link.source))
    root = Tree(label(by_id[answer.centre]))
    placed = {answer.centre}
    frontier: list[tuple[str, Tree]] = [(answer.centre, root)]
    while frontier:
        following: list[tuple[str, Tree]] = []
        for node, branch in frontier:
            for kind, other in sorted(adjacent.get(node, []), key=lambda x: (x[0], caption_of(by_id[x[1]]) if x[1] in by_id else x[1])):
                if other in placed or other not in by_id:
                    continue
                placed.add(other)
                following.append((other, branch.add(f"{kind} → {label(by_id[other])}")))
        frontier = following
    return root


def path_command(
    source: Annotated[str, typer.Argument(help="Where to start: an entity id, a name, a phone, a plate or a record key.")],
    target: Annotated[str, typer.Argument(help="What to reach: an entity id, a name, a phone, a plate or a record key.")],
    store: StoreOption = None,
    as_json: JsonOption = False,
    max_hops: Annotated[int, typer.Option("--max", min=1, max=MAX_PATH_HOPS)] = 4,
    limit: Annotated[int, typer.Option(min=1, max=20)] = 5,
    as_user: AsOption = None,
    reason: ReasonOption = None,
) -> None:
    """Shortest paths between two entities, each hop with the records that justify it."""

    def show(console: Console, answer: PathsOut, _: Names) -> None:
        if not answer.paths:
            console.print(f"no path of at most {answer.max_hops} links")
        for i, p in enumerate(answer.paths, 1):
            table = Table(title=f"path {i} ({p.length} links)")
            for col in ("from", "link", "to", "records"):
                table.add_column(col, overflow="fold")
            by_id = {n.id: n for n in p.nodes}
            for hop in p.hops:
                table.add_row(label(by_id[hop.source]), hop.link.kind, label(by_id[hop.target]), ", ".join(hop.records))
            console.print(table)

    def ask(ctx: AppContext, viewer: Viewer) -> PathsOut:
        return queries.paths(ctx, resolved(ctx, source, viewer), resolved(ctx, target, viewer), viewer=viewer, max_hops=max_hops,
                             limit=limit)

    run_named(store, as_json, ask, show, as_user=as_user, reason=reason, command="path",
              asked={"from": source, "to": target, "max": max_hops, "limit": limit}, names=False)


def show_command(
    target: Annotated[str, typer.Argument(help="A record key (AGENCY:NO, or AGENCY/NO), an entity id, a name, a phone in any "
                                                "format or a plate.")],
    store: StoreOption = None,
    as_json: JsonOption = False,
    as_user: AsOption = None,
    reason: ReasonOption = None,
) -> None:
    """An entity with every source record behind it, or a record as ingested with its resolved entities."""
    key = queries.parse_record_key(target)
    if key is not None:
        run_named(store, as_json, lambda ctx, viewer: queries.record(ctx, *key, viewer=viewer), show_record,
                  as_user=as_user, reason=reason, command="show", asked={"record": queries.record_key(*key)})
        return

    def show_entity(console: Console, answer: EntityDetailOut, _: Names) -> None:
        console.print(label(answer.entity))
        for k, value in answer.entity.properties.items():
            console.print(f"  {k}: {value}", markup=False)
        table = Table(title=f"sources ({len(answer.records)} records)")
        for col in ("record", "field / span", "extractor", "confidence"):
            table.add_column(col, overflow="fold")
        for s in answer.sources:
            table.add_row(s.record, s.field or f"{s.span}", f"{s.extractor} {s.extractor_version}", f"{s.confidence:.2f}")
        console.print(table)

    run_named(store, as_json, lambda ctx, viewer: queries.entity(ctx, resolved(ctx, target, viewer), viewer=viewer), show_entity,
              as_user=as_user, reason=reason, command="show", asked={"entity": target}, names=False)


def _subject_name(subject: dict[str, Any]) -> str:
    name = " ".join(str(subject[k]) for k in ("given", "surname") if subject.get(k))
    return name or str(subject.get("name_raw") or subject.get("name") or "")


def show_record(console: Console, answer: RecordOut, names: Names) -> None:
    """A record: its key, type and dates, its subjects by name, role and DOB, the narrative, the mentions."""
    payload = answer.record
    console.print(f"[bold]{escape(answer.key)}[/bold] {escape(str(payload.get('record_type') or ''))} "
                  f"{escape(str(payload.get('status') or ''))} opened {escape(str(payload.get('opened') or '-'))} "
                  f"version {escape(answer.version)} caveats {escape(', '.join(answer.labels.caveats) or '-')}")
    subjects = {str(s.get("subject_id")): s for s in payload.get("subjects") or [] if isinstance(s, dict)}
    table = Table(title="subjects")
    for col in ("subject", "name", "role", "DOB", "entity"):
        table.add_column(col, overflow="fold")
    for sid in sorted(set(subjects) | set(answer.subjects)):
        s = subjects.get(sid, {})
        pid = answer.subjects.get(sid)
        dob = s.get("dob") or s.get("dob_raw") or (f"about {s['birth_year_estimate']}" if s.get("birth_year_estimate") else "")
        table.add_row(sid, escape(_subject_name(s) or (names.caption(pid) if pid else "")), escape(str(s.get("role") or "")),
                      escape(str(dob or "")), f"{escape(names.caption(pid))}  [dim]{escape(pid)}[/dim]" if pid else "")
    console.print(table)
    console.print(payload.get("narrative", ""), markup=False)
    mentions = Table(title="mentions")
    for col in ("kind", "text", "span", "value", "entity"):
        mentions.add_column(col, overflow="fold")
    for m in answer.mentions:
        mentions.add_row(m.kind, escape(m.text), f"{m.start}-{m.end}", escape(m.value or ""),
                         f"{escape(names.caption(m.entity))}  [dim]{escape(m.entity)}[/dim]" if m.entity else "")
    console.print(mentions)

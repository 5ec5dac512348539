"""``caselink analyse ...``, ``caselink watch ...`` and ``caselink alerts``: the same questions as
the HTTP API (:mod:`api.leads`), at a terminal; ``--json`` prints the API's JSON."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from api import leads
from api.cli_queries import AsOption, _context, audit_cli, cli_viewer, run_query
from api.errors import BadRequestError
from api.options import JsonOption, StoreOption
from api.queries import AppContext
from api.schemas_leads import AlertOut, WatchIn
from graph.alerts import AlertStore
from models.access import Viewer

T = TypeVar("T", bound=BaseModel)

analyse_app = typer.Typer(help="Network analytics: communities, key players, connecting networks, time-ordered paths, timelines.",
                          no_args_is_help=True)
watch_app = typer.Typer(help="Watch entities: be alerted when a new record touches them.", no_args_is_help=True)

AroundOption = Annotated[list[str] | None, typer.Option("--around", help="Seed entities (repeatable); default: the whole graph.")]
DepthOption = Annotated[int, typer.Option(min=1, max=3, help="Hops around the seeds.")]


def register(app: typer.Typer) -> None:
    app.add_typer(analyse_app, name="analyse")
    app.add_typer(watch_app, name="watch")
    app.command("alerts")(alerts_command)
    app.command("train-leads")(train_leads_command)


def _ask(store: Path | None, as_json: bool, ask: Callable[[AppContext, Viewer], T], *, as_user: str | None, command: str,
         asked: dict[str, object] | None = None) -> None:
    """Answer as the viewer (``--as``), audited like every question (see api.cli_queries)."""
    def guarded(ctx: AppContext, viewer: Viewer) -> T:
        try:
            return ask(ctx, viewer)
        except ValueError as exc:
            raise BadRequestError(str(exc)) from None

    run_query(store, as_json, guarded, lambda _, answer: _show(answer), as_user=as_user, command=command, asked=asked)


def _show(answer: BaseModel) -> None:
    """A readable rendering: the method and scope first, then the rows."""
    console = Console()
    data = answer.model_dump()
    if "method" in data:
        console.print(f"[dim]method:[/dim] {data['method']}")
    if "scope" in data:
        s = data["scope"]
        console.print(f"[dim]scope:[/dim] {s['description']} ({s['entities']} entities, {s['links']} links, "
                      f"{len(s['hubs_suppressed'])} hubs suppressed)")
    for key, value in data.items():
        if key in {"method", "scope"} or not isinstance(value, list):
            continue
        table = Table(title=key)
        rows = [v if isinstance(v, dict) else {"value": v} for v in value]
        columns = [c for c in (rows[0] if rows else {}) if not isinstance(rows[0][c], (list, dict)) or c in {"persons", "via", "records"}]
        for c in columns:
            table.add_column(c, overflow="fold")
        for row in rows[:200]:
            table.add_row(*(str(row[c]) if not isinstance(row[c], list) else ", ".join(map(str, row[c][:12])) for c in columns))
        console.print(table)


@analyse_app.command("communities")
def communities_command(store: StoreOption = None, as_json: JsonOption = False, around: AroundOption = None, depth: DepthOption = 2,
                        resolution: Annotated[float, typer.Option(min=0.1, max=10.0)] = 2.0, as_user: AsOption = None) -> None:
    """Louvain communities (hubs suppressed), each with its persons."""
    _ask(store, as_json, lambda ctx, v: leads.communities(ctx, viewer=v, around=around, depth=depth, resolution=resolution),
         as_user=as_user, command="analyse communities", asked={"around": around, "depth": depth})


@analyse_app.command("key-players")
def key_players_command(store: StoreOption = None, as_json: JsonOption = False, around: AroundOption = None, depth: DepthOption = 2,
                        top: Annotated[int, typer.Option(min=1, max=200)] = 10, as_user: AsOption = None) -> None:
    """Persons ranked by betweenness, PageRank and degree together (hubs suppressed)."""
    _ask(store, as_json, lambda ctx, v: leads.key_players(ctx, viewer=v, around=around, depth=depth, top=top),
         as_user=as_user, command="analyse key-players", asked={"around": around, "depth": depth})


@analyse_app.command("connect")
def connect_command(entities: Annotated[list[str], typer.Argument(help="Two to twenty entity ids.")], store: StoreOption = None,
                    as_json: JsonOption = False, max_hops: Annotated[int, typer.Option("--max", min=1, max=6)] = 4,
                    as_user: AsOption = None) -> None:
    """The connecting network: everything on the shortest paths between the given entities."""
    _ask(store, as_json, lambda ctx, v: leads.connecting(ctx, entities, viewer=v, max_hops=max_hops),
         as_user=as_user, command="analyse connect", asked={"entities": entities})


@analyse_app.command("timed-path")
def timed_path_command(source: str, target: str, store: StoreOption = None, as_json: JsonOption = False,
                       max_hops: Annotated[int, typer.Option("--max", min=1, max=6)] = 4,
                       limit: Annotated[int, typer.Option(min=1, max=20)] = 5, as_user: AsOption = None) -> None:
    """Paths whose every hop rests on a record no older than the previous hop's."""
    _ask(store, as_json, lambda ctx, v: leads.timed_paths(ctx, source, target, viewer=v, max_hops=max_hops, limit=limit),
         as_user=as_user, command="analyse timed-path", asked={"from": source, "to": target})


@analyse_app.command("timeline")
def timeline_command(entity: str, store: StoreOption = None, as_json: JsonOption = False, as_user: AsOption = None) -> None:
    """Every record behind an entity (and its links), by date."""
    _ask(store, as_json, lambda ctx, v: leads.timeline(ctx, entity, viewer=v), as_user=as_user, command="analyse timeline",
         asked={"entity": entity})


@analyse_app.command("associates")
def associates_command(a: str, b: str, store: StoreOption = None, as_json: JsonOption = False, depth: DepthOption = 2,
                       as_user: AsOption = None) -> None:
    """Persons within DEPTH hops of both A and B."""
    _ask(store, as_json, lambda ctx, v: leads.associates(ctx, a, b, viewer=v, depth=depth), as_user=as_user,
         command="analyse associates", asked={"from": a, "to": b})


@watch_app.command("add")
def watch_add_command(entities: Annotated[list[str], typer.Argument(help="Entity ids to watch (a network: several).")],
                      store: StoreOption = None, as_json: JsonOption = False, as_user: AsOption = None,
                      hops: Annotated[int, typer.Option(min=1, max=3, help="1: the record mentions it; 2-3: that close to it.")] = 1,
                      types: Annotated[list[str] | None, typer.Option("--type", help="Only records of this type (repeatable).")] = None,
                      reason: Annotated[str, typer.Option(help="Why (kept with the watch, shown in its alerts).")] = "") -> None:
    """Watch entities: any new record within HOPS of them raises an alert for you."""
    def ask(ctx: AppContext, viewer: Viewer) -> BaseModel:
        alerts = AlertStore(ctx.settings.store / "alerts.db")
        try:
            return leads.add_watch(ctx, alerts, viewer, WatchIn(entities=entities, hops=hops, record_types=types, reason=reason))
        finally:
            alerts.close()
    _ask(store, as_json, ask, as_user=as_user, command="watch add", asked={"entities": entities})


@watch_app.command("list")
def watch_list_command(store: StoreOption = None, as_json: JsonOption = False, as_user: AsOption = None) -> None:
    """Your watches."""
    def ask(ctx: AppContext, viewer: Viewer) -> BaseModel:
        alerts = AlertStore(ctx.settings.store / "alerts.db")
        try:
            return leads.watches(alerts, viewer.name)
        finally:
            alerts.close()
    _ask(store, as_json, ask, as_user=as_user, command="watch list")


@watch_app.command("remove")
def watch_remove_command(watch_id: str, store: StoreOption = None, as_json: JsonOption = False, as_user: AsOption = None) -> None:
    """Stop a watch (its alerts stay)."""
    def ask(ctx: AppContext, viewer: Viewer) -> BaseModel:
        alerts = AlertStore(ctx.settings.store / "alerts.db")
        try:
            return leads.remove_watch(alerts, viewer.name, watch_id)
        finally:
            alerts.close()
    _ask(store, as_json, ask, as_user=as_user, command="watch remove", asked={"watch": watch_id})


def alerts_command(store: StoreOption = None, as_json: JsonOption = False, as_user: AsOption = None,
                   follow: Annotated[bool, typer.Option("--follow", help="Keep printing new alerts as they are raised.")] = False,
                   after: Annotated[int, typer.Option(min=0, max=2**63 - 1, help="Only alerts after this sequence number.")] = 0) -> None:
    """Your alerts: each with the record, the path that connects it to what you watch, and why.

    Every page printed is audited with what it showed. ``--follow`` reads the user from the registry again
    before each page, so it stops once the user is disabled, and ends if their role or clearances change."""
    with _context(store) as ctx:
        viewer = cli_viewer(ctx, as_user)
        alerts = AlertStore(ctx.settings.store / "alerts.db")
        try:
            last, first = after, True
            while True:
                if not first and as_user is not None and cli_viewer(ctx, as_user) != viewer:
                    Console(stderr=True).print("[red]error:[/red] the user's role, agency or clearances changed: sign in again")
                    raise typer.Exit(1)
                page = leads.alerts_for(ctx, alerts, viewer, after=last, limit=1000)
                if first or page.alerts:
                    audit_cli(ctx.settings, viewer, "alerts", {"after": last}, None, page, "ok")
                _print_alerts(page.alerts, as_json)
                last, first = page.last_seq, False
                if not follow:
                    break
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            alerts.close()


def _print_alerts(found: list[AlertOut], as_json: bool) -> None:
    for alert in found:
        if as_json:
            typer.echo(alert.model_dump_json())
        else:
            state = f"[red]retracted[/red] ({alert.retraction})" if alert.retracted_at else "[green]active[/green]"
            Console().print(f"#{alert.seq} {alert.raised_at} {state} {alert.reason}\n    path: {' -> '.join(alert.path_nodes)}")


@analyse_app.command("leads")
def leads_command(store: StoreOption = None, as_json: JsonOption = False, top: Annotated[int, typer.Option(min=1, max=500)] = 20,
                  seed: Annotated[list[str] | None, typer.Option("--seed", help="The known network's persons (default: the subjects "
                                                                 "of trafficking and sexual-assault records).")] = None,
                  as_user: AsOption = None) -> None:
    """Persons ranked by how likely they belong to a known exploitation network, each with why."""
    _ask(store, as_json, lambda ctx, v: leads.scored_leads(ctx, viewer=v, top=top, seeds=seed), as_user=as_user,
         command="analyse leads", asked={"seeds": seed})


def train_leads_command(
    workdir: Annotated[Path, typer.Option(help="Where generated training worlds are drawn and linked (cached).")] = Path("var/train-leads"),
    out: Annotated[Path | None, typer.Option(help="Where to write the model (default: the one shipped in the package).")] = None,
) -> None:
    """Retrain the leads model on worlds from the project's generator (reproducible: fixed seeds)."""
    from graph import leads as leads_model
    from graph.leads_training import TRAINING_SEEDS, train_model

    err = Console(stderr=True)
    model = train_model(workdir, on_world=lambda seed: err.print(f"world {seed}: drawn, linked, sampled"))
    target = out or leads_model.MODEL_PATH
    target.write_text(model.to_json() + "\n", encoding="utf-8")
    Console().print(f"{model.method} written to {target} (seeds {list(TRAINING_SEEDS)})")

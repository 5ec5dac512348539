"""``caselink analyse ...``, ``caselink watch ...`` and ``caselink alerts``: the same questions as
the HTTP API (:mod:`api.services.leads`), at a terminal; ``--json`` prints the API's JSON."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from api.cli.options import JsonOption, StoreOption
from api.cli.queries import AsOption, audit_cli, cli_context, cli_viewer, resolved, run_named
from api.cli.show import Names, caption_of, entity_table, facts_of, label
from api.schemas.inbox import MissingPersonOut
from api.schemas.leads import (
    AlertOut,
    AssociatesOut,
    CommunitiesOut,
    ConnectingOut,
    KeyPlayersOut,
    LeadsOut,
    ScopeOut,
    TimedPathsOut,
    TimelineOut,
    WatchesOut,
    WatchIn,
    WatchOut,
)
from api.services import leads
from api.services.alert_triage import missing_persons
from api.services.errors import BadRequestError, CaselinkError
from api.services.queries import AppContext
from graph.alerts import AlertStore
from models.access import PermissionDenied, Viewer

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


def _ask(store: Path | None, as_json: bool, ask: Callable[[AppContext, Viewer], T], show: Callable[[Console, T, Names], None], *,
         as_user: str | None, command: str, asked: dict[str, object] | None = None) -> None:
    """Answer as the viewer (``--as``), audited like every question (see api.cli.queries); ``show`` draws the
    answer as a table with the captions of the ids it holds."""
    def guarded(ctx: AppContext, viewer: Viewer) -> T:
        try:
            return ask(ctx, viewer)
        except ValueError as exc:
            raise BadRequestError(str(exc)) from None

    run_named(store, as_json, guarded, show, as_user=as_user, command=command, asked=asked)


def _resolved(ctx: AppContext, viewer: Viewer, texts: list[str] | None) -> list[str] | None:
    """Entity ids for what was typed (ids, names, phones, plates, record keys), as api.services.queries.resolve reads them."""
    return [resolved(ctx, t, viewer) for t in texts] if texts else texts


def _scope(console: Console, method: str, scope: ScopeOut | None, names: Names) -> None:
    """The method and scope first, so a reader knows what was computed on what."""
    console.print(f"[dim]method:[/dim] {escape(method)}")
    if scope is not None:
        console.print(f"[dim]scope:[/dim] {escape(names.named(scope.description))} ({scope.entities} entities, {scope.links} links, "
                      f"{len(scope.hubs_suppressed)} hubs suppressed)")


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title)
    for c in columns:
        table.add_column(c, overflow="fold")
    return table


def _show_communities(console: Console, answer: CommunitiesOut, names: Names) -> None:
    _scope(console, answer.method, answer.scope, names)
    table = _table(f"{len(answer.communities)} communities", "community", "size", "persons", "persons (names)")
    for c in answer.communities:
        table.add_row(str(c.id), str(c.size), str(len(c.persons)), names.captions(c.persons, limit=15))
    console.print(table)


def _show_key_players(console: Console, answer: KeyPlayersOut, names: Names) -> None:
    _scope(console, answer.method, answer.scope, names)
    table = _table("key players", "rank", "person", "score", "betweenness", "pagerank", "degree")
    for i, p in enumerate(answer.players, 1):
        table.add_row(str(i), names.who(p.entity), f"{p.score:.3f}", f"{p.betweenness:.5f}", f"{p.pagerank:.5f}", str(p.degree))
    console.print(table)


def _show_connecting(console: Console, answer: ConnectingOut, names: Names) -> None:
    _scope(console, answer.method, answer.scope, names)
    console.print(entity_table(f"connecting network: {len(answer.entities)} entities", answer.entities))
    by_id = {e.id: e for e in answer.entities}
    links = _table(f"{len(answer.links)} links", "from", "link", "to")
    for lk in answer.links:
        links.add_row(escape(caption_of(by_id[lk.source])) if lk.source in by_id else lk.source, lk.kind,
                      escape(caption_of(by_id[lk.target])) if lk.target in by_id else lk.target)
    console.print(links)
    for a, b in answer.unconnected:
        console.print(f"[yellow]not connected[/yellow] within the hops asked: {names.who(a)} and {names.who(b)}")


def _show_timed_paths(console: Console, answer: TimedPathsOut, names: Names) -> None:
    _scope(console, answer.method, answer.scope, names)
    if not answer.paths:
        console.print("no time-ordered path")
    for i, p in enumerate(answer.paths, 1):
        by_id = {n.id: n for n in p.nodes}
        table = _table(f"time-ordered path {i} ({len(p.hops)} links, {p.hops[0].when if p.hops else '-'} to "
                       f"{p.hops[-1].when if p.hops else '-'})", "when", "from", "link", "to", "records")
        for hop in p.hops:
            table.add_row(hop.when, label(by_id[hop.source]) if hop.source in by_id else names.who(hop.source), hop.link.kind,
                          label(by_id[hop.target]) if hop.target in by_id else names.who(hop.target), ", ".join(hop.records))
        console.print(table)


def _show_timeline(console: Console, answer: TimelineOut, names: Names) -> None:
    console.print(f"[dim]method:[/dim] {escape(answer.method)}")
    console.print(label(answer.entity))
    table = _table(f"timeline: {len(answer.entries)} records", "when", "record", "type", "status", "via")
    for e in answer.entries:
        table.add_row(e.when or "?", e.record, e.type or "", e.status or "", names.captions(e.via, limit=6))
    console.print(table)


def _show_associates(console: Console, answer: AssociatesOut, names: Names) -> None:
    _scope(console, answer.method, answer.scope, names)
    table = _table(f"{len(answer.associates)} common associates", "person", "DOB / roles / services", "hops from A", "hops from B", "id")
    for a in answer.associates:
        table.add_row(escape(caption_of(a.entity)), escape(facts_of(a.entity)), str(a.hops_from_a), str(a.hops_from_b), a.entity.id)
    console.print(table)


def _show_leads(console: Console, answer: LeadsOut, names: Names) -> None:
    _scope(console, answer.method, answer.scope, names)
    console.print(f"[dim]known network:[/dim] {len(answer.network)} persons: {names.captions(answer.network, limit=10)}")
    table = _table(f"{len(answer.leads)} leads", "rank", "person", "score", "why (largest contributions)")
    for i, lead in enumerate(answer.leads, 1):
        why = sorted(lead.why, key=lambda c: -abs(c.contribution))[:3]
        table.add_row(str(i), names.who(lead.entity), f"{lead.score:.3f}",
                      "; ".join(f"{c.feature}={c.value:g} ({c.contribution:+.2f})" for c in why))
    console.print(table)


def _show_watches(console: Console, answer: WatchesOut, names: Names) -> None:
    count = f"{len(answer.watches)} watch{'' if len(answer.watches) == 1 else 'es'}"
    table = _table(count, "watch", "watching", "hops", "record types", "reason", "since")
    for w in answer.watches:
        table.add_row(w.id, "\n".join(names.who(e) for e in w.entities), str(w.hops), ", ".join(w.record_types or []) or "any",
                      escape(w.reason), w.created_at)
    console.print(table)


def _show_watch(console: Console, answer: WatchOut, names: Names) -> None:
    _show_watches(console, WatchesOut(watches=[answer]), names)


@analyse_app.command("communities")
def communities_command(store: StoreOption = None, as_json: JsonOption = False, around: AroundOption = None, depth: DepthOption = 2,
                        resolution: Annotated[float, typer.Option(min=0.1, max=10.0)] = 2.0, as_user: AsOption = None) -> None:
    """Louvain communities (hubs suppressed), each with its persons."""
    _ask(store, as_json, lambda ctx, v: leads.communities(ctx, viewer=v, around=_resolved(ctx, v, around), depth=depth,
                                                          resolution=resolution), _show_communities,
         as_user=as_user, command="analyse communities", asked={"around": around, "depth": depth})


@analyse_app.command("key-players")
def key_players_command(store: StoreOption = None, as_json: JsonOption = False, around: AroundOption = None, depth: DepthOption = 2,
                        top: Annotated[int, typer.Option(min=1, max=200)] = 10, as_user: AsOption = None) -> None:
    """Persons ranked by betweenness, PageRank and degree together (hubs suppressed)."""
    _ask(store, as_json, lambda ctx, v: leads.key_players(ctx, viewer=v, around=_resolved(ctx, v, around), depth=depth, top=top),
         _show_key_players, as_user=as_user, command="analyse key-players", asked={"around": around, "depth": depth})


@analyse_app.command("connect")
def connect_command(entities: Annotated[list[str], typer.Argument(help="Two to twenty entity ids.")], store: StoreOption = None,
                    as_json: JsonOption = False, max_hops: Annotated[int, typer.Option("--max", min=1, max=6)] = 4,
                    as_user: AsOption = None) -> None:
    """The connecting network: everything on the shortest paths between the given entities."""
    _ask(store, as_json, lambda ctx, v: leads.connecting(ctx, _resolved(ctx, v, entities) or [], viewer=v, max_hops=max_hops),
         _show_connecting, as_user=as_user, command="analyse connect", asked={"entities": entities})


@analyse_app.command("timed-path")
def timed_path_command(source: str, target: str, store: StoreOption = None, as_json: JsonOption = False,
                       max_hops: Annotated[int, typer.Option("--max", min=1, max=6)] = 4,
                       limit: Annotated[int, typer.Option(min=1, max=20)] = 5, as_user: AsOption = None) -> None:
    """Paths whose every hop rests on a record no older than the previous hop's."""
    _ask(store, as_json, lambda ctx, v: leads.timed_paths(ctx, resolved(ctx, source, v), resolved(ctx, target, v), viewer=v,
                                                          max_hops=max_hops, limit=limit),
         _show_timed_paths, as_user=as_user, command="analyse timed-path", asked={"from": source, "to": target})


@analyse_app.command("timeline")
def timeline_command(entity: str, store: StoreOption = None, as_json: JsonOption = False, as_user: AsOption = None) -> None:
    """Every record behind an entity (and its links), by date."""
    _ask(store, as_json, lambda ctx, v: leads.timeline(ctx, resolved(ctx, entity, v), viewer=v), _show_timeline, as_user=as_user,
         command="analyse timeline",
         asked={"entity": entity})


@analyse_app.command("associates")
def associates_command(a: str, b: str, store: StoreOption = None, as_json: JsonOption = False, depth: DepthOption = 2,
                       as_user: AsOption = None) -> None:
    """Persons within DEPTH hops of both A and B."""
    _ask(store, as_json, lambda ctx, v: leads.associates(ctx, resolved(ctx, a, v), resolved(ctx, b, v), viewer=v, depth=depth),
         _show_associates, as_user=as_user,
         command="analyse associates", asked={"from": a, "to": b})


@watch_app.command("add")
def watch_add_command(entities: Annotated[list[str], typer.Argument(help="Entity ids to watch (a network: several).")],
                      store: StoreOption = None, as_json: JsonOption = False, as_user: AsOption = None,
                      hops: Annotated[int, typer.Option(min=1, max=3, help="1: the record mentions it; 2-3: that close to it.")] = 1,
                      types: Annotated[list[str] | None, typer.Option("--type", help="Only records of this type (repeatable).")] = None,
                      reason: Annotated[str, typer.Option(help="Why (kept with the watch, shown in its alerts).")] = "") -> None:
    """Watch entities: any new record within HOPS of them raises an alert for you."""
    def ask(ctx: AppContext, viewer: Viewer) -> WatchOut:
        alerts = AlertStore.of(ctx.settings)
        try:
            return leads.add_watch(ctx, alerts, viewer, WatchIn(entities=entities, hops=hops, record_types=types, reason=reason),
                                   by_name=True)
        finally:
            alerts.close()
    _ask(store, as_json, ask, _show_watch, as_user=as_user, command="watch add", asked={"entities": entities})


@watch_app.command("list")
def watch_list_command(store: StoreOption = None, as_json: JsonOption = False, as_user: AsOption = None) -> None:
    """Your watches."""
    def ask(ctx: AppContext, viewer: Viewer) -> WatchesOut:
        alerts = AlertStore.of(ctx.settings)
        try:
            return leads.watches(alerts, viewer.name)
        finally:
            alerts.close()
    _ask(store, as_json, ask, _show_watches, as_user=as_user, command="watch list")


@watch_app.command("remove")
def watch_remove_command(watch_id: str, store: StoreOption = None, as_json: JsonOption = False, as_user: AsOption = None) -> None:
    """Stop a watch (its alerts stay)."""
    def ask(ctx: AppContext, viewer: Viewer) -> WatchesOut:
        alerts = AlertStore.of(ctx.settings)
        try:
            return leads.remove_watch(alerts, viewer.name, watch_id)
        finally:
            alerts.close()
    _ask(store, as_json, ask, _show_watches, as_user=as_user, command="watch remove", asked={"watch": watch_id})


def alerts_command(store: StoreOption = None, as_json: JsonOption = False, as_user: AsOption = None,
                   follow: Annotated[bool, typer.Option("--follow", help="Keep printing new alerts as they are raised.")] = False,
                   after: Annotated[int, typer.Option(min=0, max=2**63 - 1, help="Only alerts after this sequence number.")] = 0) -> None:
    """Your alerts: each with the record, the path that connects it to what you watch, and why.

    Every page printed is audited with what it showed. ``--follow`` reads the user from the registry again
    before each page, so it stops once the user is disabled, and ends if their role or clearances change."""
    with cli_context(store) as ctx:
        viewer = cli_viewer(ctx, as_user)
        alerts = AlertStore.of(ctx.settings)
        try:
            last, first = after, True
            while True:
                if not first and as_user is not None and cli_viewer(ctx, as_user) != viewer:
                    Console(stderr=True).print("[red]error:[/red] the user's role, agency or clearances changed: sign in again")
                    raise typer.Exit(1)
                try:
                    page = leads.alerts_for(ctx, alerts, viewer, after=last, limit=1000)
                except (CaselinkError, PermissionDenied) as exc:
                    refused = isinstance(exc, PermissionDenied)
                    audit_cli(ctx.settings, viewer, "alerts", {"after": last}, None, None, "refused" if refused else "error")
                    Console(stderr=True).print(f"[red]{'refused' if refused else 'error'}:[/red] {escape(exc.message)}")
                    raise typer.Exit(1) from None
                if first or page.alerts:
                    audit_cli(ctx.settings, viewer, "alerts", {"after": last}, None, page, "ok")
                people = {} if as_json else {a.id: missing_persons(ctx, a, viewer)[0] for a in page.alerts}
                _print_alerts(page.alerts, as_json, Names() if as_json else Names.lookup(ctx, viewer, page), people)
                last, first = page.last_seq, False
                if not follow:
                    break
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            alerts.close()


def _print_alerts(found: list[AlertOut], as_json: bool, names: Names, people: dict[str, list[MissingPersonOut]]) -> None:
    """Each alert: the missing person (else the victims) of its record as the watcher may see it, with
    age, then what it touches and the path."""
    console = Console()
    for alert in found:
        if as_json:
            typer.echo(alert.model_dump_json())
        else:
            state = f"[red]retracted[/red] ({escape(alert.retraction or '')})" if alert.retracted_at else "[green]active[/green]"
            who = "; ".join(f"{p.role.lower()}: [bold]{escape(p.name)}[/bold], {p.age if p.age is not None else 'age unknown'}"
                            for p in people.get(alert.id, []))
            console.print(f"#{alert.seq} {alert.raised_at} {state} record {escape(alert.record_key)}"
                          + (f" ({who})" if who else "")
                          + f" touches {names.who(alert.entity)} ({alert.hops} hops): {escape(alert.reason)}\n"
                          f"    path: {names.captions(alert.path_nodes, limit=8)}")


@analyse_app.command("leads")
def leads_command(store: StoreOption = None, as_json: JsonOption = False, top: Annotated[int, typer.Option(min=1, max=500)] = 20,
                  seed: Annotated[list[str] | None, typer.Option("--seed", help="The known network's persons (default: the subjects "
                                                                 "of trafficking and sexual-assault records).")] = None,
                  as_user: AsOption = None) -> None:
    """Persons ranked by how likely they belong to a known exploitation network, each with why."""
    _ask(store, as_json, lambda ctx, v: leads.scored_leads(ctx, viewer=v, top=top, seeds=_resolved(ctx, v, seed)), _show_leads,
         as_user=as_user,
         command="analyse leads", asked={"seeds": seed})


def train_leads_command(
    workdir: Annotated[Path, typer.Option(help="Where generated training worlds are drawn and linked (cached).")] = Path("var/train-leads"),
    out: Annotated[Path | None, typer.Option(help="Where to write the model (default: the one shipped in the package).")] = None,
) -> None:
    """Retrain the leads model on worlds from the project's generator (reproducible: fixed seeds)."""
    from api.checkout import checkout_only
    from graph import leads as leads_model

    with checkout_only("train-leads"):
        from tools.training.leads import TRAINING_SEEDS, train_model

    err = Console(stderr=True)
    model = train_model(workdir, on_world=lambda seed: err.print(f"world {seed}: drawn, linked, sampled"))
    target = out or leads_model.MODEL_PATH
    target.write_text(model.to_json() + "\n", encoding="utf-8")
    Console().print(f"{model.method} written to {target} (seeds {list(TRAINING_SEEDS)})")

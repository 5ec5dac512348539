"""Terminal mirrors of the resolution API: ``why``, and ``review list|decide|undo|decisions``.

Same answers as the HTTP routes (both call :mod:`api.services.resolution`), for an explicit viewer
(``--as``), audited before they are shown. ``review decide`` and ``review undo`` rebuild the
graph under the decisions then in force before answering.
"""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from api.cli.options import JsonOption, StoreOption
from api.cli.queries import AsOption, ReasonOption, resolved, run_named, run_query
from api.cli.show import Names
from api.schemas.resolution import DecideIn, DecisionOut, DecisionsOut, EntityWhyOut, PairWhyOut, PartOut, ReviewOut
from api.services import resolution

review_app = typer.Typer(help="Review the person matcher: uncertain pairs, and investigators' same / not-same decisions.",
                         no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("why")(why_command)
    app.add_typer(review_app, name="review")


def _parts(console: Console, parts: list[PartOut], indent: str = "    ") -> None:
    for p in parts:
        value = "" if p.value is None else f"  (value {p.value:g})"
        console.print(f"{indent}{p.feature:30} {p.part:+8.3f}{value}", markup=False)


def _decision(console: Console, d: DecisionOut) -> None:
    state = "active" if d.active else f"undone {d.undone_at} by {d.undone_by}: {d.undo_reason}"
    console.print(f"decision {d.id}: {d.a} {d.verdict.replace('_', ' ')} {d.b}, by {d.user} ({d.agency or '-'}) at {d.decided_at}: "
                  f"{d.reason} [{state}]", markup=False)
    if d.person_a or d.person_b:
        console.print(f"  now: {d.a} → {d.person_a}, {d.b} → {d.person_b}", markup=False)


def why_command(
    entity: Annotated[str, typer.Argument(help="An entity id, a name, a phone, a plate or a record key.")],
    other: Annotated[str | None, typer.Argument(help="A second entity (named the same ways): why the two are (not) one.")] = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
    as_user: AsOption = None,
    reason: ReasonOption = None,
) -> None:
    """Why an entity is one entity (each join and its features), or why two are, or are not, one."""
    if other is None:
        def show(console: Console, answer: EntityWhyOut) -> None:
            console.print(f"[bold]{answer.entity.caption}[/bold] [dim]{answer.entity.id}[/dim]: {answer.method}")
            console.print(f"mentions: {', '.join(answer.mentions) or '-'}", markup=False)
            for j in answer.joins:
                console.print(f"join {j.a} ~ {j.b}: p={j.probability:.3f} ({j.algorithm})", markup=False)
                if j.decision:
                    _decision(console, j.decision)
                else:
                    _parts(console, j.parts)
            for p in answer.near_misses:
                console.print(f"{p.verdict} {p.a} ~ {p.b} ({p.person_b if p.person_a == answer.entity.id else p.person_a}): "
                              f"p={p.probability:.3f}{' - ' + p.reason if p.reason else ''}", markup=False)
            for d in answer.decisions:
                _decision(console, d)

        run_query(store, as_json, lambda ctx, viewer: resolution.entity_why(ctx, resolved(ctx, entity, viewer), viewer=viewer), show, as_user=as_user,
             reason=reason, command="why", asked={"entity": entity})
        return
    second = other

    def show_pair(console: Console, answer: PairWhyOut) -> None:
        console.print(f"[bold]{answer.a.caption}[/bold] / [bold]{answer.b.caption}[/bold]: {answer.summary}")
        for p in answer.pairs:
            console.print(f"{p.a} ~ {p.b}: {p.verdict} p={p.probability:.3f} (threshold {p.threshold:.2f})"
                          f"{' - never: ' + p.hard_limit if p.hard_limit else ''}", markup=False)
            _parts(console, p.parts)
        for j in answer.joins:
            console.print(f"join {j.a} ~ {j.b}: p={j.probability:.3f} ({j.algorithm})", markup=False)
        for d in answer.decisions:
            _decision(console, d)

    run_query(store, as_json, lambda ctx, viewer: resolution.pair_why(ctx, resolved(ctx, entity, viewer), resolved(ctx, second, viewer),
                                                                    viewer=viewer), show_pair, as_user=as_user,
         reason=reason, command="why", asked={"from": entity, "to": second})


@review_app.command("list")
def review_list_command(
    store: StoreOption = None,
    as_json: JsonOption = False,
    kind: Annotated[str | None, typer.Option(help="uncertain merge, near miss or refused.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 20,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_user: AsOption = None,
) -> None:
    """Pairs of person mentions the last build was unsure of, most uncertain first."""

    def show(console: Console, answer: ReviewOut, names: Names) -> None:
        table = Table(title=f"review queue ({answer.total} pending)")
        for col in ("kind", "p", "a", "b", "why"):
            table.add_column(col, overflow="fold")
        for i in answer.items:
            top = ", ".join(f"{p.feature} {p.part:+.1f}" for p in i.parts if p.feature != "prior")[:120]
            table.add_row(i.kind, f"{i.probability:.3f}", f"{names.who(i.person_a)}\n{escape(i.a)}", f"{names.who(i.person_b)}\n{escape(i.b)}",
                          escape(i.reason or top))
        console.print(table)

    run_named(store, as_json, lambda ctx, viewer: resolution.review(ctx, viewer=viewer, limit=limit, offset=offset, kind=kind), show,
              as_user=as_user, command="review list", asked={"kind": kind, "limit": limit, "offset": offset})


@review_app.command("decide")
def review_decide_command(
    a: Annotated[str, typer.Argument(help="A person mention: AGENCY:RECORD#S1 (subject) or #C1 (reporting contact); or an "
                                          "entity id: a person, an alias-only person, a place (two places: the first stays); "
                                          "or alias:NAME.")],
    b: Annotated[str, typer.Argument(help="The other mention or entity, of the same kind.")],
    verdict: Annotated[str, typer.Argument(help="same or not-same.")],
    why: Annotated[str, typer.Option("--why", help="Why (stored with the decision, for court).")],
    store: StoreOption = None,
    as_json: JsonOption = False,
    as_user: AsOption = None,
) -> None:
    """Decide that two mentions or entities are (or are not) the same person or place; the graph is rebuilt under it."""
    normalised = verdict.replace("-", "_").lower()
    if normalised not in ("same", "not_same"):
        Console(stderr=True).print(f"[red]error:[/red] verdict must be same or not-same, not {verdict!r}")
        raise typer.Exit(2)
    try:
        body = DecideIn(a=a, b=b, verdict="same" if normalised == "same" else "not_same", reason=why)
    except ValidationError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {'; '.join(str(e['loc'][0]) + ': ' + e['msg'] for e in exc.errors())}")
        raise typer.Exit(2) from None
    run_query(store, as_json, lambda ctx, viewer: resolution.decide(ctx, body, viewer=viewer), _decision, as_user=as_user,
         command="review decide", asked={"a": a, "b": b, "verdict": normalised})


@review_app.command("undo")
def review_undo_command(
    decision_id: Annotated[int, typer.Argument(min=1, max=2**63 - 1, help="The decision's number.")],
    why: Annotated[str, typer.Option("--why", help="Why it is undone.")],
    store: StoreOption = None,
    as_json: JsonOption = False,
    as_user: AsOption = None,
) -> None:
    """Undo a decision (it stays on record, marked undone); the graph is rebuilt without it."""
    run_query(store, as_json, lambda ctx, viewer: resolution.undo(ctx, decision_id, why, viewer=viewer), _decision, as_user=as_user,
         command="review undo", asked={"decision": decision_id})


@review_app.command("decisions")
def review_decisions_command(
    store: StoreOption = None,
    as_json: JsonOption = False,
    active: Annotated[bool, typer.Option("--active", help="Only decisions in force.")] = False,
    as_user: AsOption = None,
) -> None:
    """Every decision (who, when, why; undone ones too)."""

    def show(console: Console, answer: DecisionsOut) -> None:
        for d in answer.items:
            _decision(console, d)
        if not answer.items:
            console.print("no decisions")

    run_query(store, as_json, lambda ctx, viewer: resolution.decisions(ctx, viewer=viewer, active_only=active), show, as_user=as_user,
         command="review decisions", asked={"active": active})

"""``caselink rebuild``: build the graph from scratch from the records in force; ``--verify`` only checks
that the live graph equals such a build (the check on incremental commits), exiting non-zero if not."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

from api.cli.options import JsonOption, StoreOption, load_settings
from api.runtime import open_runtime
from graph.service import fresh_builder, rebuild_from_scratch, verify_rebuild
from graph.store.base import StoreUnavailable


def register(app: typer.Typer) -> None:
    app.command("rebuild")(rebuild_command)


def rebuild_command(
    store: StoreOption = None,
    as_json: JsonOption = False,
    verify: Annotated[bool, typer.Option("--verify", help="Change nothing: build from scratch into a scratch store and "
                                         "compare its fingerprint with the live graph's (exit 1 if they differ).")] = False,
) -> None:
    """Rebuild the graph from scratch from the ledger's records in force (or, with --verify, only check it)."""
    settings = load_settings(store)
    err = Console(stderr=True)
    try:
        with open_runtime(settings) as rt:
            if not verify:
                stats = rebuild_from_scratch(rt.sync, fresh_builder(settings))
                typer.echo(json.dumps(stats.__dict__) if as_json else f"graph rebuilt from scratch: {stats.__dict__}")
                return
            result = verify_rebuild(rt.sync, fresh_builder(settings))
    except StoreUnavailable as exc:
        err.print(f"[red]error:[/red] graph store unavailable: {exc}")
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps({"equal": result.equal, "current": result.current, "statistics": result.statistics,
                               "live": result.live, "rebuilt": result.rebuilt}))
    elif result.equal:
        under = f", under the kept statistics {result.statistics}" if result.statistics else ""
        Console().print(f"verified: the live graph equals a rebuild from scratch ({result.live.get('entities')} entities, "
                        f"{result.live.get('links')} links, {result.live.get('records')} records{under})")
    if not result.equal:
        if not as_json:
            err.print("[red]mismatch:[/red] the live graph differs from a rebuild from scratch of the same records:")
            for line in result.differences():
                err.print(f"  {line}")
            err.print("the graph lags the ledger (not stamped with its current state)" if not result.current else
                      "an incremental commit diverged: run `caselink rebuild` to replace it, and report this")
        raise typer.Exit(1)

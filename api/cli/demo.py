"""``caselink demo``: the README's main job on the embedded default, with no server to install.

It draws a synthetic multi-agency world with planted trafficking networks (the project's own
generator: three formats, two languages, all the messiness of real exports), ingests and links
it into a local store with progress bars, prints a few queries that show a planted network,
and serves the API on loopback.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from api.checkout import checkout_only
from api.cli.options import load_settings
from api.runtime import ingest_and_link
from api.services import queries
from api.services.queries import open_context
from models.access import SYSTEM


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_command)


def demo_command(
    directory: Annotated[Path, typer.Option("--dir", help="Where the world and its store go.")] = Path("var/demo"),
    seed: Annotated[int, typer.Option(help="Seed of the generated world.")] = 7,
    persons: Annotated[int, typer.Option(min=50, max=200_000, help="People in the world.")] = 700,
    serve: Annotated[bool, typer.Option(help="Serve the API afterwards.")] = True,
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8080,
) -> None:
    """Generate a world, ingest and link it, show a planted network, serve the API."""
    with checkout_only("demo"):  # the generator is not in the wheel (tools/)
        from tools.synthetic import generate_world
    console = Console()
    world, store = directory / f"world-{seed}", directory / f"store-{seed}"
    settings = load_settings(store)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console) as progress:
        task = progress.add_task("drawing the world", total=None)
        if not (world / "truth.json").exists():
            generate_world(world, seed=seed, n_persons=persons)
        progress.update(task, total=1, completed=1)
        publish = progress.add_task("publishing exports", total=6)
        apply = progress.add_task("applying records", total=1000)
        link = progress.add_task("extracting and linking", total=1, start=False)
        report = ingest_and_link(
            settings, [world],
            on_publish=lambda _: progress.advance(publish),
            on_batch=lambda b: progress.update(apply, completed=int((b.progress or 0) * 1000)),
            on_linking=lambda: progress.start_task(link),
        )
        progress.update(apply, completed=1000)
        progress.update(link, completed=1)
    counts = report.summary.as_dict()
    console.print(f"ingested: {', '.join(f'{k} {counts[k]}' for k in ('accepted', 'superseded', 'duplicate', 'stale', 'purged', 'rejected'))}")
    truth: dict[str, Any] = json.loads((world / "truth.json").read_text(encoding="utf-8"))
    _show_a_ring(console, settings.store, truth)
    if serve:
        import uvicorn

        from api.http.app import create_app, server_config
        from api.services.auth import User, UserRegistry, issue_token
        from api.web.sessions import WebSessions
        from models.access import UserRole

        demo_user = User(name="demo-admin", role=UserRole.ADMIN, agency=None, caveats=())
        # The workbench's sign-in: an OPP analyst with a fresh password (printed once, stored hashed).
        analyst = User(name="demo-analyst", role=UserRole.ANALYST, agency="OPP", caveats=())
        password, admin_password = secrets.token_urlsafe(12), secrets.token_urlsafe(12)
        registry = UserRegistry.of(settings)
        try:
            registry.add(demo_user)
            registry.add(analyst)
        finally:
            registry.close()
        sessions = WebSessions.of(settings)
        try:
            sessions.set_password(analyst.name, password)
            sessions.set_password(demo_user.name, admin_password)
        finally:
            sessions.close()
        token = issue_token(settings, demo_user)
        console.print(f"\nthe workbench: http://127.0.0.1:{port}/  sign in as {demo_user.name} (administrator: every record, "
                      f"the ring above included), password {admin_password}")
        console.print(f"  or as {analyst.name} (an OPP analyst: what that analyst may see; caveated records stay hidden), "
                      f"password {password}")
        console.print(f"serving the API on http://127.0.0.1:{port} (docs at /docs); Ctrl-C to stop. Try:")
        console.print(f"  curl -H 'Authorization: Bearer {token}' 'http://127.0.0.1:{port}/search?q=...'", soft_wrap=True)
        console.print("  (caselink users add NAME --role analyst --agency OPP issues other users' tokens)")
        uvicorn.Server(server_config(create_app(settings), "127.0.0.1", port)).run()


def _show_a_ring(console: Console, store: Path, truth: dict[str, Any]) -> None:
    """Find a planted ring's trafficker by name, show their network and a path to a victim."""
    ctx = open_context(load_settings(store))
    try:
        for ring in truth["rings"]:
            trafficker = truth["persons"][ring["members"][0]]
            name = f"{trafficker['given']} {trafficker['surname']}"
            hits = queries.search(ctx, name, viewer=SYSTEM, kinds="person", limit=1).hits
            if not hits:
                continue
            pid = hits[0].entity.id
            console.rule(f"planted ring {ring['id']}: who is connected to {name}?")
            console.print(f"$ caselink search {name!r} --kinds person   → {pid}")
            net = queries.network(ctx, pid, viewer=SYSTEM, depth=2)
            people = [e for e in net.entities if e.kind == "person" and e.id != pid]
            phones = [e.caption for e in net.entities if e.kind == "phone"]
            console.print(f"$ caselink network {pid} --depth 2   → {len(people)} people, phones {', '.join(phones[:5]) or '-'}")
            for victim_id in ring["victims"]:
                victim = truth["persons"][victim_id]
                vhits = queries.search(ctx, f"{victim['given']} {victim['surname']}", viewer=SYSTEM, kinds="person", limit=1).hits
                if not vhits:
                    continue
                found = queries.paths(ctx, vhits[0].entity.id, pid, viewer=SYSTEM, max_hops=4, limit=1).paths
                if found:
                    path = found[0]
                    console.print(f"$ caselink path {vhits[0].entity.id} {pid}")
                    console.print("   " + "  →  ".join(f"{n.caption} ({n.kind})" for n in path.nodes))
                    console.print("   justified by records: " + ", ".join(sorted({r for h in path.hops for r in h.records})))
                    return
    finally:
        ctx.close()

"""``caselink ingest`` and ``caselink dead-letters``: exports in, a summary of every item out."""

from __future__ import annotations

import json
import signal
import threading
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.cli.options import JsonOption, StoreOption, load_settings
from api.cli.queries import AsOption, ReasonOption, run_query
from api.runtime import consume_and_link, ingest_and_link
from api.schemas import DeadLettersOut
from api.services import queries
from ingest.framing import FormatDetectionError
from ingest.outcomes import Outcome, Summary
from ingest.service import publish_paths
from ingest.transport.base import Batch


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)
    app.command("publish")(publish_command)
    app.command("consume")(consume_command)
    app.command("dead-letters")(dead_letters_command)


def publish_command(
    paths: Annotated[list[Path], typer.Argument(help="Export files (mcm, mpr, sfx) or directories of them.")],
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Send exports to the transport ($CASELINK_TRANSPORT: local, or kafka://host:port), keyed by agency:record_no."""
    settings = load_settings(store)
    err = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, disable=as_json or not err.is_terminal) as progress:
        task = progress.add_task("publishing", total=len(paths))
        try:
            results = publish_paths(settings, paths, on_publish=lambda _: progress.advance(task))
        except (FileNotFoundError, FormatDetectionError) as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps([r.__dict__ for r in results], ensure_ascii=False))
        return
    for r in results:
        Console().print(f"{r.source}: {r.items} items " + ("(already published, not sent again)" if r.already_published else "sent"))


def consume_command(
    store: StoreOption = None,
    as_json: JsonOption = False,
    follow: Annotated[bool, typer.Option("--follow", help="Keep consuming as new items arrive (until stopped).")] = False,
    group: Annotated[str | None, typer.Option(help="Consumer group (default: $CASELINK_CONSUMER_GROUP or 'ingest').")] = None,
) -> None:
    """Consume from the transport into the ledger and the graph; offsets are committed only after the graph has."""
    settings = load_settings(store)
    if group is not None:
        settings = settings.model_copy(update={"consumer_group": group})
    err = Console(stderr=True)
    # SIGTERM and Ctrl-C ask the consumer to stop after the batch in hand (checkpointed, then it
    # leaves its group: a prompt rebalance); a second signal stops it at once, and whatever was
    # applied but not yet acknowledged is delivered again and recognised. A first signal never
    # throws into a write (an exception inside a ledger write once turned a stop into a crash).
    stopping = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        if stopping.is_set():
            raise KeyboardInterrupt
        stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    acknowledged = 0

    def on_checkpoint(n: int) -> None:
        nonlocal acknowledged
        acknowledged += n
        if not as_json:
            err.print(f"checkpoint: {n} items committed to the graph and acknowledged ({acknowledged} in all)")

    try:
        report = consume_and_link(settings, follow=follow, on_checkpoint=on_checkpoint, stop=stopping.is_set)
    except KeyboardInterrupt:
        err.print(f"stopped at once; {acknowledged} items acknowledged")
        raise typer.Exit(130) from None
    if stopping.is_set():
        err.print(f"stopped; {acknowledged} items acknowledged")
        raise typer.Exit(130)
    if as_json:
        data = report.summary.as_dict()
        data["graph"] = report.graph.__dict__ if report.graph else None
        typer.echo(json.dumps(data, ensure_ascii=False))
    else:
        _print_summary(Console(), report.summary)


def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Export files (mcm, mpr, sfx) or directories of them.")],
    store: StoreOption = None,
    as_json: JsonOption = False,
    link: Annotated[bool, typer.Option(help="Extract and link into the graph after applying (--no-link: records only).")] = True,
) -> None:
    """Ingest police services' exports into the store; prints what happened to every item."""
    settings = load_settings(store)
    err = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, disable=as_json or not err.is_terminal) as progress:
        publish_task = progress.add_task("publishing", total=len(paths))
        apply_task = progress.add_task("applying", total=1000)
        link_task = progress.add_task("linking", total=1, start=False)

        def on_batch(batch: Batch) -> None:
            progress.update(apply_task, completed=int((batch.progress or 0) * 1000))

        try:
            report = ingest_and_link(settings, paths, on_publish=lambda _: progress.advance(publish_task), on_batch=on_batch,
                                     on_linking=lambda: progress.start_task(link_task), link=link)
        except (FileNotFoundError, FormatDetectionError) as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None
        progress.update(apply_task, completed=1000)
        progress.update(link_task, completed=1)
    summary = report.summary
    if as_json:
        data = summary.as_dict()
        data["graph"] = report.graph.__dict__ if report.graph else None
        typer.echo(json.dumps(data, ensure_ascii=False))
    else:
        _print_summary(Console(), summary)
        if report.graph:
            Console().print("graph: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in report.graph.__dict__.items()))


def _print_summary(console: Console, summary: Summary) -> None:
    table = Table(title="Ingest summary")
    table.add_column("outcome")
    table.add_column("items", justify="right")
    for outcome in Outcome:
        table.add_row(outcome.value, str(summary.counts.get(outcome.value, 0)))
    console.print(table)
    if summary.skipped_files:
        console.print(f"already ingested (same content): {', '.join(summary.skipped_files)}")
    if summary.rejections:
        rejects = Table(title="Rejected items (all kept as dead letters)")
        for column in ("where", "key", "reason"):
            rejects.add_column(column, overflow="fold")
        for r in summary.rejections:
            rejects.add_row(str(r["where"]), str(r["key"] or "?"), str(r["reason"]))
        console.print(rejects)


def dead_letters_command(
    store: StoreOption = None,
    as_json: JsonOption = False,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="At most this many.")] = 100,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many first.")] = 0,
    as_user: AsOption = None,
    reason: ReasonOption = None,
) -> None:
    """List the items that were rejected, with where they came from, why, and what they said.

    Dead letters are raw, unlabelled payloads of every service: only a user whose role may read them
    (administrators) gets them, as over HTTP, and every reading is audited."""

    def show(console: Console, answer: DeadLettersOut) -> None:
        table = Table(title=f"Dead letters ({len(answer.items)} of {answer.total})")
        for column in ("source", "at", "key", "reason", "payload"):
            table.add_column(column, overflow="fold")
        for letter in answer.items:
            table.add_row(letter.source, f"{'element' if letter.format == 'sfx' else 'line'} {letter.position}",
                          letter.key or "?", letter.reason, letter.payload[:200])
        console.print(table)

    run_query(store, as_json, lambda ctx, viewer: queries.dead_letters(ctx, viewer=viewer, limit=limit, offset=offset), show,
              as_user=as_user, reason=reason, command="dead-letters", asked={"limit": limit, "offset": offset})

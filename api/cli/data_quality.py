"""``caselink data-quality``: the terminal mirror of ``GET /data-quality`` (same service, audited)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from api.cli.options import JsonOption, StoreOption
from api.cli.queries import AsOption, ReasonOption, run_query
from api.schemas.data_quality import DataQualityOut
from api.services import data_quality as service


def register(app: typer.Typer) -> None:
    app.command("data-quality")(data_quality_command)


def data_quality_command(
    store: StoreOption = None,
    as_json: JsonOption = False,
    agency: Annotated[str | None, typer.Option(help="Only this agency.", max=32)] = None,
    as_user: AsOption = None,
    reason: ReasonOption = None,
) -> None:
    """Subject fields each agency sent that could not be read (kept as written, left out of matching)."""

    def show(console: Console, answer: DataQualityOut) -> None:
        for a in answer.agencies:
            console.print(f"[bold]{a.agency}[/bold]: {a.records_with_issues} of {a.records} records with unreadable fields")
            for i in a.issues:
                raw = " (withheld)" if i.raw is None else f" {i.raw!r}" if i.raw else ""  # a blank field has nothing to quote
                console.print(f"  {i.record} {i.subject_id} {i.field}{raw}: {i.problem}", markup=False)
        console.print(f"{answer.total_issues} issues")

    run_query(store, as_json, lambda ctx, viewer: service.data_quality(ctx, viewer=viewer, agency=agency), show,
         as_user=as_user, reason=reason, command="data-quality", asked={"agency": agency} if agency else {})

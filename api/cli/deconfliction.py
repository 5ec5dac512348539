"""``caselink deconfliction``: the same notices, contacts and checks as the HTTP routes (api.services.deconfliction)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.cli.options import JsonOption, StoreOption
from api.cli.queries import AsOption, ReasonOption, run_query
from api.schemas.deconfliction import ContactIn, ContactsOut, NoticeOut, NoticesOut
from api.services import deconfliction

deconfliction_app = typer.Typer(help="Deconfliction: notices to the owning service, contacts to the searcher.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(deconfliction_app, name="deconfliction")


@deconfliction_app.command("notices")
def notices_command(store: StoreOption = None, as_json: JsonOption = False, as_user: AsOption = None, reason: ReasonOption = None) -> None:
    """Who reached which entity of your service's records, and when."""

    def show(console: Console, answer: NoticesOut) -> None:
        table = Table(title="deconfliction notices")
        for col in ("id", "when", "searcher", "agency", "entity", "records", "contact sent"):
            table.add_column(col, overflow="fold")
        for n in answer.items:
            table.add_row(str(n.id), n.created_at, n.searcher, n.searcher_agency or "", n.entity_id, ", ".join(n.records),
                          n.contact_sent_at or "")
        console.print(table)

    run_query(store, as_json, lambda ctx, viewer: deconfliction.notices(ctx.deconfliction(), viewer=viewer), show,
         as_user=as_user, reason=reason, command="deconfliction notices", asked={})


@deconfliction_app.command("contact")
def contact_command(notice: Annotated[int, typer.Argument(min=1, help="The notice's id.")],
                    message: Annotated[str, typer.Option(help="What the searcher should know (2,000 characters at most).")] = "",
                    store: StoreOption = None, as_json: JsonOption = False, as_user: AsOption = None,
                    reason: ReasonOption = None) -> None:
    """Send the searcher of a notice your contact."""
    if len(message) > 2000:
        Console(stderr=True).print("[red]error:[/red] --message is longer than 2,000 characters")
        raise typer.Exit(2)

    def show(console: Console, answer: NoticeOut) -> None:
        console.print(f"contact sent to {answer.searcher} about {answer.entity_id} at {answer.contact_sent_at}")

    run_query(store, as_json, lambda ctx, viewer: deconfliction.send_contact(ctx.deconfliction(), notice, ContactIn(message=message),
                                                                        viewer=viewer),
         show, as_user=as_user, reason=reason, command="deconfliction contact", asked={"notice": notice})


@deconfliction_app.command("contacts")
def contacts_command(store: StoreOption = None, as_json: JsonOption = False, as_user: AsOption = None,
                     reason: ReasonOption = None) -> None:
    """Contacts other services' investigators sent you."""

    def show(console: Console, answer: ContactsOut) -> None:
        for c in answer.items:
            console.print(f"{c.sent_at}  {c.from_user} ({c.from_agency or '-'}) about {c.entity_id}: {c.message}", markup=False)

    run_query(store, as_json, lambda ctx, viewer: deconfliction.contacts(ctx.deconfliction(), viewer=viewer), show,
         as_user=as_user, reason=reason, command="deconfliction contacts", asked={})

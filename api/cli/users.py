"""``caselink users``: register local users and issue their bearer tokens."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.cli.options import JsonOption, StoreOption, load_settings
from api.services.auth import UserRegistry, issue_token, validate_user
from api.services.queries import policy_of
from api.web.passwords import check_strength
from api.web.sessions import WebSessions
from models.settings import Settings

users_app = typer.Typer(help="Local users: roles, agencies, caveats, tokens.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")


@users_app.command("add")
def add_command(
    name: Annotated[str, typer.Argument(help="User name (letters, digits, . _ @ -).")],
    role: Annotated[str, typer.Option("--role", help="analyst, investigator, crown or admin.")],
    agency: Annotated[str | None, typer.Option("--agency", help="The user's police service (required except for admin).")] = None,
    caveat: Annotated[list[str] | None, typer.Option("--caveat", help="A caveat granted to this user (repeatable).")] = None,
    ttl: Annotated[int | None, typer.Option("--ttl", min=60, help="Token lifetime in seconds (at most CASELINK_TOKEN_TTL_SECONDS).")] = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read a web sign-in password from standard input.")] = False,
) -> None:
    """Register (or update) a user and print a bearer token for it."""
    settings = load_settings(store)
    try:
        user = validate_user(policy_of(settings), name, role, agency, list(caveat or []))
        token = issue_token(settings, user, ttl_seconds=ttl)
        password = _read_password() if password_stdin else None
    except ValueError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    registry = UserRegistry.of(settings)
    try:
        registry.add(user)
    finally:
        registry.close()
    if password is not None:
        _set_password(settings, user.name, password)
    if as_json:
        typer.echo(json.dumps({"name": user.name, "role": user.role.value, "agency": user.agency, "caveats": list(user.caveats),
                               "token": token}))
    else:
        Console(stderr=True).print(f"user {user.name}: {user.role.value}, agency {user.agency or '-'}, "
                                   f"caveats {', '.join(user.caveats) or '-'}; token:")
        typer.echo(token)


def _read_password() -> str:
    """The first line of standard input (the trailing newline is not part of the password)."""
    password = sys.stdin.readline().rstrip("\r\n")
    check_strength(password)
    return password


def _set_password(settings: Settings, name: str, password: str) -> None:
    sessions = WebSessions.of(settings)
    try:
        sessions.set_password(name, password)
    finally:
        sessions.close()


@users_app.command("password")
def password_command(
    name: Annotated[str, typer.Argument(help="A registered user.")],
    store: StoreOption = None,
) -> None:
    """Set a user's web sign-in password, read from standard input (its open web sessions end)."""
    settings = load_settings(store)
    registry = UserRegistry.of(settings)
    try:
        user = registry.get(name)
    finally:
        registry.close()
    if user is None:
        Console(stderr=True).print(f"[red]error:[/red] no user {name!r}")
        raise typer.Exit(2)
    try:
        _set_password(settings, name, _read_password())
    except ValueError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    Console(stderr=True).print(f"password set for {name}")


@users_app.command("token")
def token_command(
    name: Annotated[str, typer.Argument(help="A registered user.")],
    ttl: Annotated[int | None, typer.Option("--ttl", min=60)] = None,
    store: StoreOption = None,
) -> None:
    """Issue a new token for a registered user."""
    settings = load_settings(store)
    registry = UserRegistry.of(settings)
    try:
        user = registry.get(name)
    finally:
        registry.close()
    if user is None or user.disabled:
        Console(stderr=True).print(f"[red]error:[/red] no active user {name!r}")
        raise typer.Exit(2)
    typer.echo(issue_token(settings, user, ttl_seconds=ttl))


@users_app.command("disable")
def disable_command(name: Annotated[str, typer.Argument()], store: StoreOption = None) -> None:
    """Disable a user: its tokens are refused from the next request on."""
    registry = UserRegistry.of(load_settings(store))
    try:
        found = registry.disable(name)
    finally:
        registry.close()
    if not found:
        Console(stderr=True).print(f"[red]error:[/red] no user {name!r}")
        raise typer.Exit(2)


@users_app.command("list")
def list_command(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Every registered user."""
    registry = UserRegistry.of(load_settings(store))
    try:
        users = registry.all()
    finally:
        registry.close()
    if as_json:
        typer.echo(json.dumps([{"name": u.name, "role": u.role.value, "agency": u.agency, "caveats": list(u.caveats),
                                "disabled": u.disabled} for u in users]))
        return
    table = Table(title="users")
    for col in ("name", "role", "agency", "caveats", "disabled"):
        table.add_column(col)
    for u in users:
        table.add_row(u.name, u.role.value, u.agency or "-", ", ".join(u.caveats) or "-", "yes" if u.disabled else "")
    Console().print(table)

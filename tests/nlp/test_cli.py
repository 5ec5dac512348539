from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import structlog
import typer
from typer.testing import CliRunner

from nlp.cli import register

TEXT = 'Danielle left with "Smoke", plate CKTR 215; call 613-555-0142 [bold]not markup[/bold].'


@pytest.fixture(autouse=True)
def _logging_left_as_found() -> Iterator[None]:
    """The command configures logging to stderr when nobody has: undo it for the other tests."""
    configured = structlog.is_configured()
    yield
    if not configured:
        structlog.reset_defaults()


def app() -> typer.Typer:
    application = typer.Typer()
    register(application)

    @application.command("noop")
    def noop() -> None:  # a second command, so "extract" is a subcommand as in caselink
        """Nothing."""

    return application


def test_json_lists_the_mentions() -> None:
    result = CliRunner().invoke(app(), ["extract", TEXT, "--json", "--subject", "Danielle Bennett"])
    assert result.exit_code == 0, result.output
    mentions = json.loads(result.stdout)
    got = {(m["kind"], m["value"], m["subject_id"]) for m in mentions}
    assert {("plate", "CKTR 215", None), ("phone", "+16135550142", None), ("alias", "smoke", None),
            ("person", "danielle", "S1")} <= got
    assert all(TEXT[m["start"]:m["end"]] == m["text"] for m in mentions)


def test_stdin_and_a_language() -> None:
    result = CliRunner().invoke(app(), ["extract", "-", "--lang", "fr", "--json"],
                                input="Selon la Police provinciale de l'Ontario (PPO), appeler le 819 555-0123.")
    assert result.exit_code == 0, result.output
    kinds = [m["kind"] for m in json.loads(result.stdout)]
    assert kinds == ["organisation", "phone"]


def test_a_table_for_people() -> None:
    result = CliRunner().invoke(app(), ["extract", TEXT, "--subject", "[red]Danielle[/red] Bennett"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "CKTR 215" in result.stdout and "+16135550142" in result.stdout
    assert "[red]Danielle[/red] Bennett" in result.stdout  # source text is printed literally, never as markup


def test_an_unknown_language_is_refused() -> None:
    result = CliRunner().invoke(app(), ["extract", TEXT, "--lang", "de"])
    assert result.exit_code != 0

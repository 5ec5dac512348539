"""``caselink extract``: the mentions of one narrative, for a person at a terminal.

    caselink extract "Danielle was seen near the Lakeview Motel in Kingston" --subject "Danielle Bennett"
    echo "..." | caselink extract - --lang fr --json

Without ``--json`` the mentions are a table; with it, one JSON list on stdout (logs go to
stderr), each mention as the graph receives it.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import structlog
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from models.records import Subject
from models.vocabulary import Role
from nlp.extract import Extractor
from nlp.language import detect_language

__all__ = ["register"]

_LANGS = ("auto", "en", "fr")


def _stderr_logger(*_args: object) -> structlog.PrintLogger:
    return structlog.PrintLogger(sys.stderr)  # looked up at each use: stderr may be replaced


def _subjects(names: list[str]) -> list[Subject]:
    """``--subject "Given Surname"`` options as record subjects S1, S2, ... (the last word is the surname)."""
    subjects = []
    for i, name in enumerate(names, start=1):
        words = name.split()
        surname = words[-1] if words else None
        given = " ".join(words[:-1]) or None
        subjects.append(Subject(subject_id=f"S{i}", role=Role.MENTIONED, surname=surname, given=given, name_raw=name))
    return subjects


def extract_command(
    text: Annotated[str, typer.Argument(help='The narrative, or "-" to read it from standard input.')] = "-",
    lang: Annotated[str, typer.Option("--lang", help="auto, en or fr.")] = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list of mentions.")] = False,
    subject: Annotated[
        list[str] | None, typer.Option("--subject", help='A record subject, "Given Surname" (repeatable).')
    ] = None,
) -> None:
    """Print the mentions extracted from a narrative (phones, plates, hotels, persons, ...)."""
    if lang not in _LANGS:
        raise typer.BadParameter(f"--lang must be one of {', '.join(_LANGS)}", param_hint="--lang")
    if not structlog.is_configured():
        # Standalone use: keep stdout for the mentions (caselink itself configures logging).
        structlog.configure(logger_factory=_stderr_logger)
    narrative = sys.stdin.read() if text == "-" else text
    subjects = _subjects(subject or [])
    mentions = Extractor().extract(narrative, lang=lang, subjects=subjects)
    if as_json:
        typer.echo(json.dumps([m.model_dump(mode="json") for m in mentions], ensure_ascii=False, indent=2))
        return
    used = lang if lang != "auto" else f"{detect_language(narrative)} (detected)"
    table = Table(title=f"{len(mentions)} mentions, language {used}", show_lines=False)
    for column in ("kind", "text", "value", "span", "subject", "conf.", "extractor", "attrs"):
        table.add_column(column, overflow="fold")
    by_id = {s.subject_id: s.full_name for s in subjects}
    for m in mentions:
        who = f"{m.subject_id} {by_id.get(m.subject_id, '')}".strip() if m.subject_id else ""
        attrs = ", ".join(f"{k}={v}" for k, v in sorted(m.attrs.items()))
        # Text() keeps narrative text literal: "[b]" in a narrative is not rich markup.
        table.add_row(m.kind.value, Text(m.text), Text(m.value or ""), f"{m.start}-{m.end}", Text(who), f"{m.confidence:.2f}",
                      f"{m.extractor}/{m.extractor_version}", Text(attrs))
    Console().print(table)


def register(app: typer.Typer) -> None:
    """Add ``extract`` to the ``caselink`` application."""
    app.command("extract")(extract_command)

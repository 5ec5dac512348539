"""Options shared by CLI commands, and building the one Settings object from them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from models.settings import Settings

StoreOption = Annotated[
    Path | None,
    typer.Option("--store", help="Store directory (default: $CASELINK_STORE or var/store).", show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document instead of tables.")]


def load_settings(store: Path | None = None) -> Settings:
    settings = Settings()
    return settings.model_copy(update={"store": store}) if store is not None else settings

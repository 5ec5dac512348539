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


#: The store the running command works on (the last one loaded): where its log file goes (api.cli).
_current_store: Path | None = None


def load_settings(store: Path | None = None) -> Settings:
    global _current_store
    settings = Settings()
    settings = settings.model_copy(update={"store": store}) if store is not None else settings
    _current_store = settings.store
    return settings


def current_store() -> Path | None:
    """The store of the command running in this process, once it has loaded its settings."""
    return _current_store

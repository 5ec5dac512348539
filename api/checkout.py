"""The commands that need what only a source checkout carries (the world generator and model
training under ``tools/``, left out of the wheel) say so in one line when it is absent."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console


@contextmanager
def checkout_only(command: str) -> Iterator[None]:
    """Turn the failed import of ``tools`` inside this block into one line on stderr and exit status 2.

    Only ``tools`` itself missing is meant: a dependency missing inside it still raises, since that
    is a broken checkout, not an installed wheel.
    """
    try:
        yield
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] != "tools":
            raise
        Console(stderr=True, highlight=False).print(
            f"caselink {command}: needs tools/ (the world generator and model training), which only a source checkout "
            "has, not the installed package; run it from a checkout after make setup.", soft_wrap=True)
        raise typer.Exit(2) from None

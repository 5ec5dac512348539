"""``caselink train-matcher``: retrain the shipped person matcher (reproducible: fixed generator seeds)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console


def register(app: typer.Typer) -> None:
    app.command("train-matcher")(train_matcher_command)


def _world(spec: str) -> tuple[int, int]:
    seed, _, persons = spec.partition(":")
    try:
        return int(seed), int(persons or 700)
    except ValueError:
        raise typer.BadParameter(f"{spec!r}: expected SEED or SEED:PERSONS") from None


def train_matcher_command(
    workdir: Annotated[Path, typer.Option(help="Where generated training worlds are drawn (cached).")] = Path("var/train-matcher"),
    out: Annotated[Path | None, typer.Option(help="Where to write the model (default: the one shipped in the package).")] = None,
    world: Annotated[list[str] | None, typer.Option("--world", help="SEED:PERSONS of a training world (repeatable); "
                                                    "default: the shipped model's worlds.")] = None,
) -> None:
    """Retrain the person matcher on labelled pairs from the project's generator (never the dev world)."""
    from api.checkout import checkout_only
    from graph.resolve.learned import MODEL_PATH

    with checkout_only("train-matcher"):
        from tools.training.matcher import TRAINING_WORLDS, train_person_model

    worlds = [_world(w) for w in world] if world else list(TRAINING_WORLDS)
    err = Console(stderr=True)
    model = train_person_model(workdir, worlds, on_world=lambda seed, pairs: err.print(f"world {seed}: drawn, {pairs} labelled pairs"))
    target = out or MODEL_PATH
    target.write_text(model.to_json() + "\n", encoding="utf-8")
    Console().print(f"{model.name} written to {target} (worlds {worlds})")

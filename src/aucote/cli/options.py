"""Options shared by several commands, and turning them into loaded settings."""

from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from aucote.config.errors import ConfigError
from aucote.config.loader import LoadedSettings, load_settings

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database URL (else AUCOTE_DATABASE_URL, database.url, or var/aucote.sqlite3)."
    ),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", "-c", help="Configuration file (YAML).", show_default=False)
]


def load_or_exit(config: Path | None, db: str | None) -> LoadedSettings:
    """Load the settings; on a configuration error print it and exit with status 2."""
    try:
        loaded = load_settings(config, database_url=db)
    except ConfigError as error:
        fail(str(error), code=2)
    for warning in loaded.warnings:
        Console(stderr=True).print(f"[yellow]warning:[/] {warning}", highlight=False)
    return loaded


def fail(message: str, code: int = 1) -> NoReturn:
    """Print an error to stderr and exit."""
    Console(stderr=True).print(f"[red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)

"""`aucote config …`: validate a configuration file and show the effective settings."""

from pathlib import Path
from typing import Annotated

import typer

from aucote.cli.options import DatabaseOption, fail
from aucote.config.check import check_config
from aucote.config.errors import ConfigError


def build() -> typer.Typer:
    """The `config` command group."""
    group = typer.Typer(help="Configuration files.", no_args_is_help=True)
    group.command("check")(check_command)
    return group


def check_command(
    file: Annotated[Path, typer.Argument(help="Configuration file to validate.")],
    db: DatabaseOption = None,
) -> None:
    """Validate FILE and print the effective settings (defaults merged in, secrets masked)."""
    try:
        typer.echo(check_config(file, database_url=db), nl=False)
    except ConfigError as error:
        fail(str(error), code=2)

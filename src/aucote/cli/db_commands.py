"""`aucote db …`: database maintenance."""

import typer
from rich.console import Console

from aucote.cli.options import ConfigOption, DatabaseOption, load_or_exit
from aucote.config.database import mask_url_password
from aucote.storage.database import open_engine
from aucote.storage.migrate import current_revision, upgrade


def build() -> typer.Typer:
    """The `db` command group."""
    group = typer.Typer(help="Database maintenance.", no_args_is_help=True)
    group.command("upgrade")(upgrade_command)
    return group


def upgrade_command(config: ConfigOption = None, db: DatabaseOption = None) -> None:
    """Create or migrate the database schema to the newest version."""
    url = load_or_exit(config, db).database_url
    engine = open_engine(url)
    upgrade(engine)
    Console().print(f"Database {mask_url_password(url)} is at revision {current_revision(engine)}")

"""`aucote db …`: database maintenance."""

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from aucote.cli.options import ConfigOption, DatabaseOption, fail, load_or_exit
from aucote.config.database import mask_url_password
from aucote.storage.backup import BackupError, CopyResult, backup_sqlite, restore_sqlite, sqlite_path
from aucote.storage.database import open_engine
from aucote.storage.migrate import current_revision, head_revision, upgrade
from aucote.tools.errors import ToolNotFound
from aucote.tools.pg_dump import Invocation, PgToolFailed, dump_invocation, restore_invocation, run_pg_tool

BackupPath = Annotated[Path, typer.Argument(help="The backup file.", show_default=False)]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before replacing the database.")]


def build() -> typer.Typer:
    """The `db` command group."""
    group = typer.Typer(help="Database maintenance.", no_args_is_help=True)
    group.command("upgrade")(upgrade_command)
    group.command("backup")(backup_command)
    group.command("restore")(restore_command)
    return group


def upgrade_command(config: ConfigOption = None, db: DatabaseOption = None) -> None:
    """Create or migrate the database schema to the newest version."""
    url = load_or_exit(config, db).database_url
    engine = open_engine(url)
    upgrade(engine)
    Console().print(f"Database {mask_url_password(url)} is at revision {current_revision(engine)}")


def backup_command(path: BackupPath, config: ConfigOption = None, db: DatabaseOption = None) -> None:
    """Back the database up into PATH while the service runs (SQLite: a copy through its online
    backup API; PostgreSQL: a pg_dump custom-format archive)."""
    url = load_or_exit(config, db).database_url
    database = sqlite_path(url)
    try:
        if database is None:
            _run(dump_invocation(url, path))
            _console().print(f"Backed up {mask_url_password(url)} to {path} ({path.stat().st_size} bytes)")
            return
        _report("Backed up", backup_sqlite(database, path))
    except (BackupError, PgToolFailed, ToolNotFound, OSError) as error:
        fail(str(error))


def restore_command(
    path: BackupPath, config: ConfigOption = None, db: DatabaseOption = None, yes: YesOption = False
) -> None:
    """Replace the database with the backup PATH (stop the service first), then report whether
    `aucote db upgrade` is needed."""
    url = load_or_exit(config, db).database_url
    if not yes:
        typer.confirm(f"Replace the database {mask_url_password(url)} with {path}?", abort=True)
    database = sqlite_path(url)
    try:
        if database is None:
            _run(restore_invocation(url, path))
        else:
            _report("Restored", restore_sqlite(path, database))
    except (BackupError, PgToolFailed, ToolNotFound, OSError) as error:
        fail(str(error))
    _revision(url)


def _run(invocation: Invocation) -> None:
    asyncio.run(run_pg_tool(invocation))


def _report(verb: str, result: CopyResult) -> None:
    _console().print(f"{verb} {result.path} ({result.pages} pages, {result.size} bytes)")


def _revision(url: str) -> None:
    engine = open_engine(url)
    try:
        have, head = current_revision(engine), head_revision(engine)
    finally:
        engine.dispose()
    advice = "" if have == head else f"; run `aucote db upgrade` to reach {head}"
    _console().print(f"Database {mask_url_password(url)} is at revision {have}{advice}")


def _console() -> Console:
    return Console(soft_wrap=True, highlight=False)

"""What the `user` and `token` commands share: the database, who acts, times, refusals, passwords."""

import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import typer
from rich.markup import escape
from sqlalchemy import Connection, Engine

from aucote.access.audit import Actor
from aucote.access.errors import AccountError
from aucote.cli.options import fail, load_or_exit
from aucote.model.access import Role
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade


def open_database(config: Path | None, db: str | None) -> Engine:
    """The configured database, migrated to the newest schema."""
    engine = open_engine(load_or_exit(config, db).database_url)
    upgrade(engine)
    return engine


def cli_actor() -> Actor:
    """The audit log's actor for the command line: `cli:` and the operating-system user."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry and no LOGNAME/USER
        name = f"uid{os.getuid()}"
    return Actor(name=f"cli:{name}", address=None)


def refuse(message: str) -> NoReturn:
    """One line on stderr, exit status 2 (nothing was changed)."""
    fail(escape(message), code=2)


@contextmanager
def changing(engine: Engine) -> Iterator[Connection]:
    """A transaction for account changes: a refusal rolls it back, prints one line, exits 2."""
    try:
        with engine.begin() as connection:
            yield connection
    except AccountError as error:
        refuse(error.message)


def parse_role(text: str) -> Role:
    """The role named `text`; exit 2 naming the roles otherwise."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        refuse(f"unknown role {text!r}: expected one of {', '.join(role.value for role in Role)}")


def when(moment: float | None, never: str = "-") -> str:
    """A time for people (UTC, to the minute: the tables say UTC in their titles)."""
    if moment is None:
        return never
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%d %H:%M")


def read_password(from_stdin: bool) -> str:
    """The new password: one line of standard input, or typed twice without echo."""
    if from_stdin:
        password = sys.stdin.readline().removesuffix("\n").removesuffix("\r")
        if not password:
            refuse("no password on standard input (--password-stdin reads one line)")
        return password
    first = typer.prompt("Password", hide_input=True)
    if typer.prompt("Repeat password", hide_input=True) != first:
        refuse("the two passwords differ; nothing was changed")
    return str(first)

"""Running `aucote user|token …` in-process on a database, and reading what it left behind."""

import getpass
from dataclasses import dataclass

from click.testing import Result
from sqlalchemy import select
from typer.testing import CliRunner

from aucote.cli.main import build_app
from aucote.storage.database import open_engine
from aucote.storage.tables import audit_log

PASSWORD = "correct horse battery staple"
ACTOR = f"cli:{getpass.getuser()}"


@dataclass(frozen=True, slots=True)
class Run:
    """What one command did: exit status, standard output and standard error."""

    code: int
    stdout: str
    stderr: str

    @property
    def error_line(self) -> str:
        """Standard error as one line (Rich may fold a long line at the terminal's width)."""
        return self.stderr.replace("\n", " ").strip()


def aucote(database_url: str, *args: str, stdin: str | None = None) -> Run:
    """Run `aucote ARGS --db URL` with standard input `stdin`."""
    runner = CliRunner(env={"COLUMNS": "200"})  # tables on one line per row
    result: Result = runner.invoke(build_app(), [*args, "--db", database_url], input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def add_user(database_url: str, name: str, role: str = "admin") -> None:
    """Add a user with PASSWORD from standard input (must succeed)."""
    run = aucote(database_url, "user", "add", name, "--role", role, "--password-stdin", stdin=PASSWORD + "\n")
    assert run.code == 0, run


def audit(database_url: str) -> list[tuple[object, ...]]:
    """(actor, address, action, target, detail) of every audit entry, in order."""
    engine = open_engine(database_url)
    columns = [audit_log.c[name] for name in ("actor", "address", "action", "target", "detail")]
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(select(*columns).order_by(audit_log.c.id))]
    finally:
        engine.dispose()

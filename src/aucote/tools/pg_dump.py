"""PostgreSQL backups with the server's own tools: `pg_dump --format=custom` and `pg_restore`.

argv builders are pure; the password of the URL travels in PGPASSWORD (never on the command
line, where `ps` shows it). The tools must be of the server's major version or newer (Debian's
/usr/bin/pg_dump picks the newest installed one)."""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import URL, make_url

from aucote.tools.runner import run_tool

TIMEOUT = 7 * 86400.0
"""No practical limit: a dump takes as long as the database's size asks."""


@dataclass(frozen=True, kw_only=True)
class Invocation:
    """One command to run and the environment variables it needs on top of ours."""

    argv: tuple[str, ...]
    env: Mapping[str, str]


class PgToolFailed(Exception):
    """pg_dump or pg_restore ended with an error (its standard error is the message)."""


def dump_invocation(url: str, destination: Path) -> Invocation:
    """`pg_dump` of the whole database into one custom-format archive file."""
    dsn, env = _libpq(url)
    argv = ("pg_dump", "--format=custom", "--no-owner", "--file", str(destination), "--dbname", dsn)
    return Invocation(argv=argv, env=env)


def restore_invocation(url: str, archive: Path) -> Invocation:
    """`pg_restore` of an archive into the database, dropping what the archive recreates first;
    one transaction, so a failed restore leaves the database as it was."""
    dsn, env = _libpq(url)
    argv = (
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        "--dbname",
        dsn,
        str(archive),
    )
    return Invocation(argv=argv, env=env)


async def run_pg_tool(invocation: Invocation) -> None:
    """Run it to the end; PgToolFailed with its error output when it fails."""
    result = await run_tool(invocation.argv, timeout=TIMEOUT, env={**os.environ, **invocation.env})
    if not result.ok:
        message = result.stderr.decode(errors="replace").strip() or f"exit status {result.returncode}"
        raise PgToolFailed(f"{invocation.argv[0]}: {message}")


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URI of the SQLAlchemy URL (driver dropped) without its password, and PGPASSWORD."""
    parsed: URL = make_url(url)
    env = {"PGPASSWORD": parsed.password} if parsed.password else {}
    bare = parsed.set(drivername="postgresql", password=None)
    host = f"{quote(bare.host or '', safe='')}" + (f":{bare.port}" if bare.port else "")
    user = f"{quote(bare.username, safe='')}@" if bare.username else ""
    query = "&".join(f"{key}={quote(str(value), safe='')}" for key, value in bare.query.items())
    dsn = f"postgresql://{user}{host}/{quote(bare.database or '', safe='')}"
    return (f"{dsn}?{query}" if query else dsn), env

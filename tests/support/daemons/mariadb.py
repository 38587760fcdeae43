"""A private MariaDB (`mariadbd`) for the MySQL login check: own data dir, socket, address and port,
run as the `mysql` user, never with --skip-grant-tables.

    with daemon_workdir("mysql") as workdir:
        with mariadb(workdir, "127.0.0.5", 3307, root="no-password") as db:
            ...  # root logs in over TCP without a password

`root`: "no-password" is mariadb-install-db's `--auth-root-authentication-method=normal` (root@localhost,
root@127.0.0.1, root@::1 without a password, as on an unconfigured server); "socket" its default
(root only through the unix socket as the system's root, as Debian ships it); "password" installs
as "no-password", then gives every root account ROOT_PASSWORD. `anonymous` adds the anonymous
account ''@'%' (no password)."""

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from tests.support.daemons.programs import program
from tests.support.daemons.workdirs import run
from tests.support.ports import serving

RootLogin = Literal["no-password", "socket", "password"]
ROOT_PASSWORD: Final = "aucote-test-root-secret"


@dataclass(frozen=True, slots=True)
class MariaDb:
    """A running server: where it listens and its admin socket."""

    address: str
    port: int
    socket: Path


def _install(data: Path, root: RootLogin) -> None:
    method = "socket" if root == "socket" else "normal"
    argv = [program("mariadb-install-db"), "--no-defaults", f"--datadir={data}", "--skip-test-db"]
    argv += [f"--auth-root-authentication-method={method}", "--skip-name-resolve", "--user=mysql"]
    run(argv)


def _server_argv(workdir: Path, address: str, port: int) -> list[str]:
    argv = [program("mariadbd"), "--no-defaults", f"--datadir={workdir / 'data'}", "--user=mysql"]
    argv += [f"--port={port}", f"--bind-address={address}", f"--socket={workdir / 'mysqld.sock'}"]
    argv += [f"--pid-file={workdir / 'mysqld.pid'}", f"--log-error={workdir / 'error.log'}"]
    return [*argv, "--skip-name-resolve", "--innodb-buffer-pool-size=16M", "--skip-log-bin"]


def _setup_sql(root: RootLogin, anonymous: bool) -> str:
    statements = []
    if root == "password":
        hosts = ("localhost", "127.0.0.1", "::1", socket.gethostname())
        statements += [
            f"ALTER USER IF EXISTS root@'{host}' IDENTIFIED BY '{ROOT_PASSWORD}';" for host in hosts
        ]
    if anonymous:
        statements.append("CREATE USER ''@'%';")
    return "\n".join(statements)


def admin(server: MariaDb, sql: str, password: str | None = None) -> str:
    """Run `sql` as root through the unix socket (mariadb client, batch output)."""
    argv = [program("mariadb"), "--no-defaults", "-S", str(server.socket), "-u", "root", "-B", "-N"]
    return run([*argv, *(["-p" + password] if password else []), "-e", sql])


@contextmanager
def mariadb(
    workdir: Path, address: str, port: int, *, root: RootLogin, anonymous: bool = False
) -> Iterator[MariaDb]:
    """A server configured as asked, stopped (its process group killed) at the end. `workdir` must be
    reachable by the mysql user (see `daemon_workdir`)."""
    _install(workdir / "data", root)
    server = MariaDb(address, port, workdir / "mysqld.sock")
    with serving(_server_argv(workdir, address, port), port, host=address, timeout=30):
        sql = _setup_sql(root, anonymous)
        if sql:
            admin(server, sql)
        yield server


def error_log(server: MariaDb) -> str:
    """The server's error log, for a failing test's message."""
    path = server.socket.parent / "error.log"
    return path.read_text() if path.exists() else ""

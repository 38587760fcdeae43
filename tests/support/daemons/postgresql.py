"""A private PostgreSQL cluster for the PostgreSQL login check: initdb + postgres as the postgres
user, own data dir, socket dir, address and port.

    with daemon_workdir("postgres") as workdir:
        with postgresql(workdir, "127.0.0.6", 5433, host_auth="trust") as db:
            ...  # anyone reaching the port logs in as postgres without a password

`host_auth` is pg_hba's method for TCP connections (initdb --auth-host): "trust" lets anyone in as
any role; "scram-sha-256" asks for a password (the postgres role gets POSTGRES_PASSWORD)."""

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from tests.support.daemons.workdirs import as_user, run
from tests.support.ports import serving

HostAuth = Literal["trust", "scram-sha-256"]
POSTGRES_PASSWORD: Final = "aucote-test-postgres-secret"


@dataclass(frozen=True, slots=True)
class PostgreSql:
    """A running cluster: where it listens and its socket folder."""

    address: str
    port: int
    socket_dir: Path


def bin_dir() -> Path:
    """The newest installed PostgreSQL's binaries."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb is None:
        raise RuntimeError("PostgreSQL binaries not found: install postgresql (scripts/setup-system.sh)")
    return Path(initdb).parent


def _initdb(workdir: Path, host_auth: HostAuth) -> None:
    password = workdir / "password"
    password.write_text(POSTGRES_PASSWORD + "\n")
    argv = [str(bin_dir() / "initdb"), "-D", str(workdir / "data"), "-U", "postgres", "--no-sync"]
    argv += ["--auth-local=trust", f"--auth-host={host_auth}", f"--pwfile={password}"]
    if (workdir / "data").exists():
        raise RuntimeError(f"{workdir / 'data'} exists: give each cluster its own workdir")
    shutil.chown(password, workdir.owner(), workdir.group())
    run(as_user(workdir.owner(), argv))


def _server_argv(workdir: Path, address: str, port: int) -> list[str]:
    argv = [str(bin_dir() / "postgres"), "-D", str(workdir / "data"), "-p", str(port), "-k", str(workdir)]
    argv += ["-c", f"listen_addresses={address}", "-c", "fsync=off", "-c", "shared_buffers=16MB"]
    return as_user(workdir.owner(), argv)


@contextmanager
def postgresql(workdir: Path, address: str, port: int, *, host_auth: HostAuth) -> Iterator[PostgreSql]:
    """A cluster whose TCP logins use `host_auth`, stopped (its process group killed) at the end.
    `workdir` must belong to the postgres user when we are root (see `daemon_workdir`)."""
    _initdb(workdir, host_auth)
    with serving(_server_argv(workdir, address, port), port, host=address, timeout=30):
        _wait_until_accepting(address, port)
        try:
            yield PostgreSql(address, port, workdir)
        finally:
            _fast_stop(workdir)


def _wait_until_accepting(address: str, port: int, timeout: float = 30.0) -> None:
    """Until the server accepts connections: its port answers while it is still starting up
    ("FATAL: the database system is starting up"). pg_isready exits 0 once it accepts them."""
    argv = [str(bin_dir() / "pg_isready"), "-q", "-h", address, "-p", str(port), "-t", "5"]
    deadline = time.monotonic() + timeout
    while subprocess.run(argv, check=False).returncode != 0:
        if time.monotonic() > deadline:
            raise TimeoutError(f"PostgreSQL on {address}:{port} not accepting connections after {timeout} s")
        time.sleep(0.05)


def _fast_stop(workdir: Path) -> None:
    """Disconnect clients and stop now (a plain SIGTERM waits for every session to end)."""
    pg_ctl = [str(bin_dir() / "pg_ctl"), "-D", str(workdir / "data"), "-m", "fast", "-w", "stop"]
    subprocess.run(as_user(workdir.owner(), pg_ctl), capture_output=True, timeout=30, check=False)

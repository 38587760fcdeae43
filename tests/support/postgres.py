"""A real PostgreSQL for the tests: the one named by AUCOTE_TEST_POSTGRES_URL, or else a throwaway
cluster started from the machine's PostgreSQL binaries (initdb + postgres, own port and socket dir),
removed at the end. Never a silent skip: if neither works, the tests that need it fail."""

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from tests.support.ports import free_port

ENV = "AUCOTE_TEST_POSTGRES_URL"


def _bin_dir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb is None:
        raise RuntimeError(f"PostgreSQL binaries not found: install postgresql or set {ENV}")
    return Path(initdb).parent


def _as_postgres(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


class Cluster:
    """A private cluster that a test may stop and start again (the database "goes away")."""

    def __init__(self, ctl: list[str], url: str) -> None:
        self._ctl, self.url = ctl, url

    def stop(self, mode: str = "immediate") -> None:
        """Stop the server: `immediate` at once, `fast` cleanly (connections are cut either way;
        with fsync and synchronous_commit off only `fast` keeps the last commits)."""
        subprocess.run(_as_postgres([*self._ctl, "-m", mode, "stop"]), capture_output=True)

    def start(self) -> None:
        """Start it again; returns once it accepts connections."""
        subprocess.run(_as_postgres([*self._ctl, "start"]), check=True, capture_output=True)


@contextmanager
def private_cluster(
    addresses: Sequence[str] = ("127.0.0.1",), clients: Sequence[str] = (), port: int | None = None
) -> Iterator[Cluster]:
    """Start a private cluster (initdb, own port and socket dir); removed at the end. It listens on
    `addresses` (the URL names the first) and lets in, without a password, loopback and the
    networks `clients` (e.g. a namespace lab's /24, whose hosts reach it on the lab's gateway)."""
    root = Path(tempfile.mkdtemp(prefix="aucote-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port, bindir = root / "data", port or free_port(), _bin_dir()
    subprocess.run(
        _as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]),
        check=True,
        capture_output=True,
    )
    with (data / "pg_hba.conf").open("a") as hba:
        hba.writelines(f"host all all {network} trust\n" for network in clients)
    options = f"-p {port} -k {root} -c listen_addresses={','.join(addresses)} -c fsync=off"
    options += " -c synchronous_commit=off -c full_page_writes=off"
    ctl = [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "-o", options]
    cluster = Cluster(ctl, f"postgresql://postgres@{addresses[0]}:{port}")
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Start a private cluster; yield its server URL (no database part)."""
    with private_cluster() as cluster:
        yield cluster.url


@contextmanager
def postgres_server() -> Iterator[str]:
    """The server URL to create test databases on."""
    given = os.environ.get(ENV)
    if given:
        yield make_url(given).set(database="postgres").render_as_string(hide_password=False)
        return
    with throwaway_cluster() as url:
        yield url


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """Create an empty database on the server; yield its URL; drop it afterwards."""
    name = f"aucote_test_{uuid.uuid4().hex[:12]}"
    admin = make_url(server_url).set(database="postgres", drivername="postgresql")
    dsn = admin.render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        for _attempt in range(20):
            try:
                with psycopg.connect(dsn, autocommit=True) as connection:
                    connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                break
            except psycopg.OperationalError:
                time.sleep(0.1)

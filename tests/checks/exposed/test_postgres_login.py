"""The PostgreSQL no-password probe against a real cluster (tests/support/daemons/postgresql.py):
pg_hba `trust` for host connections (vulnerable) and `scram-sha-256` (safe), directly and through
`aucote scan` on a port other than 5432, where only -sV's service name `postgresql` selects it."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from tests.checks.exposed.login_scan import findings_of, port_at, scan
from tests.checks.exposed.support import finding
from tests.engine.scanning import loopback_ip
from tests.support.daemons.postgresql import POSTGRES_PASSWORD, HostAuth, PostgreSql, postgresql
from tests.support.daemons.workdirs import daemon_workdir
from tests.support.ports import free_port

POSTGRES_NO_PASSWORD = 2501


@contextmanager
def _cluster(host_auth: HostAuth) -> Iterator[PostgreSql]:
    address = loopback_ip()
    with (
        daemon_workdir("postgres") as workdir,
        postgresql(workdir, address, free_port(address), host_auth=host_auth) as db,
    ):
        yield db


@pytest.fixture(scope="module")
def trusting() -> Iterator[PostgreSql]:
    with _cluster("trust") as db:
        yield db


@pytest.fixture(scope="module")
def asking_a_password() -> Iterator[PostgreSql]:
    with _cluster("scram-sha-256") as db:
        yield db


def test_trust_is_reported(trusting: PostgreSql) -> None:
    output = finding("postgres-no-password", port_at(trusting.address, trusting.port, "postgresql"))
    assert output is not None
    assert output.startswith(
        "PostgreSQL login as 'postgres' to database 'postgres' without a password: "
        "no password asked (trust); server version 1"
    )


def test_scram_is_safe(asking_a_password: PostgreSql) -> None:
    db = asking_a_password
    assert finding("postgres-no-password", port_at(db.address, db.port, "postgresql")) is None


def test_scram_cluster_lets_the_password_in(asking_a_password: PostgreSql) -> None:
    """The safe cluster is up and refuses only for want of the password."""
    db = asking_a_password
    dsn = f"host={db.address} port={db.port} user=postgres dbname=postgres password={POSTGRES_PASSWORD}"
    with psycopg.connect(dsn) as connection:
        assert connection.pgconn.used_password


def test_the_environment_password_is_not_used(
    asking_a_password: PostgreSql, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = asking_a_password
    monkeypatch.setenv("PGPASSWORD", POSTGRES_PASSWORD)
    assert finding("postgres-no-password", port_at(db.address, db.port, "postgresql")) is None


@pytest.mark.nmap
def test_scan_finds_trust(trusting: PostgreSql, tmp_path: Path) -> None:
    result = scan(tmp_path, trusting.address, trusting.port, POSTGRES_NO_PASSWORD)
    (found,) = findings_of(result, POSTGRES_NO_PASSWORD)
    assert (found["ip"], found["port"], found["service"]) == (trusting.address, trusting.port, "postgresql")
    assert "no password asked (trust)" in found["output"]


@pytest.mark.nmap
def test_scan_of_scram_finds_nothing(asking_a_password: PostgreSql, tmp_path: Path) -> None:
    db = asking_a_password
    assert scan(tmp_path, db.address, db.port, POSTGRES_NO_PASSWORD)["findings"] == []

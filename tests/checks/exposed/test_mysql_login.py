"""The MySQL/MariaDB empty-password probe against a real mariadbd (tests/support/daemons/mariadb.py),
vulnerable and safe, directly and through `aucote scan` on a non-standard port (3307), where only
-sV's service name `mysql` selects the check."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from aucote.checks.exposed.mysql_login import try_login
from tests.checks.exposed.login_scan import findings_of, port_at, scan
from tests.checks.exposed.support import finding
from tests.engine.scanning import loopback_ip
from tests.support.daemons.mariadb import MariaDb, RootLogin, mariadb
from tests.support.daemons.workdirs import daemon_workdir

MYSQL_EMPTY_PASSWORD = 2500
PORT = 3307


@contextmanager
def _server(root: RootLogin, anonymous: bool = False) -> Iterator[MariaDb]:
    with (
        daemon_workdir("mysql") as workdir,
        mariadb(workdir, loopback_ip(), PORT, root=root, anonymous=anonymous) as db,
    ):
        yield db


@pytest.fixture(scope="module")
def root_without_password() -> Iterator[MariaDb]:
    """mariadb-install-db's `normal` root: root@127.0.0.1 without a password."""
    with _server("no-password") as db:
        yield db


@pytest.fixture(scope="module")
def root_by_socket() -> Iterator[MariaDb]:
    """Debian's default: root only through the unix socket, no anonymous account."""
    with _server("socket") as db:
        yield db


def test_root_without_password_is_reported(root_without_password: MariaDb) -> None:
    db = root_without_password
    output = finding("mysql-empty-password", port_at(db.address, db.port, "mysql"))
    assert output is not None
    lines = output.splitlines()
    assert lines[0] == "MySQL/MariaDB login without a password:"
    assert lines[1] == "user 'root' with an empty password -> logged in as root@127.0.0.1"
    assert lines[2].startswith("Server: 10.") and "MariaDB" in lines[2]
    assert len(lines) == 3  # the anonymous login was refused


def test_root_by_socket_only_is_safe(root_by_socket: MariaDb) -> None:
    db = root_by_socket
    assert finding("mysql-empty-password", port_at(db.address, db.port, "mysql")) is None


def test_root_with_a_password_is_safe_and_anonymous_is_reported() -> None:
    with _server("password", anonymous=True) as db:
        assert try_login(db.address, db.port, "root", 5.0) is None
        output = finding("mysql-empty-password", port_at(db.address, db.port, "mysql"))
    assert output is not None
    assert (
        output.splitlines()[1] == "the anonymous user (empty name) with an empty password -> logged in as @%"
    )


@pytest.mark.nmap
def test_scan_finds_root_without_password_on_3307(root_without_password: MariaDb, tmp_path: Path) -> None:
    db = root_without_password
    result = scan(tmp_path, db.address, db.port, MYSQL_EMPTY_PASSWORD)
    (found,) = findings_of(result, MYSQL_EMPTY_PASSWORD)
    assert (found["ip"], found["port"], found["service"]) == (db.address, PORT, "mysql")
    assert "user 'root' with an empty password -> logged in as root@" in found["output"]
    assert result["summary"]["by_risk"] == {"High": 1}


@pytest.mark.nmap
def test_scan_of_root_by_socket_finds_nothing(root_by_socket: MariaDb, tmp_path: Path) -> None:
    db = root_by_socket
    result = scan(tmp_path, db.address, db.port, MYSQL_EMPTY_PASSWORD)
    assert result["findings"] == []

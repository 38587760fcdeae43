"""Each probe against a real exposed service (a finding with evidence) and the same service
configured safely (no finding). MongoDB is the exception: a fake wire-protocol server (see
fake_mongodb.py), since mongod cannot be installed here."""

from pathlib import Path

import pytest

from aucote.model.protocol import Protocol
from tests.checks.exposed.fake_mongodb import fake_mongodb
from tests.checks.exposed.services import ftp_server, memcached_server, redis_server, snmpd, wait_for_snmp
from tests.checks.exposed.support import finding, loopback_port


def test_anonymous_ftp(tmp_path: Path) -> None:
    with ftp_server(tmp_path, anonymous=True) as port:
        output = finding("ftp-anonymous", loopback_port(port, service="ftp"))
    assert output is not None
    assert output.startswith("Anonymous FTP login accepted.\nGreeting: 220")
    assert "\nLogin: 230" in output


def test_ftp_without_anonymous_login(tmp_path: Path) -> None:
    with ftp_server(tmp_path, anonymous=False) as port:
        assert finding("ftp-anonymous", loopback_port(port, service="ftp")) is None


def test_redis_without_password(tmp_path: Path) -> None:
    with redis_server(tmp_path) as port:
        output = finding("redis-no-auth", loopback_port(port))
    assert output is not None
    assert output.startswith(
        "Redis answers without authentication: PING -> PONG; INFO server: redis_version="
    )
    assert f"tcp_port={port}" in output


def test_redis_with_password(tmp_path: Path) -> None:
    with redis_server(tmp_path, password="aucote-test-secret") as port:
        assert finding("redis-no-auth", loopback_port(port)) is None


def test_memcached_open(tmp_path: Path) -> None:
    with memcached_server(tmp_path) as port:
        output = finding("memcached-stats", loopback_port(port))
    assert output is not None
    assert "Memcached answers 'stats' without authentication" in output
    assert "version=1." in output


def test_memcached_with_authentication(tmp_path: Path) -> None:
    with memcached_server(tmp_path, password="aucote-test-secret") as port:
        assert finding("memcached-stats", loopback_port(port)) is None


@pytest.mark.parametrize("wire_version", [17, 5])
def test_mongodb_open(wire_version: int) -> None:
    with fake_mongodb(auth=False, wire_version=wire_version) as port:
        output = finding("mongodb-no-auth", loopback_port(port))
    assert output == (
        f"MongoDB lists its databases without authentication (wire version {wire_version}): "
        "admin, config, local, customers"
    )


@pytest.mark.parametrize("wire_version", [17, 5])
def test_mongodb_with_authorization(wire_version: int) -> None:
    with fake_mongodb(auth=True, wire_version=wire_version) as port:
        assert finding("mongodb-no-auth", loopback_port(port)) is None


def test_snmp_public_community(tmp_path: Path) -> None:
    with snmpd(tmp_path, "public") as port:
        output = finding("snmp-default-community", loopback_port(port, Protocol.UDP), timeout=2)
    assert output is not None
    assert output.startswith("SNMP community 'public' accepted (v1, v2c): sysDescr.0 = ")
    assert "'private'" not in output


def test_snmp_private_community(tmp_path: Path) -> None:
    with snmpd(tmp_path, "private") as port:
        output = finding("snmp-default-community", loopback_port(port, Protocol.UDP), timeout=2)
    assert output is not None
    assert output.startswith("SNMP community 'private' accepted")


def test_snmp_other_community(tmp_path: Path) -> None:
    with snmpd(tmp_path, "n0t-a-default") as port:
        assert finding("snmp-default-community", loopback_port(port, Protocol.UDP), timeout=2) is None
        assert wait_for_snmp(port, "n0t-a-default")

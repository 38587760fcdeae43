"""Expiry of findings: a re-test that no longer reports a finding expires it, one that reports it
again does not, and a finding never re-tested expires after the expiration period."""

from ipaddress import ip_address

from sqlalchemy import Engine, select

from aucote.model.exploit import Exploit
from aucote.model.protocol import Protocol
from aucote.model.status import CheckStatus
from aucote.model.target import Node, Port
from aucote.storage.repository import exploits, nodes, scans, security_scans, vulnerabilities
from aucote.storage.repository.expiration import expire_retested, expire_untested
from aucote.storage.repository.records import NewSecurityScan, NewVulnerability
from aucote.storage.tables import vulnerabilities as vulnerabilities_table

DAY = 86400.0


def _finding(engine: Engine, port: Port, when: float, found: bool) -> int | None:
    """A scan at `when` testing exploit 72 on the port, with a finding when `found`."""
    with engine.begin() as connection:
        scan_id = scans.start_scan(connection, "tools_basic", None, when)
        [check] = security_scans.add_security_scans(
            connection,
            [
                NewSecurityScan(
                    scan_id=scan_id,
                    exploit_id=72,
                    node_id=port.node.id,
                    port=port.number,
                    protocol=6,
                    start=when,
                    end=when + 1,
                    status=CheckStatus.DONE,
                )
            ],
        )
        if not found:
            expire_retested(connection, scan_id, port, 72, when)
            return None
        row = NewVulnerability(
            security_scan_id=check,
            scan_id=scan_id,
            exploit_id=72,
            node_id=port.node.id,
            port=port.number,
            protocol=6,
            output="VULNERABLE",
            time=when + 1,
        )
        return vulnerabilities.add_vulnerabilities(connection, [row])[0]


def _port(engine: Engine) -> Port:
    with engine.begin() as connection:
        exploits.sync_exploits(connection, [Exploit(id=72, app="nmap", name="http-vuln-cve2011-3192")])
        node_id = nodes.ensure_nodes(connection, ["10.12.2.175"], 0.0)["10.12.2.175"]
    return Port(Node(node_id, ip_address("10.12.2.175")), 5985, Protocol.TCP)


def _expiry(engine: Engine, vulnerability_id: int) -> float | None:
    with engine.connect() as connection:
        query = select(vulnerabilities_table.c.expiration_time).where(
            vulnerabilities_table.c.id == vulnerability_id
        )
        return connection.execute(query).scalar()


def test_retest_without_the_finding_expires_it_at_the_retest(engine: Engine) -> None:
    port = _port(engine)
    first = _finding(engine, port, 1000.0, found=True)
    assert first is not None
    _finding(engine, port, 2000.0, found=False)
    assert _expiry(engine, first) == 2000.0


def test_retest_that_finds_it_again_keeps_it_current(engine: Engine) -> None:
    port = _port(engine)
    first = _finding(engine, port, 1000.0, found=True)
    second = _finding(engine, port, 2000.0, found=True)
    assert first is not None and second is not None
    assert _expiry(engine, first) is None and _expiry(engine, second) is None


def test_finding_not_retested_expires_after_the_period(engine: Engine) -> None:
    port = _port(engine)
    found = _finding(engine, port, 1000.0, found=True)
    assert found is not None
    with engine.begin() as connection:
        assert expire_untested(connection, now=1000.0 + 6 * DAY, period=7 * DAY) == 0
    assert _expiry(engine, found) is None
    with engine.begin() as connection:
        assert expire_untested(connection, now=1001.0 + 8 * DAY, period=7 * DAY) == 1
    assert _expiry(engine, found) == 1001.0 + 7 * DAY


def test_a_retested_finding_does_not_expire_by_age(engine: Engine) -> None:
    port = _port(engine)
    found = _finding(engine, port, 1000.0, found=True)
    _finding(engine, port, 1000.0 + DAY, found=True)
    assert found is not None
    with engine.begin() as connection:
        expire_untested(connection, now=1000.0 + 30 * DAY, period=7 * DAY)
    assert _expiry(engine, found) is None

"""Expiry on a real database. A finding (risk ≥ Low): a re-test that no longer reports it expires it,
one that reports it again does not. Informational output (risk None): any later DONE run of the
same exploit on the same port expires it, so only the latest output is current. Anything never
re-tested expires after the expiration period."""

from ipaddress import ip_address

from sqlalchemy import Engine, select

from aucote.model.exploit import Exploit
from aucote.model.protocol import Protocol
from aucote.model.status import CheckStatus, RiskLevel
from aucote.model.target import Node, Port
from aucote.storage.repository import exploits, nodes, scans, security_scans, vulnerabilities
from aucote.storage.repository.expiration import expire_retested, expire_untested
from aucote.storage.repository.records import NewSecurityScan, NewVulnerability
from aucote.storage.tables import vulnerabilities as vulnerabilities_table

DAY = 86400.0
BYTERANGE = Exploit(id=72, app="nmap", name="http-vuln-cve2011-3192", risk_level=RiskLevel.MEDIUM)
TITLE = Exploit(id=1044, app="nmap", name="http-title", risk_level=RiskLevel.NONE)


def _run(
    engine: Engine, port: Port, when: float, output: str | None, exploit: Exploit = BYTERANGE
) -> int | None:
    """A DONE run of `exploit` on the port at `when`, storing `output` if any, then expiring what
    it supersedes, as the recorder does; the id of the stored row."""
    with engine.begin() as connection:
        scan_id = scans.start_scan(connection, "tools_basic", None, when)
        [check] = security_scans.add_security_scans(
            connection, [_security_scan(scan_id, port, exploit, when)]
        )
        stored = None
        if output is not None:
            row = _vulnerability(check, scan_id, port, exploit, when + 1, output)
            [stored] = vulnerabilities.add_vulnerabilities(connection, [row])
        expire_retested(connection, scan_id, port, exploit.id, when)
        return stored


def _security_scan(scan_id: int, port: Port, exploit: Exploit, when: float) -> NewSecurityScan:
    return NewSecurityScan(
        scan_id=scan_id,
        exploit_id=exploit.id,
        node_id=port.node.id,
        port=port.number,
        protocol=int(port.protocol),
        start=when,
        end=when + 1,
        status=CheckStatus.DONE,
    )


def _vulnerability(
    check: int, scan_id: int, port: Port, exploit: Exploit, when: float, output: str
) -> NewVulnerability:
    return NewVulnerability(
        security_scan_id=check,
        scan_id=scan_id,
        exploit_id=exploit.id,
        node_id=port.node.id,
        port=port.number,
        protocol=int(port.protocol),
        output=output,
        time=when,
        risk_level=exploit.risk_level.value,
    )


def _port(engine: Engine, number: int = 5985) -> Port:
    with engine.begin() as connection:
        exploits.sync_exploits(connection, [BYTERANGE, TITLE])
        node_id = nodes.ensure_nodes(connection, ["10.12.2.175"], 0.0)["10.12.2.175"]
    return Port(Node(node_id, ip_address("10.12.2.175")), number, Protocol.TCP)


def _expiry(engine: Engine, vulnerability_id: int | None) -> float | None:
    assert vulnerability_id is not None
    with engine.connect() as connection:
        query = select(vulnerabilities_table.c.expiration_time).where(
            vulnerabilities_table.c.id == vulnerability_id
        )
        return connection.execute(query).scalar()


def test_retest_without_the_finding_expires_it_at_the_retest(engine: Engine) -> None:
    port = _port(engine)
    first = _run(engine, port, 1000.0, "VULNERABLE")
    _run(engine, port, 2000.0, None)
    assert _expiry(engine, first) == 2000.0


def test_retest_that_finds_it_again_keeps_it_current(engine: Engine) -> None:
    port = _port(engine)
    first = _run(engine, port, 1000.0, "VULNERABLE")
    second = _run(engine, port, 2000.0, "VULNERABLE")
    assert _expiry(engine, first) is None and _expiry(engine, second) is None


def test_newer_informational_output_expires_the_older_one(engine: Engine) -> None:
    port = _port(engine)
    first = _run(engine, port, 1000.0, "Welcome to nginx!", TITLE)
    second = _run(engine, port, 2000.0, "Welcome to nginx!", TITLE)
    third = _run(engine, port, 3000.0, "Sign in", TITLE)
    assert (_expiry(engine, first), _expiry(engine, second), _expiry(engine, third)) == (2000.0, 3000.0, None)


def test_a_run_without_informational_output_expires_the_last_one(engine: Engine) -> None:
    port = _port(engine)
    title = _run(engine, port, 1000.0, "Welcome to nginx!", TITLE)
    _run(engine, port, 2000.0, None, TITLE)
    assert _expiry(engine, title) == 2000.0


def test_informational_output_leaves_findings_and_other_ports_alone(engine: Engine) -> None:
    port, other = _port(engine), _port(engine, 8080)
    finding = _run(engine, port, 1000.0, "VULNERABLE")
    elsewhere = _run(engine, other, 1000.0, "Welcome to nginx!", TITLE)
    _run(engine, port, 2000.0, "Sign in", TITLE)
    assert _expiry(engine, finding) is None and _expiry(engine, elsewhere) is None


def test_finding_not_retested_expires_after_the_period(engine: Engine) -> None:
    port = _port(engine)
    found = _run(engine, port, 1000.0, "VULNERABLE")
    with engine.begin() as connection:
        assert expire_untested(connection, now=1000.0 + 6 * DAY, period=7 * DAY) == 0
    assert _expiry(engine, found) is None
    with engine.begin() as connection:
        assert expire_untested(connection, now=1001.0 + 8 * DAY, period=7 * DAY) == 1
    assert _expiry(engine, found) == 1001.0 + 7 * DAY


def test_informational_output_not_retested_expires_after_the_period(engine: Engine) -> None:
    port = _port(engine)
    title = _run(engine, port, 1000.0, "Welcome to nginx!", TITLE)
    with engine.begin() as connection:
        assert expire_untested(connection, now=1001.0 + 8 * DAY, period=7 * DAY) == 1
    assert _expiry(engine, title) == 1001.0 + 7 * DAY


def test_a_retested_finding_does_not_expire_by_age(engine: Engine) -> None:
    port = _port(engine)
    found = _run(engine, port, 1000.0, "VULNERABLE")
    _run(engine, port, 1000.0 + DAY, "VULNERABLE")
    with engine.begin() as connection:
        expire_untested(connection, now=1000.0 + 30 * DAY, period=7 * DAY)
    assert _expiry(engine, found) is None

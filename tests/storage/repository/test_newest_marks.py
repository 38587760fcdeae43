"""Storing reports and port scans marks each finding's newest report and first time, and each
port's newest sighting (what the dashboard's list and overview read), on both backends."""

from sqlalchemy import Engine, select

from aucote.model.exploit import Exploit
from aucote.model.status import CheckStatus, RiskLevel
from aucote.storage.repository import exploits, nodes, port_scans, scans, security_scans, vulnerabilities
from aucote.storage.repository.records import NewPortScan, NewSecurityScan, NewVulnerability
from aucote.storage.tables import port_scans as port_scan_table
from aucote.storage.tables import vulnerabilities as table


def _report(engine: Engine, node: int, scan: int, subids: list[int], when: float) -> list[int]:
    with engine.begin() as connection:
        (check,) = security_scans.add_security_scans(
            connection,
            [NewSecurityScan(scan_id=scan, exploit_id=7, node_id=node, port=22, protocol=6, start=when,
                             end=when, status=CheckStatus.DONE)],
        )  # fmt: skip
        rows = [
            NewVulnerability(security_scan_id=check, scan_id=scan, exploit_id=7, node_id=node, port=22,
                             protocol=6, subid=subid, output="x", time=when, risk_level="High")
            for subid in subids
        ]  # fmt: skip
        return vulnerabilities.add_vulnerabilities(connection, rows)


def test_each_report_replaces_the_newest_one_of_its_finding(engine: Engine) -> None:
    with engine.begin() as connection:
        exploits.sync_exploits(connection, [Exploit(7, "nmap", "x", risk_level=RiskLevel.HIGH)])
        node = nodes.ensure_nodes(connection, ["10.0.0.1"], 0.0)["10.0.0.1"]
        first, second = (scans.start_scan(connection, "tools_basic", None, when) for when in (100.0, 200.0))
    a, b = _report(engine, node, first, [0, 1], 100.0)
    c, d = _report(engine, node, second, [0, 2], 200.0)
    with engine.connect() as connection:
        marks = connection.execute(
            select(table.c.id, table.c.replaced_by, table.c.first_seen).order_by(table.c.id)
        ).all()
    expected = [(a, c, 100.0), (b, None, 100.0), (c, None, 100.0), (d, None, 200.0)]
    assert [tuple(row) for row in marks] == expected


def test_a_sighting_replaces_the_earlier_ones_of_its_port_even_stored_out_of_order(engine: Engine) -> None:
    with engine.begin() as connection:
        node = nodes.ensure_nodes(connection, ["10.0.0.1"], 0.0)["10.0.0.1"]
        old, new = (scans.start_scan(connection, "tcp", 6, when) for when in (100.0, 200.0))
        (late,) = port_scans.add_port_scans(
            connection, [NewPortScan(scan_id=new, node_id=node, port=22, protocol=6, time=200.0)]
        )
        (early,) = port_scans.add_port_scans(
            connection, [NewPortScan(scan_id=old, node_id=node, port=22, protocol=6, time=100.0)]
        )
        marks = connection.execute(
            select(port_scan_table.c.id, port_scan_table.c.replaced_by).order_by(port_scan_table.c.id)
        ).all()
    assert [tuple(row) for row in marks] == [(late, None), (early, late)]

"""Importing real nmap reports (tests/fixtures/nmap/record.py --loopback) stores exactly what they
hold, like a scan; derived variants are edited copies of real recordings, said so in each test."""

import hashlib

import pytest
from sqlalchemy import Engine, Table, select

from aucote.catalog.loader import load_catalog
from aucote.engine.import_window import ImportRefused
from aucote.engine.importer import ImportSummary, ReportFile, import_report
from aucote.storage.tables import (
    changes,
    daily_totals,
    node_scans,
    nodes,
    port_scans,
    scans,
    security_scans,
    vulnerabilities,
)
from aucote.tools.nmap.xml import parse_nmap_xml
from tests.tools.nmap.recorded import raw

MS17_010 = 169
DNS_RECURSION = 113


def store(engine: Engine, data: bytes, now: float = 2_000_000_000.0) -> ImportSummary:
    file = ReportFile(name="report.xml", sha256=hashlib.sha256(data).hexdigest())
    return import_report(engine, parse_nmap_xml(data), load_catalog(), "tools_basic", file=file, now=now)


def edited(name: str, *replacements: tuple[str, str]) -> bytes:
    text = raw(name).decode()
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    return text.encode()


def rows(engine: Engine, table: Table) -> list:  # type: ignore[type-arg]
    with engine.connect() as connection:
        return list(connection.execute(select(table).order_by(*table.primary_key.columns)))


def test_the_same_target_twice_is_one_host(engine: Engine) -> None:
    summary = store(engine, raw("loopback_same_target_twice"))
    assert (summary.hosts, summary.open_ports, summary.security_scans) == (1, 1, 1)
    assert [row.ip for row in rows(engine, nodes)] == ["127.31.0.1"]
    assert [(row.port, row.protocol) for row in rows(engine, port_scans)] == [(8080, 6)]


@pytest.mark.parametrize(
    ("name", "scanners", "hosts"),
    [
        ("loopback_ping_scan", ["tcp"], 2),
        ("loopback_all_closed", ["tcp"], 1),
        ("loopback_udp_open_filtered", ["udp"], 1),
        ("loopback_ip_protocols", ["tcp"], 1),
    ],
)
def test_hosts_up_without_open_ports_are_a_scan_with_node_scans(
    engine: Engine, name: str, scanners: list[str], hosts: int
) -> None:
    summary = store(engine, raw(name))
    assert (list(summary.scan_ids), summary.hosts, summary.open_ports) == (scanners, hosts, 0)
    assert [(row.scanner, row.status) for row in rows(engine, scans)] == [(s, "DONE") for s in scanners]
    assert len(rows(engine, node_scans)) == hosts
    assert rows(engine, port_scans) == []


def test_a_udp_result_lands_on_udp_only(engine: Engine) -> None:
    store(engine, raw("loopback_dns_tcp_udp"))
    assert sorted((row.port, row.protocol) for row in rows(engine, port_scans)) == [(53, 6), (53, 17)]
    checks = [(row.exploit_id, row.port, row.protocol, row.status) for row in rows(engine, security_scans)]
    assert checks == [(DNS_RECURSION, 53, 17, "DONE")]
    found = [(row.port, row.protocol, row.risk_level) for row in rows(engine, vulnerabilities)]
    assert found == [(53, 17, "Medium")]


def test_failing_scripts_are_failed_security_scans_and_no_findings(engine: Engine) -> None:
    summary = store(engine, raw("loopback_mssql_error"))
    assert (summary.security_scans, summary.findings) == (2, 0)
    assert {(row.status, row.reason, row.detail) for row in rows(engine, security_scans)} == {
        ("FAILED", "script_error", "ERROR: Script execution failed (use -d to debug)")
    }
    assert rows(engine, vulnerabilities) == []


def test_a_host_script_is_stored_on_the_port_its_entry_matches(engine: Engine) -> None:
    store(engine, raw("loopback_hostscript"))
    checks = [(row.exploit_id, row.port, row.protocol, row.status) for row in rows(engine, security_scans)]
    assert checks == [(MS17_010, 445, 6, "DONE")]
    assert rows(engine, vulnerabilities) == []


def vulnerable_hostscript(start: str = "1796416000") -> bytes:
    """Derived: the real NOT VULNERABLE host script with its state edited to VULNERABLE and an
    earlier start (what an unpatched host would have printed before it was patched)."""
    return edited(
        "loopback_hostscript",
        ("NOT VULNERABLE", "VULNERABLE"),
        ('start="1796416053"', f'start="{start}"'),
        ('time="1796416056"', 'time="1796416001"'),
    )


def test_a_vulnerable_host_script_is_a_finding_scored_once(engine: Engine) -> None:
    summary = store(engine, vulnerable_hostscript())
    assert summary.findings == 1
    (found,) = rows(engine, vulnerabilities)
    assert (found.exploit_id, found.port, found.cve, found.cvss, found.risk_level) == (
        MS17_010,
        445,
        "CVE-2017-0143",
        None,
        "High",
    )


def test_a_newer_report_expires_superseded_findings_and_records_changes(engine: Engine) -> None:
    store(engine, vulnerable_hostscript())
    store(engine, raw("loopback_hostscript"))
    (found,) = rows(engine, vulnerabilities)
    assert found.expiration_time is not None
    kinds = [(row.kind, row.exploit_id) for row in rows(engine, changes)]
    assert ("vulnerability_disappeared", MS17_010) in kinds


def test_an_import_writes_the_totals_of_the_day_its_report_ended(engine: Engine) -> None:
    store(engine, vulnerable_hostscript())
    totals = [(str(r.day), r.risk_level, r.open, r.opened, r.resolved) for r in rows(engine, daily_totals)]
    assert totals == [
        ("2026-12-04", "High", 1, 1, 0),
        ("2026-12-04", "Low", 0, 0, 0),
        ("2026-12-04", "Medium", 0, 0, 0),
    ]
    store(engine, raw("loopback_hostscript"))
    totals = [(str(r.day), r.risk_level, r.open, r.opened, r.resolved) for r in rows(engine, daily_totals)]
    assert ("2026-12-04", "High", 0, 1, 1) in totals


def test_importing_the_same_file_twice_stores_it_once(engine: Engine) -> None:
    first = store(engine, raw("loopback_dns_tcp_udp"))
    again = store(engine, raw("loopback_dns_tcp_udp"))
    assert (again.already, again.scan_ids) == (True, first.scan_ids)
    assert len(rows(engine, scans)) == len(first.scan_ids) == 3
    assert len(rows(engine, security_scans)) == 1


def test_a_report_nmap_ended_with_an_error_is_failed_scans(engine: Engine) -> None:
    store(engine, raw("loopback_exit_error"))
    ((scanner, status, reason),) = [(r.scanner, r.status, r.reason) for r in rows(engine, scans)]
    assert (scanner, status) == ("tcp", "FAILED")
    assert "'no-such-script' did not match a category" in reason


def test_a_report_without_start_uses_its_finished_time(engine: Engine) -> None:
    """Derived: the real all-closed scan with its start emptied."""
    store(engine, edited("loopback_all_closed", ('start="1796416046"', 'start=""')))
    ((start, end),) = [(row.start, row.end) for row in rows(engine, scans)]
    assert start == end == 1796416046.0


def test_a_report_without_any_time_is_refused_and_nothing_is_stored(engine: Engine) -> None:
    """Derived: the real all-closed scan with its start and finished times emptied."""
    data = edited("loopback_all_closed", ('start="1796416046"', 'start=""'), ('time="1796416046"', 'time=""'))
    with pytest.raises(ImportRefused, match="neither a <nmaprun start> nor a <finished time>"):
        store(engine, data)
    assert rows(engine, scans) == rows(engine, nodes) == []


def test_an_end_before_the_start_is_clamped_to_the_start(engine: Engine) -> None:
    """Derived: the real all-closed scan with its start moved after its end."""
    store(engine, edited("loopback_all_closed", ('start="1796416046"', 'start="1796416999"')))
    ((start, end),) = [(row.start, row.end) for row in rows(engine, scans)]
    assert start == end == 1796416999.0

"""A bulk triage change over the dashboard's filter (SQLite and PostgreSQL) is set-based: over 1,200
exploits on ports it changes each one and audits each one, in a number of statements that grows by
batches of 500 keys, not by key (one statement reads the targets, then each batch of 500 reads its
evidence, upserts its triage rows; the audit entries are one insert)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event, func, select

from aucote.access.audit import Actor
from aucote.api.triage_changes import clear_triage_on, set_triage_on
from aucote.model.exploit import Exploit
from aucote.model.status import CheckStatus, RiskLevel
from aucote.model.triage import TriageDecision, TriageState
from aucote.storage.queries.findings import FindingFilter
from aucote.storage.repository import exploits, nodes, scans, security_scans, vulnerabilities
from aucote.storage.repository.records import NewSecurityScan, NewVulnerability
from aucote.storage.tables import audit_log, triage

NOW = 1_767_225_600.0
EXPLOITS = [Exploit(id=1000 + n, app="nmap", name=f"check-{n}", risk_level=RiskLevel.HIGH) for n in range(4)]
ACTOR = Actor(name="olivia", address="192.0.2.10")
DECISION = TriageDecision(state=TriageState.FIX_PENDING, reason="ticket 7", expires=None, actor="olivia")


def fill(engine: Engine, hosts: int) -> None:
    """`hosts` nodes with 10 ports each, 3 exploits reporting a finding on each port (the fourth
    exploit reports on one port of the first node only): 30 exploits on ports per host, plus one."""
    with engine.begin() as connection:
        exploits.sync_exploits(connection, EXPLOITS)
        ips = [f"10.1.{n // 256}.{n % 256}" for n in range(hosts)]
        node_ids = list(nodes.ensure_nodes(connection, ips, NOW).values())
        scan_id = scans.start_scan(connection, "tools_basic", None, NOW)
        keys = [
            (node, port, exploit.id) for node in node_ids for port in range(1, 11) for exploit in EXPLOITS[:3]
        ]
        keys.append((node_ids[0], 1, EXPLOITS[3].id))
        checks = security_scans.add_security_scans(
            connection,
            [
                NewSecurityScan(scan_id=scan_id, exploit_id=e, node_id=n, port=p, protocol=6,
                                start=NOW, end=NOW + 1, status=CheckStatus.DONE)
                for n, p, e in keys
            ],
        )  # fmt: skip
        vulnerabilities.add_vulnerabilities(
            connection,
            [
                NewVulnerability(security_scan_id=check, scan_id=scan_id, exploit_id=e, node_id=n, port=p,
                                 protocol=6, output=f"VULNERABLE {e}", time=NOW + 1, risk_level="High")
                for check, (n, p, e) in zip(checks, keys, strict=True)
            ],
        )  # fmt: skip


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements the engine runs in the block."""
    statements: list[str] = []

    def note(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", note)


def count(engine: Engine, table: Any) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_bulk_change_over_a_filter_is_set_based(engine: Engine) -> None:
    hosts = 40
    fill(engine, hosts)
    where = FindingFilter(exploit="check-")
    with counted(engine) as small:
        assert set_triage_on(engine, FindingFilter(exploit="check-3"), DECISION, ACTOR, NOW).count == 1
    with counted(engine) as large:
        outcome = set_triage_on(engine, where, DECISION, ACTOR, NOW)
    assert outcome.count == 30 * hosts + 1 == 1201
    assert count(engine, triage) == 1201
    assert count(engine, audit_log) == 1 + 1201
    # 1,200 more keys cost a few statements more (11 against 7 on SQLite): batches of 500, not rows.
    assert len(large) - len(small) <= 3 * 3, large
    assert len(large) < 20, large
    with counted(engine) as clearing:
        assert clear_triage_on(engine, where, ACTOR, NOW).count == 1201
    assert count(engine, triage) == 0
    assert len(clearing) <= len(large), clearing

"""Single-row lookups, counts, history lists and scanner histories."""

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine

from aucote.model.status import CheckReason, CheckStatus, RiskLevel
from aucote.storage.queries import changes, exploits, node_scans, port_scans, scans, security_scans
from aucote.storage.queries import vulnerabilities as findings
from aucote.storage.queries.records import MAX_ID, NodeRef, storable_id
from aucote.storage.queries.scanners import scanner_histories
from aucote.storage.repository import scans as scan_writes
from aucote.storage.repository import security_scans as security_scan_writes
from aucote.storage.repository.records import NewSecurityScan
from tests.support.seed_data import seed

GETTERS: list[Callable[[Any, int], Any]] = [
    scans.get_scan,
    security_scans.get_security_scan,
    findings.get_vulnerability,
    node_scans.get_node_scan,
    port_scans.get_port_scan,
    exploits.get_exploit,
    changes.get_change,
]


@pytest.mark.parametrize("getter", GETTERS)
@pytest.mark.parametrize("row_id", [-1, MAX_ID + 1, 2**64, 123456])
def test_ids_that_name_nothing(engine: Engine, getter: Callable[[Any, int], Any], row_id: int) -> None:
    with engine.connect() as connection:
        assert getter(connection, row_id) is None


def test_storable_ids() -> None:
    assert storable_id(0) and storable_id(MAX_ID)
    assert not storable_id(-1) and not storable_id(MAX_ID + 1)


def test_scan_counts(engine: Engine) -> None:
    seed(engine)
    with engine.connect() as connection:
        summary = scans.get_scan(connection, 942)
    assert summary is not None
    assert (summary.nodes, summary.ports, summary.security_scans, summary.vulnerabilities) == (0, 0, 27, 2)
    assert (summary.scan.scanner, summary.scan.protocol, summary.scan.status) == (
        "tools_advanced",
        None,
        "DONE",
    )


def test_history_is_the_newest_thirty_scans(engine: Engine) -> None:
    seed(engine)
    with engine.begin() as connection:
        for number in range(35):
            scan_id = scan_writes.start_scan(connection, "tools_basic", None, 1600000000.0 + number)
            row = NewSecurityScan(
                scan_id=scan_id, exploit_id=72, node_id=86, port=5985, protocol=6, status=CheckStatus.DONE
            )
            security_scan_writes.add_security_scans(connection, [row])
    with engine.connect() as connection:
        found = security_scans.get_security_scan(connection, 12483)
        assert found is not None
        history = security_scans.scans_of_check(connection, found)
    starts = [scan.start for scan in history]
    assert len(history) == 30
    assert starts == sorted(starts, reverse=True)
    assert starts[0] == 1600000034.0 and starts[-1] == 1600000005.0


def test_scanner_histories(engine: Engine) -> None:
    seed(engine)
    with engine.connect() as connection:
        histories = {history.name: history for history in scanner_histories(connection)}
    assert list(histories) == ["tcp", "tools_advanced", "tools_basic"]
    tcp = histories["tcp"]
    assert (tcp.newest.id, tcp.newest.end, tcp.previous_start) == (950, None, 1508503000.5)
    assert tcp.nodes == [NodeRef(86, "10.12.2.175")]
    advanced = histories["tools_advanced"]
    assert (advanced.newest.id, advanced.previous_start, advanced.nodes) == (942, 1508504400.6845937, [])


def test_no_scans_no_histories(engine: Engine) -> None:
    with engine.connect() as connection:
        assert scanner_histories(connection) == []


def test_a_security_scan_reads_with_its_outcome(engine: Engine) -> None:
    seed(engine)
    with engine.begin() as connection:
        reason, detail = CheckReason.SCRIPT_ERROR, "ERROR: No login credentials"
        security_scan_writes.set_outcome(
            connection, [12482], CheckStatus.FAILED, reason=reason, detail=detail
        )
    with engine.connect() as connection:
        failed = security_scans.get_security_scan(connection, 12482)
        done = security_scans.get_security_scan(connection, 12483)
    assert failed is not None and done is not None
    assert (failed.status, failed.reason, failed.detail) == ("FAILED", "script_error", detail)
    assert (done.status, done.reason, done.detail) == ("DONE", None, None)


def test_risk_levels_at_or_above() -> None:
    assert findings.at_or_above(RiskLevel.NONE) == ["None", "Low", "Medium", "High"]
    assert findings.at_or_above(RiskLevel.LOW) == ["Low", "Medium", "High"]
    assert findings.at_or_above(RiskLevel.HIGH) == ["High"]

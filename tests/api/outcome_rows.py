"""Rows beside the seed for the outcome and risk filters: security scans of scan 942 (exploit 140
on 10.12.2.176) that did not end as a plain DONE, and two findings below Medium. Stored through the
repository write functions, after `seed`, so the seed's own rows keep their ids and order.

    13001 FAILED    script_error        8101  1.25 s
    13002 TIMEOUT   timeout             8102  60 s
    13003 SKIPPED   intrusive_disabled  8103  never started
    13004 SKIPPED   tool_missing        8104  never started
    13005 CANCELLED cancelled           8105  started, never ended
    13006 DONE      -                   8106  finding 600, risk None (informational)
    13007 DONE      -                   8107  finding 601, risk Low"""

from sqlalchemy import Engine

from aucote.model.status import CheckReason, CheckStatus
from aucote.storage.repository import security_scans
from aucote.storage.repository import vulnerabilities as findings
from aucote.storage.repository.records import NewSecurityScan, NewVulnerability

TCP = 6
SCAN, EXPLOIT, NODE = 942, 140, 87
START = 1508504402.0
SCRIPT_ERROR = "ERROR: Script execution failed (use -d to debug)"
# id, status, reason, detail, start, end
OUTCOMES = [
    (13001, CheckStatus.FAILED, CheckReason.SCRIPT_ERROR, SCRIPT_ERROR, START, START + 1.25),
    (13002, CheckStatus.TIMEOUT, CheckReason.TIMEOUT, "nmap ran out of its 60s", START, START + 60),
    (13003, CheckStatus.SKIPPED, CheckReason.INTRUSIVE_DISABLED, "intrusive checks are off", None, None),
    (13004, CheckStatus.SKIPPED, CheckReason.TOOL_MISSING, "hydra is not installed", None, None),
    (13005, CheckStatus.CANCELLED, CheckReason.CANCELLED, "the scan was stopped", START, None),
    (13006, CheckStatus.DONE, None, None, START, START + 2),
    (13007, CheckStatus.DONE, None, None, START, START + 3),
]
OUTCOME_IDS = [row[0] for row in OUTCOMES]


def add_outcomes(engine: Engine) -> None:
    """Store the rows above in one transaction."""
    with engine.begin() as connection:
        security_scans.add_security_scans(connection, [_security_scan(*row) for row in OUTCOMES])
        findings.add_vulnerabilities(connection, [_finding(600, 13006, "None"), _finding(601, 13007, "Low")])


def _security_scan(
    row_id: int,
    status: CheckStatus,
    reason: CheckReason | None,
    detail: str | None,
    start: float | None,
    end: float | None,
) -> NewSecurityScan:
    return NewSecurityScan(
        scan_id=SCAN,
        exploit_id=EXPLOIT,
        node_id=NODE,
        port=row_id - 4900,
        protocol=TCP,
        start=start,
        end=end,
        status=status,
        reason=reason,
        detail=detail,
        id=row_id,
    )


def _finding(row_id: int, security_scan_id: int, risk: str) -> NewVulnerability:
    return NewVulnerability(
        security_scan_id=security_scan_id,
        scan_id=SCAN,
        exploit_id=EXPLOIT,
        node_id=NODE,
        port=security_scan_id - 4900,
        protocol=TCP,
        output="X-Frame-Options: missing" if risk == "Low" else "Server: nginx/1.24.0",
        time=START + 10,
        risk_level=risk,
        id=row_id,
    )

"""A host's page: first and last sighting, its ports with their history, its current findings and
informational output, the freshness grid (the newest run of every check on every port) and its
timeline of changes; each check of the grid with when it is next due (`aucote.web.due`)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from ipaddress import ip_address

from sqlalchemy import Connection

from aucote.live.views import ScannerView
from aucote.model.status import RiskLevel
from aucote.storage.queries.changes import ChangeFilter, list_changes
from aucote.storage.queries.due_facts import due_facts
from aucote.storage.queries.findings import FindingFilter, FindingRow, FindingSort, list_findings
from aucote.storage.queries.freshness import CheckFreshness, freshness
from aucote.storage.queries.host_state import host_scans, previous_of
from aucote.storage.queries.hosts import HostRow, get_host
from aucote.storage.queries.paging import Window
from aucote.storage.queries.ports import PortHistory, port_history
from aucote.storage.queries.records import ScanRow
from aucote.web.changes import ChangeLine, change_line
from aucote.web.due import CheckKey, DueClock, NextDue
from aucote.web.serving import Missing

FINDINGS = 200
TIMELINE = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class HostView:
    """What the host page shows."""

    host: HostRow
    ports: list[PortHistory]
    findings: list[FindingRow]
    informational: list[FindingRow]
    grid: list[CheckFreshness]
    due: Mapping[int, NextDue]
    """The next due of each check of the grid, by its security scan id."""
    timeline: list[ChangeLine]
    scans: list[ScanRow]
    """The scans that recorded the host, newest first (to compare two of them)."""

    @property
    def compare_from(self) -> ScanRow | None:
        """The scan the newest is compared with by default: the previous one of its scanner, else
        the one before it."""
        if not self.scans:
            return None
        return previous_of(self.scans, self.scans[0]) or self.scans[min(1, len(self.scans) - 1)]


def host_view(connection: Connection, address: str, views: Sequence[ScannerView], now: float) -> HostView:
    """The page of the host at `address` (Missing when no host has it), with the next due of its
    checks by the scanners' `views`."""
    host = find_host(connection, address)
    grid = freshness(connection, host.id)
    where = FindingFilter(node_ip=host.ip)
    informational = FindingFilter(node_ip=host.ip, risk=RiskLevel.NONE)
    changes = list_changes(connection, ChangeFilter(node_id=host.id), Window(TIMELINE, 0))
    return HostView(
        host=host,
        ports=port_history(connection, host.id),
        findings=list_findings(connection, where, FindingSort.RISK, None, FINDINGS).rows,
        informational=list_findings(connection, informational, FindingSort.HOST, None, FINDINGS).rows,
        grid=grid,
        due=_due(connection, host.id, grid, views, now),
        timeline=[change_line(change) for change in changes.rows],
        scans=host_scans(connection, host.id),
    )


def _due(
    connection: Connection, node_id: int, grid: list[CheckFreshness], views: Sequence[ScannerView], now: float
) -> dict[int, NextDue]:
    clock = DueClock(views, due_facts(connection, node_id), now)
    return {
        check.security_scan_id: clock.next_due(
            CheckKey(scanner=check.scanner, protocol=check.protocol, port=check.port)
        )
        for check in grid
    }


def find_host(connection: Connection, address: str) -> HostRow:
    """The host at `address` (Missing when no host has it)."""
    try:
        normal = str(ip_address(address))
    except ValueError:
        raise Missing(f"Host {address}") from None
    host = get_host(connection, normal)
    if host is None:
        raise Missing(f"Host {address}")
    return host

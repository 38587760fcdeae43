"""A host's page: first and last sighting, its ports with their history, its current findings and
informational output, the freshness grid (the newest run of every check on every port) and its
timeline of changes."""

from dataclasses import dataclass
from ipaddress import ip_address

from sqlalchemy import Connection

from aucote.model.status import RiskLevel
from aucote.storage.queries.changes import ChangeFilter, list_changes
from aucote.storage.queries.findings import FindingFilter, FindingRow, FindingSort, list_findings
from aucote.storage.queries.freshness import CheckFreshness, freshness
from aucote.storage.queries.hosts import HostRow, get_host
from aucote.storage.queries.node_scans import scans_of_node
from aucote.storage.queries.paging import Window
from aucote.storage.queries.ports import PortHistory, port_history
from aucote.storage.queries.records import ScanRow
from aucote.web.changes import ChangeLine, change_line
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
    timeline: list[ChangeLine]
    scans: list[ScanRow]


def host_view(connection: Connection, address: str) -> HostView:
    """The page of the host at `address` (Missing when no host has it)."""
    host = _host(connection, address)
    where = FindingFilter(node_ip=host.ip)
    informational = FindingFilter(node_ip=host.ip, risk=RiskLevel.NONE)
    changes = list_changes(connection, ChangeFilter(node_id=host.id), Window(TIMELINE, 0))
    return HostView(
        host=host,
        ports=port_history(connection, host.id),
        findings=list_findings(connection, where, FindingSort.RISK, None, FINDINGS).rows,
        informational=list_findings(connection, informational, FindingSort.HOST, None, FINDINGS).rows,
        grid=freshness(connection, host.id),
        timeline=[change_line(change) for change in changes.rows],
        scans=scans_of_node(connection, host.id),
    )


def _host(connection: Connection, address: str) -> HostRow:
    try:
        normal = str(ip_address(address))
    except ValueError:
        raise Missing(f"Host {address}") from None
    host = get_host(connection, normal)
    if host is None:
        raise Missing(f"Host {address}")
    return host

"""A scan's outcomes: how many of its checks ended in each status and reason, and the checks that
did not end as a plain DONE (newest first), for the scan's page."""

from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from aucote.model.status import CheckStatus
from aucote.storage.queries.paging import Page, Window
from aucote.storage.queries.security_scans import SecurityScanFilter, SecurityScanRow, list_security_scans
from aucote.storage.queries.targets import TargetFilter
from aucote.storage.tables import security_scans


@dataclass(frozen=True, slots=True, kw_only=True)
class OutcomeCount:
    """How many checks of a scan ended with this status and reason."""

    status: str
    reason: str | None
    count: int


def outcome_counts(connection: Connection, scan_id: int) -> list[OutcomeCount]:
    """The scan's checks per status and reason, most frequent first."""
    table = security_scans
    count = func.count()
    statement = (
        select(table.c.status, table.c.reason, count)
        .where(table.c.scan_id == scan_id)
        .group_by(table.c.status, table.c.reason)
        .order_by(count.desc(), table.c.status, table.c.reason)
    )
    return [OutcomeCount(status=s, reason=r, count=n) for s, r, n in connection.execute(statement)]


def checks_with_status(
    connection: Connection, scan_id: int, status: CheckStatus, window: Window
) -> Page[SecurityScanRow]:
    """The scan's checks that ended with `status`, in insertion order."""
    where = SecurityScanFilter(TargetFilter(scan_id=scan_id), status.value)
    return list_security_scans(connection, where, window)

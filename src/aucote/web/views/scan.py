"""A scan's page: its summary and counts, how many checks ended in each status and reason, and the
checks of one status (FAILED first, then any other status not DONE), paged."""

from dataclasses import dataclass

from sqlalchemy import Connection

from aucote.model.status import CheckStatus
from aucote.storage.queries.outcomes import OutcomeCount, checks_with_status, outcome_counts
from aucote.storage.queries.paging import Window
from aucote.storage.queries.records import storable_id
from aucote.storage.queries.scans import ScanSummary, get_scan
from aucote.storage.queries.security_scans import SecurityScanRow
from aucote.web.params import ScanQuery
from aucote.web.serving import Missing
from aucote.web.urls import href

ROWS = 100
PREFERRED = (CheckStatus.FAILED, CheckStatus.TIMEOUT, CheckStatus.CANCELLED, CheckStatus.SKIPPED)


@dataclass(frozen=True, slots=True, kw_only=True)
class ScanView:
    """What the scan page shows."""

    summary: ScanSummary
    outcomes: list[OutcomeCount]
    status: CheckStatus
    checks: list[SecurityScanRow]
    next_page: str | None
    previous_page: str | None


def scan_view(connection: Connection, scan_id: int, query: ScanQuery, prefix: str) -> ScanView:
    """The page of scan `scan_id` (Missing when there is none)."""
    summary = get_scan(connection, scan_id) if storable_id(scan_id) else None
    if summary is None:
        raise Missing(f"Scan {scan_id}")
    outcomes = outcome_counts(connection, scan_id)
    status = CheckStatus(query.status) if query.status else shown_status(outcomes)
    page = checks_with_status(connection, scan_id, status, Window(ROWS, query.page))

    def link(number: int) -> str:
        return href(prefix, f"/scans/{scan_id}", {"status": status.value, "page": number})

    return ScanView(
        summary=summary,
        outcomes=outcomes,
        status=status,
        checks=page.rows,
        next_page=link(query.page + 1) if page.has_next else None,
        previous_page=link(query.page - 1) if query.page else None,
    )


def shown_status(outcomes: list[OutcomeCount]) -> CheckStatus:
    """The status listed when none is asked for: the first of FAILED, TIMEOUT, CANCELLED, SKIPPED
    that the scan has, else DONE."""
    present = {outcome.status for outcome in outcomes}
    return next((status for status in PREFERRED if status.value in present), CheckStatus.DONE)

"""Security scans."""

from aucote.api.links import Links
from aucote.api.render.common import exploit_ref, port, scan, scans
from aucote.api.schemas.common import Meta
from aucote.api.schemas.security_scans import Outcome, SecurityScan, SecurityScanDetail
from aucote.api.times import maybe_human, maybe_number
from aucote.storage.queries.records import ScanRow
from aucote.storage.queries.security_scans import SecurityScanRow


def security_scan(row: SecurityScanRow, links: Links, *, with_outcome: bool = False) -> SecurityScan:
    """A security scan as listed, with its outcome when asked for."""
    return SecurityScan(
        id=row.id,
        url=links.item("sec_scan", row.id),
        port=port(row.node, row.port, row.protocol),
        scan=scan(row.scan, links),
        scan_end=maybe_number(row.end),
        scan_end_human=maybe_human(row.end),
        scan_start=maybe_number(row.start),
        scan_start_human=maybe_human(row.start),
        exploit=exploit_ref(row.exploit),
        outcome=outcome(row) if with_outcome else None,
    )


def outcome(row: SecurityScanRow) -> Outcome:
    """Status, reason code, detail and duration (end - start, None unless both are known)."""
    duration = None if row.start is None or row.end is None else maybe_number(row.end - row.start)
    body = {"status": row.status, "reason": row.reason, "detail": row.detail, "duration": duration}
    return Outcome.model_validate(body)


def security_scan_detail(
    row: SecurityScanRow, history: list[ScanRow], links: Links, meta: Meta, *, with_outcome: bool = False
) -> SecurityScanDetail:
    """A security scan (with its outcome when asked for), its scan's URL and the last scans that
    ran the same check."""
    return SecurityScanDetail(
        **dict(security_scan(row, links, with_outcome=with_outcome)),
        scan_url=links.item("scan", row.scan.id),
        scans=scans(history, links),
        meta=meta,
    )

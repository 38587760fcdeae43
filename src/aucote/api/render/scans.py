"""Scans."""

from aucote.api.links import Links
from aucote.api.render.common import scan
from aucote.api.schemas.common import Meta
from aucote.api.schemas.scans import ScanDetail
from aucote.storage.queries.scans import ScanSummary


def scan_detail(summary: ScanSummary, links: Links, meta: Meta) -> ScanDetail:
    """A scan with its status, counts and links to the filtered lists of its rows."""
    scan_id = summary.scan.id
    return ScanDetail(
        **dict(scan(summary.scan, links)),
        status=summary.scan.status,
        nodes=summary.nodes,
        ports=summary.ports,
        security_scans=summary.security_scans,
        vulnerabilities=summary.vulnerabilities,
        nodes_url=links.listing("nodes", scan_id=scan_id),
        ports_url=links.listing("ports", scan_id=scan_id),
        security_scans_url=links.listing("sec_scans", scan_id=scan_id),
        vulnerabilities_url=links.listing("vulnerabilities", scan_id=scan_id),
        meta=meta,
    )

"""Node scans."""

from aucote.api.links import Links
from aucote.api.render.common import scan, scans
from aucote.api.schemas.common import Meta
from aucote.api.schemas.node_scans import NodeScan, NodeScanDetail
from aucote.storage.queries.node_scans import NodeScanRow
from aucote.storage.queries.records import ScanRow


def node_scan(row: NodeScanRow, links: Links) -> NodeScan:
    """A node scan as listed: the scan is named by its scanner."""
    return NodeScan(
        id=row.id, url=links.item("node", row.id), node_id=row.node.id, ip=row.node.ip, scan=row.scan.scanner
    )


def node_scan_detail(row: NodeScanRow, history: list[ScanRow], links: Links, meta: Meta) -> NodeScanDetail:
    """A node scan with its scan and the last scans of the node."""
    return NodeScanDetail(
        id=row.id,
        url=links.item("node", row.id),
        node_id=row.node.id,
        ip=row.node.ip,
        scan=scan(row.scan, links),
        scans=scans(history, links),
        meta=meta,
    )

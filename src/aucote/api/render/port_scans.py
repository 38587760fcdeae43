"""Port scans."""

from aucote.api.links import Links
from aucote.api.render.common import node, port, protocol_name, scan, scans
from aucote.api.schemas.common import Meta
from aucote.api.schemas.port_scans import PortScan, PortScanDetail, Service
from aucote.api.times import human, number
from aucote.storage.queries.port_scans import PortScanRow, ServiceRow
from aucote.storage.queries.records import ScanRow


def port_scan(row: PortScanRow, links: Links) -> PortScan:
    """A port scan as listed: the scan is named by its scanner."""
    return PortScan(
        id=row.id,
        url=links.item("port", row.id),
        port=port(row.node, row.port, row.protocol),
        timestamp=number(row.time),
        timestamp_human=human(row.time),
        scan=row.scan.scanner,
    )


def port_scan_detail(row: PortScanRow, history: list[ScanRow], links: Links, meta: Meta) -> PortScanDetail:
    """A port scan with its service, scan and the last scans that found the port open."""
    return PortScanDetail(
        id=row.id,
        url=links.item("port", row.id),
        timestamp=number(row.time),
        timestamp_human=human(row.time),
        port_number=row.port,
        protocol=protocol_name(row.protocol),
        node=node(row.node),
        service=None if row.service is None else service(row.service),
        scan=scan(row.scan, links),
        scans=scans(history, links),
        meta=meta,
    )


def service(row: ServiceRow) -> Service:
    """What service detection found."""
    return Service(name=row.name, product=row.product, version=row.version, cpe=row.cpe, banner=row.banner)

"""Port scans (`/ports`): a port found open in a scan."""

from aucote.api.schemas.common import Meta, Navigation, Node, Number, Port, Scan, Schema


class PortScan(Schema):
    """A port scan in a list; `scan` is the scanner's name."""

    id: int
    url: str
    port: Port
    timestamp: Number
    timestamp_human: str
    scan: str


class PortScanList(Schema):
    """A page of port scans, newest first."""

    ports: list[PortScan]
    navigation: Navigation
    meta: Meta


class Service(Schema):
    """What service detection found on the port."""

    name: str | None
    product: str | None
    version: str | None
    cpe: str | None
    banner: str | None


class PortScanDetail(Schema):
    """A port scan with its service, scan and the last 30 scans that found the port open."""

    id: int
    url: str
    timestamp: Number
    timestamp_human: str
    port_number: int
    protocol: str
    node: Node
    service: Service | None
    scan: Scan
    scans: list[Scan]
    meta: Meta

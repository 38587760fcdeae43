"""Node scans (`/nodes`): a node covered by a scan."""

from aucote.api.schemas.common import Meta, Navigation, Scan, Schema


class NodeScan(Schema):
    """A node scan in a list; `scan` is the scanner's name."""

    id: int
    url: str
    node_id: int
    ip: str
    scan: str


class NodeScanList(Schema):
    """A page of node scans, newest first."""

    nodes: list[NodeScan]
    navigation: Navigation
    meta: Meta


class NodeScanDetail(Schema):
    """A node scan with its scan and the last 30 scans of the same node."""

    id: int
    url: str
    node_id: int
    ip: str
    scan: Scan
    scans: list[Scan]
    meta: Meta

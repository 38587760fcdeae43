"""Scans."""

from aucote.api.schemas.common import Meta, Navigation, Scan, Schema


class ScanList(Schema):
    """A page of scans, newest first."""

    scans: list[Scan]
    navigation: Navigation
    meta: Meta


class ScanDetail(Scan):
    """A scan with its status, how many rows of each kind it recorded, and links to them."""

    status: str
    nodes: int
    ports: int
    security_scans: int
    vulnerabilities: int
    nodes_url: str
    ports_url: str
    security_scans_url: str
    vulnerabilities_url: str
    meta: Meta

"""Security scans (the seed documents)."""

from aucote.api.schemas.common import ExploitRef, Meta, Navigation, Number, Port, Scan, Schema


class SecurityScan(Schema):
    """One exploit run against one port in one scan."""

    id: int
    url: str
    port: Port
    scan: Scan
    scan_end: Number | None
    scan_end_human: str | None
    scan_start: Number | None
    scan_start_human: str | None
    exploit: ExploitRef


class SecurityScanList(Schema):
    """A page of security scans."""

    security_scans: list[SecurityScan]
    navigation: Navigation
    meta: Meta


class SecurityScanDetail(SecurityScan):
    """A security scan with the last 30 scans that ran the same exploit on the same port."""

    scan_url: str
    scans: list[Scan]
    meta: Meta

"""Vulnerabilities: findings of security scans."""

from aucote.api.schemas.common import ExploitRef, Meta, Navigation, Number, Port, Scan, Schema


class Vulnerability(Schema):
    """A finding; in lists `output` holds its first 100 characters. `expired` is when a later run
    of the same exploit on the same port superseded it (null while current)."""

    id: int
    url: str
    port: Port
    scan: Scan
    exploit: ExploitRef
    output: str
    cve: str | None
    cvss: Number | None
    risk_level: str
    time: Number
    time_human: str
    expired: Number | None
    expired_human: str | None


class VulnerabilityList(Schema):
    """A page of findings."""

    vulnerabilities: list[Vulnerability]
    navigation: Navigation
    meta: Meta


class VulnerabilityDetail(Vulnerability):
    """A finding with its whole output, its security scan and the last 30 scans in which the same
    exploit reported on the same port."""

    security_scan_url: str
    scans: list[Scan]
    meta: Meta

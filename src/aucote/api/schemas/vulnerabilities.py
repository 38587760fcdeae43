"""Vulnerabilities: findings of security scans, and the triage a client can ask for with
`include=triage` (absent otherwise, so the bodies stay as they were)."""

from pydantic import MISSING

from aucote.api.schemas.common import ExploitRef, Meta, Navigation, Number, Port, Scan, Schema
from aucote.api.schemas.triage import Triage


class Vulnerability(Schema):
    """A finding; in lists `output` holds its first 100 characters. `expired` is when a later run
    of the same exploit on the same port superseded it (null while current). `triage` only with
    `include=triage`: the triage applying to it, null when none."""

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
    triage: Triage | MISSING | None = MISSING


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

"""Rows the scanner hands to storage. `id` is normally None (assigned by the database); fixtures and
imports may set it to keep known identifiers."""

from dataclasses import dataclass

from aucote.model.status import CheckReason, CheckStatus
from aucote.model.target import Service


@dataclass(frozen=True, slots=True, kw_only=True)
class NewSecurityScan:
    """One exploit planned or run against one port in one scan."""

    scan_id: int
    exploit_id: int
    node_id: int
    port: int
    protocol: int
    start: float | None = None
    end: float | None = None
    status: CheckStatus = CheckStatus.QUEUED
    reason: CheckReason | None = None
    detail: str | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NewVulnerability:
    """A finding of a security scan; port, node, scan and exploit are copied for filtering."""

    security_scan_id: int
    scan_id: int
    exploit_id: int
    node_id: int
    port: int
    protocol: int
    output: str
    time: float
    subid: int = 0
    cve: str | None = None
    cvss: float | None = None
    risk_level: str = "None"
    expiration_time: float | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class NewPortScan:
    """A port found open on a node in a scan, with the service detected there (if any yet)."""

    scan_id: int
    node_id: int
    port: int
    protocol: int
    time: float
    service: Service | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class NewChange:
    """A difference between a scan and the previous scan of the same scanner."""

    scan_id: int
    node_id: int
    kind: str
    time: float
    previous_scan_id: int | None = None
    port: int | None = None
    protocol: int | None = None
    exploit_id: int | None = None
    previous_value: str | None = None
    current_value: str | None = None

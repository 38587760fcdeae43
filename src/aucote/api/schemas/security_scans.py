"""Security scans (the seed documents), and the outcome a client can ask for with
`include=outcome` (absent otherwise, so the seed's bodies stay as they are)."""

from pydantic import Field
from pydantic.json_schema import SkipJsonSchema

from aucote.api.params import CheckStatusName, ReasonCode
from aucote.api.schemas.common import ExploitRef, Meta, Navigation, Number, Port, Scan, Schema


class Outcome(Schema):
    """How the check ended: its status, why it is not a plain DONE (a code, null when none), free
    detail text and its duration in seconds (end - start; null until both are known)."""

    status: CheckStatusName
    reason: ReasonCode | None
    detail: str | None
    duration: Number | None


class SecurityScan(Schema):
    """One exploit run against one port in one scan; `outcome` only with `include=outcome`."""

    id: int
    url: str
    port: Port
    scan: Scan
    scan_end: Number | None
    scan_end_human: str | None
    scan_start: Number | None
    scan_start_human: str | None
    exploit: ExploitRef
    outcome: Outcome | SkipJsonSchema[None] = Field(default=None, exclude_if=lambda value: value is None)


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

"""Scanners and the task queue (live state of the service)."""

from typing import Literal

from aucote.api.schemas.common import Meta, Number, Schema


class ScannerLink(Schema):
    """A scanner in the list; `display_name` is its configured `name` (null when none)."""

    name: str
    display_name: str | None
    url: str


class ScannerList(Schema):
    """Every configured scanner."""

    scanners: list[ScannerLink]
    meta: Meta


class ScannerEngines(Schema):
    """The port-scan engines a scanner uses per address family."""

    IPv4: list[str]
    IPv6: list[str]


class ScannerDetail(Schema):
    """A scanner's state: its current, previous and next run and the nodes of the current/last;
    `display_name` is its configured `name` (null when none)."""

    scan: str
    display_name: str | None
    enabled: bool
    scan_type: Literal["LIVE", "PERIODIC"]
    current_scan: Number | None
    current_scan_human: str | None
    previous_scan: Number | None
    previous_scan_human: str | None
    next_scan: Number | None
    next_scan_human: str | None
    scanners: ScannerEngines
    status: Literal["IDLE", "IN PROGRESS"]
    nodes: list[str]
    meta: Meta


class Workers(Schema):
    """The workers and what each is running."""

    count: int
    jobs: list[str]


class Tasks(Schema):
    """The task queue."""

    unfinished_tasks: int
    queue: list[str]
    workers: Workers
    meta: Meta

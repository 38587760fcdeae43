"""Changes: differences between a scan and the previous scan of the same scanner."""

from aucote.api.schemas.common import ExploitRef, Meta, Navigation, Node, Number, Scan, Schema


class Change(Schema):
    """A change; port, protocol and exploit are null when they do not apply."""

    id: int
    url: str
    kind: str
    time: Number
    time_human: str
    scan: Scan
    previous_scan_url: str | None
    node: Node
    port_number: int | None
    protocol: str | None
    exploit: ExploitRef | None
    previous_value: str | None
    current_value: str | None


class ChangeList(Schema):
    """A page of changes, newest first."""

    changes: list[Change]
    navigation: Navigation
    meta: Meta


class ChangeDetail(Change):
    """One change."""

    meta: Meta

"""The filter shared by security scans and vulnerabilities: which node, port, exploit, scan."""

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import ColumnElement, Table

from aucote.storage.queries.filters import equal_to, time_window
from aucote.storage.tables import exploits, nodes, scans


@dataclass(frozen=True, slots=True)
class TargetFilter:
    """Rows of one node, port, exploit, scan or scanner, in a time window; None means any."""

    node_ip: str | None = None
    node_id: int | None = None
    port: int | None = None
    protocol: int | None = None
    exploit_id: int | None = None
    exploit_app: str | None = None
    exploit_name: str | None = None
    scan_id: int | None = None
    scanner: str | None = None
    since: float | None = None
    until: float | None = None

    def is_empty(self) -> bool:
        """Whether nothing is filtered."""
        return all(getattr(self, field.name) is None for field in fields(self))


def target_conditions(
    target: TargetFilter, table: Table, time: ColumnElement[Any]
) -> list[ColumnElement[bool]]:
    """Conditions on `table` (joined to nodes, exploits and scans); the window applies to `time`."""
    conditions = equal_to(
        [
            (nodes.c.ip, target.node_ip),
            (table.c.node_id, target.node_id),
            (table.c.port, target.port),
            (table.c.protocol, target.protocol),
            (table.c.exploit_id, target.exploit_id),
            (exploits.c.app, target.exploit_app),
            (exploits.c.name, target.exploit_name),
            (table.c.scan_id, target.scan_id),
            (scans.c.scanner, target.scanner),
        ]
    )
    return conditions + time_window(time, target.since, target.until)

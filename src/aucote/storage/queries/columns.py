"""Column selections for the parts embedded in many responses (scan, node, exploit), labelled so
they can share a statement with the main table, and the readers turning them back into records."""

from typing import Any

from sqlalchemy import Label, Row

from aucote.storage.queries.records import ExploitRef, NodeRef, ScanRow
from aucote.storage.tables import exploits, nodes, scans


def scan_columns() -> list[Label[Any]]:
    """The owning scan's columns, labelled scan_*."""
    return [
        scans.c.id.label("scan_id"),
        scans.c.scanner.label("scan_scanner"),
        scans.c.protocol.label("scan_protocol"),
        scans.c.start.label("scan_start"),
        scans.c.end.label("scan_end"),
        scans.c.status.label("scan_status"),
    ]


def read_scan(row: Row[Any]) -> ScanRow:
    """The scan selected by `scan_columns`."""
    return ScanRow(
        row.scan_id, row.scan_scanner, row.scan_protocol, row.scan_start, row.scan_end, row.scan_status
    )


def node_columns() -> list[Label[Any]]:
    """The node's columns, labelled node_*."""
    return [nodes.c.id.label("node_id"), nodes.c.ip.label("node_ip")]


def read_node(row: Row[Any]) -> NodeRef:
    """The node selected by `node_columns`."""
    return NodeRef(row.node_id, row.node_ip)


def exploit_columns() -> list[Label[Any]]:
    """The exploit's identifying columns, labelled exploit_*."""
    return [
        exploits.c.id.label("exploit_id"),
        exploits.c.app.label("exploit_app"),
        exploits.c.name.label("exploit_name"),
    ]


def read_exploit(row: Row[Any]) -> ExploitRef:
    """The exploit selected by `exploit_columns`."""
    return ExploitRef(row.exploit_id, row.exploit_app, row.exploit_name)

"""A host's ports: which are open now (found by the newest scan of their protocol that covered the
host) and the history of every port ever seen (first and last sighting, newest service)."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, func, select

from aucote.storage.queries.port_scans import ServiceRow
from aucote.storage.tables import node_scans, port_scans, scans


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenPort:
    """A port found open by the newest port scan of its protocol, with its service name."""

    port: int
    protocol: int
    service: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PortHistory:
    """A port ever seen on a host: first and last sighting, its newest service, open now or not."""

    port: int
    protocol: int
    first_seen: float
    last_seen: float
    service: ServiceRow | None
    open: bool


def newest_port_scans(node_ids: list[int]) -> Any:
    """Per node and protocol, the newest scan (of a port scanner) that covered the node:
    (node_id, protocol, scan_id)."""
    ranked = (
        select(
            node_scans.c.node_id,
            scans.c.protocol,
            node_scans.c.scan_id,
            func.row_number()
            .over(
                partition_by=(node_scans.c.node_id, scans.c.protocol),
                order_by=(node_scans.c.time.desc(), node_scans.c.id.desc()),
            )
            .label("rank"),
        )
        .join(scans, scans.c.id == node_scans.c.scan_id)
        .where(node_scans.c.node_id.in_(node_ids), scans.c.protocol.is_not(None))
        .subquery()
    )
    return select(ranked.c.node_id, ranked.c.protocol, ranked.c.scan_id).where(ranked.c.rank == 1).subquery()


def open_ports(connection: Connection, node_ids: list[int]) -> dict[int, list[OpenPort]]:
    """Per node, its open ports by protocol and number."""
    if not node_ids:
        return {}
    newest = newest_port_scans(node_ids)
    statement = (
        select(port_scans.c.node_id, port_scans.c.port, port_scans.c.protocol, port_scans.c.service_name)
        .join(
            newest,
            and_(
                newest.c.node_id == port_scans.c.node_id,
                newest.c.protocol == port_scans.c.protocol,
                newest.c.scan_id == port_scans.c.scan_id,
            ),
        )
        .order_by(port_scans.c.node_id, port_scans.c.protocol, port_scans.c.port)
    )
    found: dict[int, list[OpenPort]] = defaultdict(list)
    for node_id, port, protocol, service in connection.execute(statement):
        found[node_id].append(OpenPort(port=port, protocol=protocol, service=service))
    return dict(found)


def port_history(connection: Connection, node_id: int) -> list[PortHistory]:
    """Every port ever seen on the node, by protocol and number."""
    table = port_scans
    key = (table.c.protocol, table.c.port)
    ranked = select(
        *key,
        func.min(table.c.time).over(partition_by=key).label("first_seen"),
        func.max(table.c.time).over(partition_by=key).label("last_seen"),
        *(table.c[f"service_{name}"] for name in ("name", "product", "version", "cpe", "banner")),
        func.row_number().over(partition_by=key, order_by=_newest_service_first()).label("rank"),
    ).where(table.c.node_id == node_id)
    newest = ranked.subquery()
    rows = connection.execute(select(newest).where(newest.c.rank == 1))
    now_open = {(port.protocol, port.port) for port in open_ports(connection, [node_id]).get(node_id, [])}
    return sorted(
        (_history(row, (row.protocol, row.port) in now_open) for row in rows),
        key=lambda port: (port.protocol, port.port),
    )


def _newest_service_first() -> tuple[Any, ...]:
    """The newest sighting with a detected service first, then the newest."""
    table = port_scans
    return (table.c.service_name.is_(None), table.c.time.desc(), table.c.id.desc())


def _history(row: Any, is_open: bool) -> PortHistory:
    found = (row.service_name, row.service_product, row.service_version, row.service_cpe, row.service_banner)
    service = None if all(value is None for value in found) else ServiceRow(*found)
    return PortHistory(
        port=row.port,
        protocol=row.protocol,
        first_seen=row.first_seen,
        last_seen=row.last_seen,
        service=service,
        open=is_open,
    )

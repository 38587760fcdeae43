"""Hosts (nodes) as the dashboard lists them: searched by address, network, a port, service or
product seen on them, or a CVE among their current findings; sorted by address and id and paged by
keyset. Each with its first and last sighting, its open ports and its current findings by risk."""

from collections import defaultdict
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, Select, exists, false, func, literal_column, select

from aucote.model.status import RiskLevel
from aucote.storage.queries.keyset import Cursor, KeysetPage, Order, keyset, page_of
from aucote.storage.queries.nodes import node_ids_in
from aucote.storage.queries.ports import OpenPort, open_ports
from aucote.storage.tables import node_scans, nodes, port_scans, vulnerabilities

Network = IPv4Network | IPv6Network
INFORMATIONAL = RiskLevel.NONE.value
ORDER = Order((nodes.c.ip, nodes.c.id), (str, int), descending=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class HostFilter:
    """Which hosts; None means any. `port`, `service` (a service name, any case) and `product` (a
    part of it) match what any scan saw on the host; `cve` a part of a current finding's CVEs."""

    node_ip: str | None = None
    network: Network | None = None
    port: int | None = None
    protocol: int | None = None
    service: str | None = None
    product: str | None = None
    cve: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class HostRow:
    """A host: first sighting, newest node scan, open ports, current findings per risk level."""

    id: int
    ip: str
    first_seen: float
    last_seen: float | None
    ports: list[OpenPort]
    findings: dict[str, int]


def list_hosts(
    connection: Connection, where: HostFilter, cursor: Cursor | None, limit: int
) -> KeysetPage[HostRow]:
    """One page of hosts by address from `cursor`."""
    statement = select(nodes.c.id, nodes.c.ip, nodes.c.first_seen, _last_seen().label("last_seen"))
    statement = statement.where(*host_conditions(connection, where))
    rows = list(connection.execute(keyset(statement, ORDER, cursor, limit)))
    page = page_of(rows, lambda row: (row.ip, row.id), cursor, limit)
    return KeysetPage(_hosts(connection, page.rows), page.next, page.previous)


def get_host(connection: Connection, ip: str) -> HostRow | None:
    """The host with this address, or None."""
    statement = select(nodes.c.id, nodes.c.ip, nodes.c.first_seen, _last_seen().label("last_seen"))
    row = connection.execute(statement.where(nodes.c.ip == ip)).first()
    return None if row is None else _hosts(connection, [row])[0]


def host_conditions(connection: Connection, where: HostFilter) -> list[ColumnElement[bool]]:
    """The filter as conditions on nodes."""
    found: list[ColumnElement[bool]] = []
    if where.node_ip is not None:
        found.append(nodes.c.ip == where.node_ip)
    if where.network is not None:
        ids = node_ids_in(connection, where.network)
        found.append(nodes.c.id.in_(ids) if ids else false())
    seen = _seen_conditions(where)
    if seen:
        found.append(exists(select(port_scans.c.id).where(port_scans.c.node_id == nodes.c.id, *seen)))
    if where.cve is not None:
        found.append(exists(_current_cve(where.cve)))
    return found


def _seen_conditions(where: HostFilter) -> list[ColumnElement[bool]]:
    seen: list[ColumnElement[bool]] = []
    if where.port is not None:
        seen.append(port_scans.c.port == where.port)
    if where.protocol is not None:
        seen.append(port_scans.c.protocol == where.protocol)
    if where.service is not None:
        seen.append(func.lower(port_scans.c.service_name) == where.service.lower())
    if where.product is not None:
        seen.append(port_scans.c.service_product.contains(where.product, autoescape=True))
    return seen


def _current_cve(cve: str) -> Select[Any]:
    table = vulnerabilities
    return select(table.c.id).where(
        table.c.node_id == nodes.c.id,
        table.c.expiration_time.is_(None),
        table.c.cve.contains(cve, autoescape=True),
    )


def _last_seen() -> Any:
    return select(func.max(node_scans.c.time)).where(node_scans.c.node_id == nodes.c.id).scalar_subquery()


def _hosts(connection: Connection, rows: list[Row[Any]]) -> list[HostRow]:
    ids = [row.id for row in rows]
    ports = open_ports(connection, ids)
    counts = current_finding_counts(connection, ids)
    return [
        HostRow(
            id=row.id,
            ip=row.ip,
            first_seen=row.first_seen,
            last_seen=row.last_seen,
            ports=ports.get(row.id, []),
            findings=counts.get(row.id, {}),
        )
        for row in rows
    ]


def current_finding_counts(connection: Connection, node_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per node: how many current findings (not informational) of each risk level, each finding
    (exploit x port x subid) counted once however many scans reported it.

    The nodes' reports are read by the node's index: "not expired" is written as
    `coalesce(expiration_time, -1.0) = -1.0` (as migration 0013's open-findings indexes write it;
    no time is -1), which no index on `expiration_time` serves, because SQLite, without statistics,
    would otherwise walk that index over every unexpired report of every node (100 ms for a
    page of 50 hosts among 442,000 reports, 2 ms by the nodes)."""
    if not node_ids:
        return {}
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for node_id, risk, count in connection.execute(finding_counts_statement(node_ids)):
        counts[node_id][risk] = count
    return dict(counts)


def finding_counts_statement(node_ids: list[int]) -> Select[Any]:
    """`(node_id, risk_level, count)` of the nodes' current findings (`current_finding_counts`)."""
    table = vulnerabilities
    key = (table.c.node_id, table.c.protocol, table.c.port, table.c.exploit_id, table.c.subid)
    distinct = (
        select(*key, table.c.risk_level)
        .where(
            table.c.node_id.in_(node_ids),
            func.coalesce(table.c.expiration_time, literal_column("-1.0")) == literal_column("-1.0"),
            table.c.risk_level != INFORMATIONAL,
        )
        .distinct()
        .subquery()
    )
    return select(distinct.c.node_id, distinct.c.risk_level, func.count()).group_by(
        distinct.c.node_id, distinct.c.risk_level
    )

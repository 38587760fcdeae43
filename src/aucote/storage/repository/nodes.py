"""Nodes: one stable integer id per IP address."""

from collections.abc import Iterable

from sqlalchemy import Connection, insert, select

from aucote.storage.tables import nodes


def ensure_nodes(connection: Connection, ips: Iterable[str], now: float) -> dict[str, int]:
    """Return the id of every address, creating the nodes not seen before."""
    wanted = sorted(set(ips))
    known = _ids_of(connection, wanted)
    missing = [ip for ip in wanted if ip not in known]
    if missing:
        connection.execute(insert(nodes), [{"ip": ip, "first_seen": now} for ip in missing])
        known.update(_ids_of(connection, missing))
    return known


def add_node(connection: Connection, ip: str, now: float, node_id: int | None = None) -> int:
    """Insert one node (with a chosen id when importing); return its id."""
    values: dict[str, object] = {"ip": ip, "first_seen": now}
    if node_id is not None:
        values["id"] = node_id
    return int(connection.execute(insert(nodes).values(values).returning(nodes.c.id)).scalar_one())


def _ids_of(connection: Connection, ips: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(ips), 500):
        chunk = ips[start : start + 500]
        rows = connection.execute(select(nodes.c.ip, nodes.c.id).where(nodes.c.ip.in_(chunk)))
        found.update({ip: int(node_id) for ip, node_id in rows})
    return found

"""What a notification says about a change: node addresses, exploit names, the risk of findings,
and whether a finding that appeared was recorded before (reopened)."""

from collections.abc import Iterable

from sqlalchemy import Connection, and_, select

from aucote.storage.tables import exploits, nodes, vulnerabilities

FindingPlace = tuple[int, int, int, int]
"""(node_id, protocol, port, exploit_id)"""


def node_ips(connection: Connection, ids: Iterable[int]) -> dict[int, str]:
    """Address of each node id."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = connection.execute(select(nodes.c.id, nodes.c.ip).where(nodes.c.id.in_(wanted)))
    return {int(row.id): str(row.ip) for row in rows}


def exploit_names(connection: Connection, ids: Iterable[int]) -> dict[int, dict[str, object]]:
    """id, app, name and title of each exploit id."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    query = select(exploits.c.id, exploits.c.app, exploits.c.name, exploits.c.title)
    rows = connection.execute(query.where(exploits.c.id.in_(wanted)))
    return {int(row.id): {"id": row.id, "app": row.app, "name": row.name, "title": row.title} for row in rows}


def finding_risks(
    connection: Connection, scan_ids: Iterable[int], exploit_ids: Iterable[int]
) -> dict[tuple[int, FindingPlace], set[str]]:
    """Risk levels of the findings of the scans for these exploits, by (scan, place)."""
    query = select(
        vulnerabilities.c.scan_id,
        vulnerabilities.c.node_id,
        vulnerabilities.c.protocol,
        vulnerabilities.c.port,
        vulnerabilities.c.exploit_id,
        vulnerabilities.c.risk_level,
    ).where(
        vulnerabilities.c.scan_id.in_(sorted(set(scan_ids))),
        vulnerabilities.c.exploit_id.in_(sorted(set(exploit_ids))),
    )
    found: dict[tuple[int, FindingPlace], set[str]] = {}
    for row in connection.execute(query):
        place = (row.node_id, row.protocol, row.port, row.exploit_id)
        found.setdefault((row.scan_id, place), set()).add(str(row.risk_level))
    return found


def seen_elsewhere(connection: Connection, place: FindingPlace, not_in: Iterable[int]) -> bool:
    """Whether a scan other than `not_in` recorded a finding at the place (an index probe)."""
    node_id, protocol, port, exploit_id = place
    query = select(vulnerabilities.c.id).where(
        and_(
            vulnerabilities.c.node_id == node_id,
            vulnerabilities.c.protocol == protocol,
            vulnerabilities.c.port == port,
            vulnerabilities.c.exploit_id == exploit_id,
            vulnerabilities.c.scan_id.not_in(sorted(set(not_in))),
        )
    )
    return connection.execute(query.limit(1)).first() is not None

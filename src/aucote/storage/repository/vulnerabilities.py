"""Vulnerabilities: findings of security scans."""

from collections.abc import Sequence

from sqlalchemy import Connection, bindparam, func, select, update

from aucote.storage.repository.bulk import insert_rows
from aucote.storage.repository.records import NewVulnerability
from aucote.storage.repository.sequence import allocate, ids_by_seq
from aucote.storage.tables import vulnerabilities

COUNTER = "vulnerabilities"


def add_vulnerabilities(connection: Connection, rows: Sequence[NewVulnerability]) -> list[int]:
    """Insert findings; return their ids in the order given."""
    if not rows:
        return []
    first = allocate(connection, COUNTER, len(rows))
    insert_rows(connection, vulnerabilities, [_values(row, first + index) for index, row in enumerate(rows)])
    ids = ids_by_seq(connection, vulnerabilities, first, len(rows))
    _mark_newest(connection, rows, ids, first)
    return ids


def _mark_newest(
    connection: Connection, rows: Sequence[NewVulnerability], ids: list[int], first: int
) -> None:
    """Each new report, in seq order, replaces the earlier reports of its finding that were the
    newest (`replaced_by`), and carries the finding's first time (`first_seen`)."""
    keys = [
        {"b_id": row_id, "b_seq": first + index, "b_node": row.node_id, "b_protocol": row.protocol,
         "b_port": row.port, "b_exploit": row.exploit_id, "b_subid": row.subid}
        for index, (row, row_id) in enumerate(zip(rows, ids, strict=True))
    ]  # fmt: skip
    table = vulnerabilities
    older = table.alias("older")
    same = [
        table.c.node_id == bindparam("b_node"),
        table.c.protocol == bindparam("b_protocol"),
        table.c.port == bindparam("b_port"),
        table.c.exploit_id == bindparam("b_exploit"),
        table.c.subid == bindparam("b_subid"),
    ]
    replaced = update(table).where(*same, table.c.replaced_by.is_(None), table.c.seq < bindparam("b_seq"))
    connection.execute(replaced.values(replaced_by=bindparam("b_id")), keys)
    first_time = select(func.min(older.c.time)).where(
        *(older.c[name] == table.c[name] for name in ("node_id", "protocol", "port", "exploit_id", "subid"))
    )
    seen = update(table).where(table.c.id == bindparam("b_id"))
    connection.execute(seen.values(first_seen=first_time.scalar_subquery()), keys)


def expire(connection: Connection, ids: Sequence[int], when: float) -> None:
    """Set the expiration time of findings that are no longer reported."""
    connection.execute(
        update(vulnerabilities).where(vulnerabilities.c.id.in_(list(ids))).values(expiration_time=when)
    )


def _values(row: NewVulnerability, seq: int) -> dict[str, object]:
    values: dict[str, object] = {
        "seq": seq,
        "security_scan_id": row.security_scan_id,
        "scan_id": row.scan_id,
        "exploit_id": row.exploit_id,
        "node_id": row.node_id,
        "port": row.port,
        "protocol": row.protocol,
        "subid": row.subid,
        "cve": row.cve,
        "cvss": row.cvss,
        "risk_level": row.risk_level,
        "output": row.output,
        "time": row.time,
        "expiration_time": row.expiration_time,
    }
    if row.id is not None:
        values["id"] = row.id
    return values

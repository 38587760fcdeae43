"""Vulnerabilities: findings of security scans."""

from collections.abc import Sequence

from sqlalchemy import Connection, update

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
    return ids_by_seq(connection, vulnerabilities, first, len(rows))


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

"""After a crash (kill -9, power loss): scans left IN PROGRESS are closed as INTERRUPTED, their
unfinished checks as CANCELLED, and — when resuming is on — what they left undone is returned so
that new scans (with `resumed_from`) can finish it. Every write is one transaction per scan."""

from sqlalchemy import Connection, Engine

from aucote.config.scanners import PORT_SCANNERS
from aucote.model.status import ScanStatus
from aucote.scheduling.runs import Resume, as_hosts, stored_port
from aucote.storage.repository import history, scans, security_scans

REASON = "Aucote stopped before this scan ended"


def close_interrupted(engine: Engine, now: float) -> list[tuple[str, Resume]]:
    """Close every scan still IN PROGRESS; return (scanner, what is left) for each."""
    with engine.connect() as connection:
        unfinished = history.unfinished_scans(connection)
    left = []
    for scan_id, scanner in unfinished:
        with engine.begin() as connection:
            left.append((scanner, _leftover(connection, scan_id, scanner)))
            security_scans.cancel_unfinished(connection, scan_id, now)
            scans.end_scan(connection, scan_id, now, ScanStatus.INTERRUPTED, REASON)
    return left


def _leftover(connection: Connection, scan_id: int, scanner: str) -> Resume:
    if scanner in PORT_SCANNERS:
        return Resume(scan_id, hosts=as_hosts(history.unfinished_hosts(connection, scan_id)))
    wanted = set(history.unchecked_ports(connection, scan_id))
    known = history.ports_since(connection, PORT_SCANNERS, None)
    ports = [stored_port(item) for item in known if (item.node_id, item.protocol, item.port) in wanted]
    return Resume(scan_id, ports=tuple(ports))

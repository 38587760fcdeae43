"""Port scans: a port found open in a scan, with its detected service."""

from collections.abc import Sequence

from sqlalchemy import Connection, insert, update

from aucote.model.target import Service
from aucote.storage.repository.records import NewPortScan
from aucote.storage.tables import port_scans


def add_port_scans(connection: Connection, rows: Sequence[NewPortScan]) -> list[int]:
    """Insert port scans; return their ids in the order given."""
    if not rows:
        return []
    result = connection.execute(
        insert(port_scans).returning(port_scans.c.id, sort_by_parameter_order=True),
        [_values(row) for row in rows],
    )
    return [int(row_id) for row_id in result.scalars()]


def set_service(connection: Connection, port_scan_id: int, service: Service) -> None:
    """Store what service detection found on the port."""
    connection.execute(
        update(port_scans).where(port_scans.c.id == port_scan_id).values(_service_values(service))
    )


def _values(row: NewPortScan) -> dict[str, object]:
    values: dict[str, object] = {
        "scan_id": row.scan_id,
        "node_id": row.node_id,
        "port": row.port,
        "protocol": row.protocol,
        "time": row.time,
        **_service_values(row.service or Service()),
    }
    if row.id is not None:
        values["id"] = row.id
    return values


def _service_values(service: Service) -> dict[str, object]:
    return {
        "service_name": service.name,
        "service_product": service.product,
        "service_version": service.version,
        "service_cpe": service.cpe,
        "service_banner": service.banner,
    }

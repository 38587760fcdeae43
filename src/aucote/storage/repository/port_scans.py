"""Port scans: a port found open in a scan, with its detected service."""

from collections.abc import Sequence

from sqlalchemy import BindParameter, Connection, and_, bindparam, insert, or_, select, update

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
    ids = [int(row_id) for row_id in result.scalars()]
    _mark_newest(connection, rows, ids)
    return ids


def _mark_newest(connection: Connection, rows: Sequence[NewPortScan], ids: list[int]) -> None:
    """Each new sighting replaces the earlier sightings of its port that were the newest (by time,
    then id: `replaced_by`), and is itself replaced when a later one is stored already."""
    keys = [
        {
            "b_id": row_id,
            "b_time": row.time,
            "b_node": row.node_id,
            "b_protocol": row.protocol,
            "b_port": row.port,
        }
        for row, row_id in zip(rows, ids, strict=True)
    ]
    table, other = port_scans, port_scans.alias("other")
    same = [
        table.c.node_id == bindparam("b_node"),
        table.c.protocol == bindparam("b_protocol"),
        table.c.port == bindparam("b_port"),
    ]
    time: BindParameter[float] = bindparam("b_time")
    row_id: BindParameter[int] = bindparam("b_id")
    earlier = or_(table.c.time < time, and_(table.c.time == time, table.c.id < row_id))
    replaced = update(table).where(*same, table.c.replaced_by.is_(None), earlier)
    connection.execute(replaced.values(replaced_by=row_id), keys)
    later = or_(other.c.time > table.c.time, and_(other.c.time == table.c.time, other.c.id > table.c.id))
    next_one = (
        select(other.c.id)
        .where(*(other.c[name] == table.c[name] for name in ("node_id", "protocol", "port")), later)
        .order_by(other.c.time, other.c.id)
        .limit(1)
    )
    itself = update(table).where(table.c.id == row_id)
    connection.execute(itself.values(replaced_by=next_one.scalar_subquery()), keys)


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

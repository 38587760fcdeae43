"""Changes."""

from aucote.api.links import Links
from aucote.api.render.common import exploit_ref, maybe_protocol_name, node, scan
from aucote.api.schemas.changes import Change
from aucote.api.times import human, number
from aucote.storage.queries.changes import ChangeRow


def change(row: ChangeRow, links: Links) -> Change:
    """A change between two scans."""
    previous = row.previous_scan_id
    return Change(
        id=row.id,
        url=links.item("change", row.id),
        kind=row.kind,
        time=number(row.time),
        time_human=human(row.time),
        scan=scan(row.scan, links),
        previous_scan_url=None if previous is None else links.item("scan", previous),
        node=node(row.node),
        port_number=row.port,
        protocol=maybe_protocol_name(row.protocol),
        exploit=None if row.exploit is None else exploit_ref(row.exploit),
        previous_value=row.previous_value,
        current_value=row.current_value,
    )

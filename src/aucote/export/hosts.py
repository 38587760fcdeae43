"""Hosts for an export: every open port of the port scans matching the API port list's filter,
once (storage.queries.open_ports), streamed from one query on a connection held for the export,
`batch` records at a time."""

from collections.abc import Iterator

from sqlalchemy import Engine

from aucote.storage.database import streaming_read
from aucote.storage.queries.open_ports import HostRecord, stream_open_ports
from aucote.storage.queries.port_scans import PortScanFilter

BATCH = 2000


def host_batches(engine: Engine, where: PortScanFilter, batch: int = BATCH) -> Iterator[list[HostRecord]]:
    """The open ports matching `where`, by node id, protocol and port, `batch` at a time; nothing is
    read before the first batch is asked for."""
    with engine.connect() as connection, streaming_read(connection):
        yield from stream_open_ports(connection, where, batch)

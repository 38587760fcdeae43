"""Hosts for an export: every open port of the port scans matching the API port list's filter,
once (storage.queries.open_ports), read in batches of ports by keyset on (node, protocol, port),
each batch on a connection of its own."""

from collections.abc import Iterator

from sqlalchemy import Engine

from aucote.storage.queries.open_ports import HostRecord, Key, open_ports_after
from aucote.storage.queries.port_scans import PortScanFilter

BATCH = 2000


def host_batches(engine: Engine, where: PortScanFilter, batch: int = BATCH) -> Iterator[list[HostRecord]]:
    """The open ports matching `where`, by node id, protocol and port, `batch` at a time; nothing is
    read before the first batch is asked for."""
    last: Key | None = None
    while True:
        with engine.connect() as connection:
            records = open_ports_after(connection, where, last, batch)
        if records:
            yield records
        if len(records) < batch:
            return
        last = records[-1].key

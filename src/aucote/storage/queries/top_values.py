"""The overview's top lists as stored when runs end (storage.repository.top_values writes them):
a few rows, whatever the history holds."""

from sqlalchemy import Connection, select

from aucote.model.top_lists import TopList
from aucote.storage.queries.overview import Count
from aucote.storage.tables import top_values


def stored_tops(connection: Connection) -> dict[TopList, list[Count]]:
    """Each list's values by rank (an empty list when none is stored)."""
    table = top_values
    statement = select(table.c.list, table.c.value, table.c.protocol, table.c.hosts)
    found: dict[TopList, list[Count]] = {name: [] for name in TopList}
    for name, value, protocol, hosts in connection.execute(statement.order_by(table.c.list, table.c.rank)):
        if name in found:
            found[TopList(name)].append(Count(value=value, protocol=protocol, hosts=hosts))
    return found

"""Writing the overview's top lists (storage.tables.top_values), computed from the port scans of
the last 7 days and the current findings each time a run ends (with the day's totals), so that the
overview reads a few rows instead of counting over the history."""

from sqlalchemy import Connection, delete, insert

from aucote.model.top_lists import TopList
from aucote.storage.queries.overview import TOP_SINCE, Count, top_cves, top_ports, top_services
from aucote.storage.tables import top_values


def record_tops(connection: Connection, now: float) -> dict[TopList, list[Count]]:
    """Replace the stored lists with those as of `now` (in the caller's transaction, its reads
    before its writes); return them."""
    since = now - TOP_SINCE
    lists = {
        TopList.PORT: top_ports(connection, since),
        TopList.SERVICE: top_services(connection, since, "service_name"),
        TopList.PRODUCT: top_services(connection, since, "service_product"),
        TopList.CVE: top_cves(connection),
    }
    rows = [
        {"list": name.value, "rank": rank, "value": count.value, "protocol": count.protocol,
         "hosts": count.hosts, "since": since, "updated": now}
        for name, counts in lists.items()
        for rank, count in enumerate(counts, start=1)
    ]  # fmt: skip
    connection.execute(delete(top_values))
    if rows:
        connection.execute(insert(top_values), rows)
    return lists

"""JSON: one document, an array of objects, one object per line (`[`, the objects separated by
`,` at line ends, `]`), written as the rows come. A finding is the API's vulnerability without its
URLs, with its whole output and the exploit's title; an open port is its node, port, newest service
and when it was seen. Times are pairs, as in the API: the stored number and an ISO 8601 string."""

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict

from aucote.export.places import protocol_name
from aucote.model.times import human, maybe_human, maybe_number, number
from aucote.storage.queries.finding_rows import FindingRecord, PortRef
from aucote.storage.queries.open_ports import HostRecord

Encoded = Iterator[str]
ENCODER = json.JSONEncoder(ensure_ascii=False)


def findings(batches: Iterable[Sequence[FindingRecord]]) -> Encoded:
    """`[`, the findings a batch at a time, `]`."""
    return array([finding_object(record) for record in batch] for batch in batches)


def hosts(batches: Iterable[Sequence[HostRecord]]) -> Encoded:
    """`[`, the open ports a batch at a time, `]`."""
    return array([host_object(record) for record in batch] for batch in batches)


def array(chunks: Iterable[list[object]]) -> Encoded:
    """A JSON array written a chunk of items at a time (each item on a line of its own)."""
    separator = "\n"
    yield "["
    for items in chunks:
        yield separator + ",\n".join([ENCODER.encode(item) for item in items])
        separator = ",\n"
    yield "\n]\n"


def port_object(place: PortRef) -> dict[str, object]:
    """`{"port_number", "protocol", "node": {"id", "ip"}}`, as the API embeds a port."""
    node = {"id": place.node_id, "ip": place.ip}
    return {"port_number": place.port, "protocol": protocol_name(place.protocol), "node": node}


def finding_object(record: FindingRecord) -> dict[str, object]:
    """A finding, keys as the API's vulnerability list writes them."""
    exploit, scoring = record.exploit, record.scoring
    return {
        "id": record.id,
        "port": port_object(record.place),
        "scan": {"id": record.scan_id, "scanner": record.scanner},
        "exploit": {"id": exploit.id, "app": exploit.app, "name": exploit.name, "title": exploit.title},
        "output": record.output,
        "cve": scoring.cve,
        "cvss": scoring.cvss,
        "risk_level": scoring.risk_level.value,
        "time": number(record.time),
        "time_human": human(record.time),
        "expired": maybe_number(record.expiration_time),
        "expired_human": maybe_human(record.expiration_time),
    }


def host_object(record: HostRecord) -> dict[str, object]:
    """An open port: node, port, newest service (null when none was detected) and when it was seen."""
    service = record.service
    return {
        "port": port_object(record.place),
        "service": None if service is None else asdict(service),
        "first_seen": number(record.first_seen),
        "first_seen_human": human(record.first_seen),
        "last_seen": number(record.last_seen),
        "last_seen_human": human(record.last_seen),
        "times_seen": record.seen,
        "last_scan": {"id": record.scan_id, "scanner": record.scanner},
    }

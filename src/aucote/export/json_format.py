"""JSON: one document, an array of objects, one object per line (`[`, the objects separated by
`,` at line ends, `]`), written as the rows come. A finding is the API's vulnerability without its
URLs, with its whole output and the exploit's title; an open port is its node, port, newest service
and when it was seen. Times are pairs, as in the API: the stored number and an ISO 8601 string."""

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict

from aucote.export.iso_times import IsoTimes
from aucote.export.json_text import text
from aucote.export.places import PROTOCOL_NAMES, protocol_name
from aucote.model.finding import Scoring
from aucote.model.times import human, number
from aucote.storage.queries.finding_rows import ExploitInfo, FindingRecord, PortRef
from aucote.storage.queries.open_ports import HostRecord

Encoded = Iterator[str]
ENCODER = json.JSONEncoder(ensure_ascii=False)


def findings(batches: Iterable[Sequence[FindingRecord]]) -> Encoded:
    """`[`, the findings a batch at a time, `]`."""
    objects = FindingObjects()
    return lines(objects.batch(batch) for batch in batches)


def hosts(batches: Iterable[Sequence[HostRecord]]) -> Encoded:
    """`[`, the open ports a batch at a time, `]`."""
    return array([host_object(record) for record in batch] for batch in batches)


def array(chunks: Iterable[list[object]]) -> Encoded:
    """A JSON array written a chunk of items at a time (each item on a line of its own)."""
    return lines([ENCODER.encode(item) for item in items] for items in chunks)


def lines(chunks: Iterable[list[str]]) -> Encoded:
    """A JSON array of items already encoded, a chunk at a time, each item on a line of its own."""
    separator = "\n"
    yield "["
    for items in chunks:
        yield separator + ",\n".join(items)
        separator = ",\n"
    yield "\n]\n"


def port_object(place: PortRef) -> dict[str, object]:
    """`{"port_number", "protocol", "node": {"id", "ip"}}`, as the API embeds a port."""
    node = {"id": place.node_id, "ip": place.ip}
    return {"port_number": place.port, "protocol": protocol_name(place.protocol), "node": node}


class FindingObjects:
    """Findings encoded as JSON objects, keys as the API's vulnerability list writes them, by one
    f-string each (a dict and the encoder take twice as long): what repeats (the exploit, the
    scan, the scoring, the node) is encoded once and kept, the row's own parts (port, id, times,
    output) written into the f-string, the texts through the encoder's own string escaping; the
    bytes are those of `ENCODER.encode` of the object (tests/export/test_json_format.py). The
    scans, scorings and nodes are forgotten after each batch, the exploits kept (the catalogue)."""

    def __init__(self) -> None:
        self.exploits: dict[int, str] = {}
        self.scans: dict[tuple[int, str], str] = {}
        self.scorings: dict[int, tuple[Scoring, str]] = {}
        self.nodes: dict[tuple[int, str], str] = {}
        self.times = IsoTimes()

    def batch(self, records: Sequence[FindingRecord]) -> list[str]:
        """A batch's objects (what was kept for its rows forgotten after it)."""
        encoded = [self.encode(record) for record in records]
        self.times.forget()
        self.scans.clear()
        self.scorings.clear()
        self.nodes.clear()
        return encoded

    def encode(self, record: FindingRecord) -> str:
        """One finding (this runs for every row: each repeated part is a dictionary's look-up)."""
        exploit, scoring, time, expiry = record.exploit, record.scoring, record.time, record.expiration_time
        node = self.nodes.get((record.node_id, record.ip)) or self._node(record.node_id, record.ip)
        scan = self.scans.get((record.scan_id, record.scanner)) or self._scan(record.scan_id, record.scanner)
        scored = self.scorings.get(id(scoring))
        scores = self._scores(scoring) if scored is None else scored[1]
        protocol = PROTOCOL_NAMES.get(record.protocol) or str(record.protocol)
        expired = "null, \"expired_human\": null" if expiry is None else (
            f'{number_text(expiry)}, "expired_human": "{self.times.text(expiry)}"'
        )  # fmt: skip
        return (
            f'{{"id": {record.id:d}, "port": {{"port_number": {record.port:d}, "protocol": "{protocol}", '
            f'"node": {node}}}, "scan": {scan}, "exploit": '
            f"{self.exploits.get(exploit.id) or self._exploit(exploit)}, "
            f'"output": {text(record.output)}, {scores}, "time": {number_text(time)}, '
            f'"time_human": "{self.times.text(time)}", "expired": {expired}}}'
        )

    def _node(self, node_id: int, ip: str) -> str:
        found = self.nodes[(node_id, ip)] = f'{{"id": {node_id:d}, "ip": {text(ip)}}}'
        return found

    def _scan(self, scan_id: int, scanner: str) -> str:
        found = self.scans[(scan_id, scanner)] = f'{{"id": {scan_id:d}, "scanner": {text(scanner)}}}'
        return found

    def _scores(self, scoring: Scoring) -> str:
        """`"cve": …, "cvss": …, "risk_level": …`, kept by the scoring's identity (a batch's records
        share equal scorings, finding_rows._read; kept with it, the identity stays its own)."""
        scores = (
            f'"cve": {ENCODER.encode(scoring.cve)}, "cvss": {ENCODER.encode(scoring.cvss)}, '
            f'"risk_level": "{scoring.risk_level.value}"'
        )
        self.scorings[id(scoring)] = (scoring, scores)
        return scores

    def _exploit(self, exploit: ExploitInfo) -> str:
        found = self.exploits[exploit.id] = ENCODER.encode(
            {"id": exploit.id, "app": exploit.app, "name": exploit.name, "title": exploit.title}
        )
        return found


def number_text(value: float) -> str:
    """`model.times.number` as JSON: an integral time as an integer, else the float's repr."""
    if isinstance(value, int) or not value.is_integer():
        return repr(value)
    return str(int(value))


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

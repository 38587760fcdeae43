"""CSV (RFC 4180, header row, UTF-8), one row per finding or per open port. Text from scanned
hosts can start a cell with a formula: a cell starting with = + - @ tab or carriage return is
written with a leading apostrophe, so a spreadsheet shows it as text (OWASP's CSV injection
advice)."""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from aucote.export.places import PROTOCOL_NAMES, protocol_name
from aucote.model.times import human
from aucote.storage.queries.finding_rows import FindingRecord
from aucote.storage.queries.open_ports import HostRecord

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = "".join(FORMULA_STARTS)
FINDING_COLUMNS = (
    "id", "ip", "port", "protocol", "node_id", "exploit_id", "exploit_app", "exploit_name", "title",
    "risk_level", "cve", "cvss", "time", "expired", "scan_id", "scanner", "output",
)  # fmt: skip
HOST_COLUMNS = (
    "ip", "port", "protocol", "node_id", "service_name", "service_product", "service_version",
    "service_cpe", "service_banner", "first_seen", "last_seen", "times_seen", "last_scan_id", "last_scanner",
)  # fmt: skip
Cell = str | int | float | None


def safe(cell: Cell) -> Cell:
    """A text cell that a spreadsheet would read as a formula, quoted with a leading apostrophe."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def safe_text(text: str | None) -> str | None:
    """`safe` for a text cell (or an empty one), a little faster (it runs for every row)."""
    return "'" + text if text and text[0] in FORMULA_FIRST else text


def findings(batches: Iterable[Sequence[FindingRecord]]) -> Iterator[str]:
    """The header, then one chunk of rows per batch."""
    exploits: dict[int, list[Cell]] = {}
    return _table(FINDING_COLUMNS, ([_finding(record, exploits) for record in batch] for batch in batches))


def hosts(batches: Iterable[Sequence[HostRecord]]) -> Iterator[str]:
    """The header, then one chunk of rows per batch."""
    return _table(
        HOST_COLUMNS, ([[safe(cell) for cell in _host(record)] for record in batch] for batch in batches)
    )


def _table(header: Sequence[str], chunks: Iterable[list[list[Cell]]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    yield _take(buffer)
    for rows in chunks:
        writer.writerows(rows)
        yield _take(buffer)


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _finding(record: FindingRecord, exploits: dict[int, list[Cell]]) -> list[Cell]:
    """A finding's cells, text made safe (the exploit's cells once per exploit; this runs for every
    row, so it is written for speed: the risk is a str enum, written as its value)."""
    exploit, scoring, expired = record.exploit, record.scoring, record.expiration_time
    described = exploits.get(exploit.id)
    if described is None:
        described = exploits[exploit.id] = [
            exploit.id,
            *map(safe_text, (exploit.app, exploit.name, exploit.title)),
        ]
    return [
        record.id, record.ip, record.port, PROTOCOL_NAMES.get(record.protocol) or record.protocol,
        record.node_id, *described, scoring.risk_level, safe_text(scoring.cve), scoring.cvss,
        human(record.time), None if expired is None else human(expired), record.scan_id,
        safe_text(record.scanner), safe_text(record.output),
    ]  # fmt: skip


def _host(record: HostRecord) -> list[Cell]:
    place, service = record.place, record.service
    found = [None] * 5 if service is None else [
        service.name, service.product, service.version, service.cpe, service.banner,
    ]  # fmt: skip
    return [
        place.ip, place.port, protocol_name(place.protocol), place.node_id, *found,
        human(record.first_seen), human(record.last_seen), record.seen, record.scan_id, record.scanner,
    ]  # fmt: skip

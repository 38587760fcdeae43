"""CSV (RFC 4180, header row, UTF-8), one row per finding or per open port. Text from scanned
hosts can start a cell with a formula: a cell starting with = + - @ tab or carriage return is
written with a leading apostrophe, so a spreadsheet shows it as text (OWASP's CSV injection
advice)."""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from aucote.export.iso_times import IsoTimes
from aucote.export.places import PROTOCOL_NAMES, protocol_name
from aucote.model.times import human
from aucote.storage.queries.finding_rows import FindingRecord
from aucote.storage.queries.open_ports import HostRecord

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = "".join(FORMULA_STARTS)
LINE_END = "\r\n"
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
    """The header, then one chunk of rows per batch. Each row is one f-string: the exploit's cells
    are written once per exploit and the CVE and scanner cells once per value (by the csv module,
    with the same quoting), the output quoted here (it always holds line breaks: the csv module
    would read it character by character, a third of the export's time), the times formatted a
    second at a time (`IsoTimes`). The text is the csv module's, byte for byte."""
    yield cells_text(FINDING_COLUMNS) + LINE_END
    exploits: dict[int, str] = {}
    texts: dict[str, str] = {}
    times = IsoTimes()
    for batch in batches:
        yield "".join([_finding_line(record, exploits, texts, times) for record in batch])
        texts.clear()
        times.forget()


def cells_text(cells: Sequence[Cell]) -> str:
    """Cells as the csv module writes them in a row (RFC 4180 quoting), without the line end."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue()


def quoted(text: str | None) -> str:
    """A text cell as the csv module writes it in a row of several cells: in double quotes (those
    within doubled) when it holds a comma, a double quote or a line break."""
    if text is None:
        return ""
    if '"' in text or "," in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


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


def _finding_line(
    record: FindingRecord, exploits: dict[int, str], texts: dict[str, str], times: IsoTimes
) -> str:
    """A finding's row, text made safe."""
    exploit, scoring, expired = record.exploit, record.scoring, record.expiration_time
    described = exploits.get(exploit.id)
    if described is None:
        names = map(safe_text, (exploit.app, exploit.name, exploit.title))
        described = exploits[exploit.id] = cells_text([exploit.id, *names])
    cve, cvss = _text(scoring.cve, texts), scoring.cvss
    protocol = PROTOCOL_NAMES.get(record.protocol) or record.protocol
    return (
        f"{record.id},{record.ip},{record.port},{protocol},{record.node_id},{described},"
        f"{scoring.risk_level},{cve},{'' if cvss is None else repr(cvss)},{times.text(record.time)},"
        f"{'' if expired is None else times.text(expired)},{record.scan_id},{_text(record.scanner, texts)},"
        f"{quoted(safe_text(record.output))}{LINE_END}"
    )


def _text(value: str | None, texts: dict[str, str]) -> str:
    """A short text cell made safe, formatted once per value."""
    if not value:
        return ""
    found = texts.get(value)
    if found is None:
        found = texts[value] = cells_text([safe_text(value)])
    return found


def _host(record: HostRecord) -> list[Cell]:
    place, service = record.place, record.service
    found = [None] * 5 if service is None else [
        service.name, service.product, service.version, service.cpe, service.banner,
    ]  # fmt: skip
    return [
        place.ip, place.port, protocol_name(place.protocol), place.node_id, *found,
        human(record.first_seen), human(record.last_seen), record.seen, record.scan_id, record.scanner,
    ]  # fmt: skip

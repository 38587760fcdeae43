"""An export as a whole: which rows (findings or hosts, with the API list's filter), written in
which format, under which media type and file name. `findings` and `hosts` return the text a chunk
at a time; nothing is read from the database until the first chunk is asked for."""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine

from aucote.export import csv_format, defectdojo, json_format, sarif
from aucote.export.findings import export_view, finding_batches
from aucote.export.hosts import host_batches
from aucote.model.export import ExportFormat, ExportKind
from aucote.storage.queries.finding_rows import FindingRecord
from aucote.storage.queries.open_ports import HostRecord
from aucote.storage.queries.port_scans import PortScanFilter
from aucote.storage.queries.vulnerabilities import VulnerabilityFilter

FindingWriter = Callable[[Iterable[Sequence[FindingRecord]]], Iterator[str]]
HostWriter = Callable[[Iterable[Sequence[HostRecord]]], Iterator[str]]

FINDING_WRITERS: dict[ExportFormat, FindingWriter] = {
    ExportFormat.CSV: csv_format.findings,
    ExportFormat.JSON: json_format.findings,
    ExportFormat.SARIF: sarif.findings,
    ExportFormat.DEFECTDOJO: defectdojo.findings,
}
HOST_WRITERS: dict[ExportFormat, HostWriter] = {
    ExportFormat.CSV: csv_format.hosts,
    ExportFormat.JSON: json_format.hosts,
    ExportFormat.SARIF: sarif.hosts,
    ExportFormat.DEFECTDOJO: defectdojo.hosts,
}
MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv",
    ExportFormat.JSON: "application/json",
    ExportFormat.SARIF: "application/sarif+json",
    ExportFormat.DEFECTDOJO: "application/json",
}
SUFFIXES = {
    ExportFormat.CSV: ".csv",
    ExportFormat.JSON: ".json",
    ExportFormat.SARIF: ".sarif",
    ExportFormat.DEFECTDOJO: ".defectdojo.json",
}


@dataclass(frozen=True, slots=True)
class Export:
    """What is exported and how it is written."""

    kind: ExportKind
    format: ExportFormat

    @property
    def media_type(self) -> str:
        """The Content-Type of the file."""
        return MEDIA_TYPES[self.format]

    def file_name(self, now: float) -> str:
        """`aucote-findings-20171024T082803Z.sarif`: the kind, the time (UTC) and the format."""
        stamp = datetime.fromtimestamp(now, UTC).strftime("%Y%m%dT%H%M%SZ")
        return f"aucote-{self.kind.value}-{stamp}{SUFFIXES[self.format]}"


def findings(engine: Engine, where: VulnerabilityFilter, format: ExportFormat) -> Iterator[str]:
    """The findings matching `where` (informational output only when asked for: `export_view`)."""
    return FINDING_WRITERS[format](finding_batches(engine, export_view(where)))


def hosts(engine: Engine, where: PortScanFilter, format: ExportFormat) -> Iterator[str]:
    """The open ports of the port scans matching `where`."""
    return HOST_WRITERS[format](host_batches(engine, where))

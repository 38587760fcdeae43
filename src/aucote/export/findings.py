"""Findings for an export: the API list's rows for the filter, in its order, streamed from one
query (storage.queries.finding_rows) on a connection held for the export, a batch at a time, so
memory holds one batch whatever the number of rows."""

from collections.abc import Iterator
from dataclasses import replace

from sqlalchemy import Engine

from aucote.model.status import RiskLevel
from aucote.storage.database import streaming_read
from aucote.storage.queries.finding_rows import FindingRecord, stream_findings
from aucote.storage.queries.vulnerabilities import VulnerabilityFilter

BATCH = 2000


def export_view(where: VulnerabilityFilter) -> VulnerabilityFilter:
    """What an export lists: informational output (risk None) is left out unless the filter asks
    for a risk (`min_risk` or `risk_level`), as `min_risk=Low` does in the API's list."""
    if where.min_risk is None and where.risk_level is None:
        return replace(where, min_risk=RiskLevel.LOW)
    return where


def finding_batches(
    engine: Engine, where: VulnerabilityFilter, batch: int = BATCH
) -> Iterator[list[FindingRecord]]:
    """The findings matching `where` (as given: see `export_view`), in insertion order, `batch` at
    a time; nothing is read before the first batch is asked for."""
    with engine.connect() as connection, streaming_read(connection):
        yield from stream_findings(connection, where, batch)

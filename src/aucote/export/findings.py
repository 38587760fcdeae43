"""Findings for an export, read in batches by keyset (storage.queries.finding_rows: `seq > last
seen`, the insertion order of the API's list, with the list's own filter). Each batch is one short
query on a connection of its own: nothing stays open between batches, so a slow reader holds no
connection or transaction, and memory holds one batch at a time."""

from collections.abc import Iterator
from dataclasses import replace

from sqlalchemy import Engine

from aucote.model.status import RiskLevel
from aucote.storage.queries.finding_rows import ExploitInfo, FindingRecord, findings_after
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
    known: dict[int, ExploitInfo] = {}
    last = 0
    while True:
        with engine.connect() as connection:
            records = findings_after(connection, where, last, batch, known)
        if records:
            yield records
        if len(records) < batch:
            return
        last = records[-1].seq

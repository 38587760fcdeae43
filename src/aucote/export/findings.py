"""Findings for an export, read in batches by keyset (`seq > last seen`, the insertion order of
the API's list) with the API list's own filter (storage.queries.vulnerabilities.conditions). Each
batch is one short query on a connection of its own: nothing stays open between batches, so a
slow reader holds no connection or transaction, and memory holds one batch at a time."""

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from sqlalchemy import Engine, Row, Select, select

from aucote.export.records import ExploitInfo, FindingRecord, PortRef
from aucote.model.finding import Scoring
from aucote.model.status import RiskLevel
from aucote.storage.queries.vulnerabilities import VulnerabilityFilter, conditions
from aucote.storage.tables import exploits, nodes, scans, vulnerabilities

BATCH = 2000
RISKS = {level.value: level for level in RiskLevel}


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
            rows = connection.execute(_page(where, last, batch)).all()
        if rows:
            yield [_read(row, known) for row in rows]
        if len(rows) < batch:
            return
        last = rows[-1].seq


def _page(where: VulnerabilityFilter, last: int, batch: int) -> Select[Any]:
    table = vulnerabilities
    names = ("id", "seq", "node_id", "port", "protocol", "subid", "scan_id", "output", "cve", "cvss")
    columns: list[Any] = [table.c[name] for name in names]
    columns += [table.c.risk_level, table.c.time, table.c.expiration_time, table.c.exploit_id]
    exploit: list[Any] = [exploits.c[name] for name in ("app", "name", "title", "description", "category")]
    exploit += [exploits.c.risk_level.label("exploit_risk"), exploits.c.cvss.label("exploit_cvss")]
    return (
        select(*columns, nodes.c.ip, scans.c.scanner, *exploit)
        .select_from(
            table.join(scans, scans.c.id == table.c.scan_id)
            .join(nodes, nodes.c.id == table.c.node_id)
            .join(exploits, exploits.c.id == table.c.exploit_id)
        )
        .where(*conditions(where), table.c.seq > last)
        .order_by(table.c.seq)
        .limit(batch)
    )


def _read(row: Row[Any], known: dict[int, ExploitInfo]) -> FindingRecord:
    return FindingRecord(
        id=row.id,
        place=PortRef(node_id=row.node_id, ip=row.ip, port=row.port, protocol=row.protocol),
        subid=row.subid,
        exploit=known.get(row.exploit_id) or known.setdefault(row.exploit_id, _exploit(row)),
        scan_id=row.scan_id,
        scanner=row.scanner,
        output=row.output,
        scoring=Scoring(cve=row.cve, cvss=row.cvss, risk_level=RISKS[row.risk_level]),
        time=row.time,
        expiration_time=row.expiration_time,
    )


def _exploit(row: Row[Any]) -> ExploitInfo:
    """The exploit of a row (made once per exploit: the catalogue is small, the rows are not)."""
    return ExploitInfo(
        id=row.exploit_id,
        app=row.app,
        name=row.name,
        title=row.title,
        description=row.description,
        category=row.category,
        risk_level=row.exploit_risk,
        cvss=row.exploit_cvss,
    )

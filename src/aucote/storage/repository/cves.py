"""CVEs: NVD feed records written by `aucote cve import`; a re-import replaces what it repeats."""

from collections.abc import Sequence

from sqlalchemy import Connection, delete, insert

from aucote.cve.records import CveRecord
from aucote.storage.tables import cve_imports, cve_matches, cves


def replace_cves(connection: Connection, records: Sequence[CveRecord]) -> int:
    """Store the CVEs with their criteria, replacing the stored ones of the same ids; a rejected CVE
    is removed. Returns the number of criteria written. (The last record of a repeated id wins.)"""
    latest = {record.id: record for record in records}
    ids = list(latest)
    connection.execute(delete(cve_matches).where(cve_matches.c.cve_id.in_(ids)))
    connection.execute(delete(cves).where(cves.c.id.in_(ids)))
    kept = [record for record in latest.values() if not record.rejected]
    if kept:
        connection.execute(insert(cves), [_cve_values(record) for record in kept])
    criteria = [values for record in kept for values in _criteria_values(record)]
    if criteria:
        connection.execute(insert(cve_matches), criteria)
    return len(criteria)


def _cve_values(record: CveRecord) -> dict[str, object]:
    return {
        "id": record.id,
        "description": record.description,
        "cvss": record.cvss,
        "cvss_version": record.cvss_version,
        "published": record.published,
    }


def _criteria_values(record: CveRecord) -> list[dict[str, object]]:
    return [
        {
            "cve_id": record.id,
            "part": criterion.part,
            "vendor": criterion.vendor,
            "product": criterion.product,
            "version": criterion.versions.version,
            "start_including": criterion.versions.start_including,
            "start_excluding": criterion.versions.start_excluding,
            "end_including": criterion.versions.end_including,
            "end_excluding": criterion.versions.end_excluding,
            "criterion": criterion.criterion,
        }
        for criterion in record.criteria
    ]


def record_import(connection: Connection, time: float, file_name: str, count: int) -> None:
    """Note an import of `count` CVEs from `file_name` at `time` (in the import's transaction)."""
    connection.execute(insert(cve_imports).values(time=time, file_name=file_name, cves=count))

"""CVEs: stored criteria by product (the CVE check's lookup) and what an import left in storage."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Row, func, select

from aucote.cve.records import CpeCriterion, CveCriterion, VersionRange
from aucote.storage.tables import cve_matches, cves


@dataclass(frozen=True, slots=True)
class CveCounts:
    """How many CVEs and criteria are stored."""

    cves: int
    criteria: int


class StoredCveLookup:
    """The `CveLookup` of the CVE check, over a database (one short connection per lookup)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def matches(self, vendor: str, product: str) -> list[CveCriterion]:
        """Every stored criterion for the vendor and product, with its CVE."""
        with self._engine.connect() as connection:
            return criteria_for(connection, vendor, product)


def criteria_for(connection: Connection, vendor: str, product: str) -> list[CveCriterion]:
    """Stored criteria of a vendor and product (lower case), in the order they were stored."""
    statement = (
        select(cve_matches, cves.c.description, cves.c.cvss)
        .join(cves, cves.c.id == cve_matches.c.cve_id)
        .where(cve_matches.c.vendor == vendor, cve_matches.c.product == product)
        .order_by(cve_matches.c.id)
    )
    return [_read(row) for row in connection.execute(statement)]


def count_cves(connection: Connection) -> CveCounts:
    """The number of stored CVEs and criteria."""
    stored = connection.execute(select(func.count()).select_from(cves)).scalar_one()
    criteria = connection.execute(select(func.count()).select_from(cve_matches)).scalar_one()
    return CveCounts(stored, criteria)


def _read(row: Row[Any]) -> CveCriterion:
    versions = VersionRange(
        row.version, row.start_including, row.start_excluding, row.end_including, row.end_excluding
    )
    criterion = CpeCriterion(row.part, row.vendor, row.product, versions, row.criterion)
    return CveCriterion(row.cve_id, row.description, row.cvss, criterion)

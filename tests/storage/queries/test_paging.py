"""Paging by seq range (unfiltered) gives exactly the pages ORDER BY seq LIMIT/OFFSET gives."""

import pytest
from sqlalchemy import Connection, Engine

from aucote.model.status import CheckStatus
from aucote.storage.queries.paging import Window
from aucote.storage.queries.security_scans import SecurityScanFilter, list_security_scans
from aucote.storage.queries.targets import TargetFilter
from aucote.storage.queries.vulnerabilities import VulnerabilityFilter, list_vulnerabilities
from aucote.storage.repository.security_scans import set_outcome
from tests.support.seed_data import security_scan_rows, seed

ORDER = [row.id for row in security_scan_rows()]
# Each matches every seeded row, so pages use OFFSET.
EVERYTHING = [
    SecurityScanFilter(TargetFilter(exploit_app="nmap")),
    SecurityScanFilter(status="DONE"),
]


def pages(connection: Connection, where: SecurityScanFilter, limit: int) -> list[tuple[list[int], bool]]:
    """Every page of security scans up to the first empty one."""
    found = []
    for page in range(100):
        result = list_security_scans(connection, where, Window(limit, page))
        found.append(([row.id for row in result.rows], result.has_next))
        if not result.rows:
            return found
    raise AssertionError("no end")


@pytest.mark.parametrize("limit", [1, 2, 7, 29, 30, 1000])
def test_range_pages_equal_offset_pages(engine: Engine, limit: int) -> None:
    seed(engine)
    with engine.begin() as connection:  # the one RUNNING row done, so that status=DONE is everything
        set_outcome(connection, [12484], CheckStatus.DONE)
        by_range = pages(connection, SecurityScanFilter(), limit)
        by_offset = [pages(connection, where, limit) for where in EVERYTHING]
    assert by_offset == [by_range, by_range]
    assert [row for ids, _more in by_range for row in ids] == ORDER
    assert [more for _ids, more in by_range] == [True] * (len(by_range) - 2) + [False, False][
        -len(by_range) :
    ]


def test_vulnerability_pages(engine: Engine) -> None:
    seed(engine)
    with engine.connect() as connection:
        unfiltered = [
            list_vulnerabilities(connection, VulnerabilityFilter(), Window(2, page)) for page in (0, 1)
        ]
        filtered = list_vulnerabilities(connection, VulnerabilityFilter(expired=False), Window(1, 1))
    assert [[row.id for row in page.rows] for page in unfiltered] == [[500, 501], [502]]
    assert [page.has_next for page in unfiltered] == [True, False]
    assert ([row.id for row in filtered.rows], filtered.has_next) == ([502], False)

"""The findings an export reads: exactly the rows of the API's vulnerability list for the same
filter (storage.queries.vulnerabilities, the list's own query), in the same order, whatever the
batch size; informational output left out unless a risk is asked for; one query, nothing read
before the first batch is asked for."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, event

from aucote.export.findings import export_view, finding_batches
from aucote.model.status import RiskLevel
from aucote.storage.queries.paging import Window
from aucote.storage.queries.targets import TargetFilter
from aucote.storage.queries.vulnerabilities import (
    VulnerabilityFilter,
    get_vulnerability,
    list_vulnerabilities,
)

TCP = 6
FILTERS = [
    VulnerabilityFilter(),
    VulnerabilityFilter(TargetFilter(node_ip="10.12.2.175")),
    VulnerabilityFilter(TargetFilter(node_id=87)),
    VulnerabilityFilter(TargetFilter(port=5985, protocol=TCP)),
    VulnerabilityFilter(TargetFilter(exploit_id=72)),
    VulnerabilityFilter(TargetFilter(exploit_app="aucote-http-headers")),
    VulnerabilityFilter(TargetFilter(exploit_name="http-vuln-cve2010-2861")),
    VulnerabilityFilter(TargetFilter(scan_id=942)),
    VulnerabilityFilter(TargetFilter(scanner="tools_basic")),
    VulnerabilityFilter(TargetFilter(since=1508504412, until=1508505422.5)),
    VulnerabilityFilter(risk_level="None"),
    VulnerabilityFilter(cve="2011-31"),
    VulnerabilityFilter(expired=True),
    VulnerabilityFilter(expired=False, min_risk=RiskLevel.LOW),
    VulnerabilityFilter(min_risk=RiskLevel.NONE),
    VulnerabilityFilter(min_risk=RiskLevel.MEDIUM),
    VulnerabilityFilter(TargetFilter(scanner="tools_advanced"), min_risk=RiskLevel.NONE, expired=False),
    VulnerabilityFilter(TargetFilter(node_id=12345)),
]


def exported(engine: Engine, where: VulnerabilityFilter, batch: int) -> list[Any]:
    return [record for rows in finding_batches(engine, where, batch) for record in rows]


def listed(engine: Engine, where: VulnerabilityFilter) -> list[Any]:
    with engine.connect() as connection:
        page = list_vulnerabilities(connection, where, Window(1000, 0))
    assert not page.has_next
    return page.rows


@pytest.mark.parametrize("where", FILTERS, ids=repr)
@pytest.mark.parametrize("batch", [1, 2, 1000])
def test_rows_are_the_api_lists(seeded_db: Engine, where: VulnerabilityFilter, batch: int) -> None:
    records, rows = exported(seeded_db, where, batch), listed(seeded_db, where)
    assert [record.id for record in records] == [row.id for row in rows]
    for record, row in zip(records, rows, strict=True):
        place = (record.place.node_id, record.place.ip, record.place.port, record.place.protocol)
        assert place == (row.node.id, row.node.ip, row.port, row.protocol)
        assert (record.exploit.id, record.exploit.app, record.exploit.name) == (
            row.exploit.id,
            row.exploit.app,
            row.exploit.name,
        )
        assert (record.scan_id, record.scanner) == (row.scan.id, row.scan.scanner)
        assert (record.scoring.cve, record.scoring.cvss, record.scoring.risk_level.value) == (
            row.cve,
            row.cvss,
            row.risk_level,
        )
        assert (record.time, record.expiration_time) == (row.time, row.expiration_time)


def test_the_whole_output_is_exported(seeded_db: Engine) -> None:
    """The list cuts outputs to 100 characters; an export keeps them whole."""
    [record] = exported(seeded_db, VulnerabilityFilter(TargetFilter(scan_id=942, exploit_id=72)), 10)
    with seeded_db.connect() as connection:
        whole = get_vulnerability(connection, record.id)
    assert whole is not None
    assert record.output == whole.output
    assert len(record.output) > 100


def test_the_exploit_is_read_with_its_catalogue_text(seeded_db: Engine) -> None:
    records = exported(seeded_db, VulnerabilityFilter(TargetFilter(exploit_id=72)), 10)
    assert {record.exploit.title for record in records} == {"Apache byterange filter DoS"}
    assert {record.exploit.description for record in records} == {"Checks CVE-2011-3192."}
    assert records[0].exploit is records[1].exploit  # one record per exploit, not per row


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (VulnerabilityFilter(), VulnerabilityFilter(min_risk=RiskLevel.LOW)),
        (
            VulnerabilityFilter(TargetFilter(node_id=1), expired=False),
            VulnerabilityFilter(TargetFilter(node_id=1), expired=False, min_risk=RiskLevel.LOW),
        ),
        (VulnerabilityFilter(min_risk=RiskLevel.NONE), VulnerabilityFilter(min_risk=RiskLevel.NONE)),
        (VulnerabilityFilter(min_risk=RiskLevel.HIGH), VulnerabilityFilter(min_risk=RiskLevel.HIGH)),
        (VulnerabilityFilter(risk_level="None"), VulnerabilityFilter(risk_level="None")),
    ],
)
def test_informational_output_only_when_a_risk_is_asked_for(
    where: VulnerabilityFilter, expected: VulnerabilityFilter
) -> None:
    assert export_view(where) == expected


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    """The statements run on `engine` while inside."""
    statements: list[str] = []

    def seen(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def test_rows_come_a_batch_at_a_time_from_one_query(seeded_db: Engine) -> None:
    """Nothing runs before the first batch is asked for; then one query streams every batch (the
    exploits' texts are read as new ones appear)."""
    where = VulnerabilityFilter(min_risk=RiskLevel.NONE)  # 5 findings
    with counted(seeded_db) as statements:
        batches = finding_batches(seeded_db, where, batch=2)
        assert statements == []
        assert [[record.id for record in rows] for rows in batches] == [[500, 501], [502, 600], [601]]
    reads = [statement for statement in statements if "FROM vulnerabilities" in statement]
    assert len(reads) == 1

"""A finding's page: the report asked for with its whole evidence and its triage, the exploit's
description and references, the scans that reported the finding, every stored report of it and
its changes; after an operator's triage form, what it did."""

from dataclasses import dataclass

from sqlalchemy import Connection

from aucote.storage.queries.changes import ChangeFilter, list_changes
from aucote.storage.queries.exploits import ExploitRow, get_exploit
from aucote.storage.queries.findings import FindingRow, finding_history, get_finding, scans_of
from aucote.storage.queries.paging import Window
from aucote.storage.queries.records import ScanRow, storable_id
from aucote.web.changes import ChangeLine, change_line
from aucote.web.params import TriageNotice
from aucote.web.references import Reference, references
from aucote.web.serving import Missing
from aucote.web.triage_form import notice_text

CHANGES = 200


@dataclass(frozen=True, slots=True, kw_only=True)
class FindingView:
    """What the finding page shows."""

    finding: FindingRow
    exploit: ExploitRow | None
    references: list[Reference]
    scans: list[ScanRow]
    reports: list[FindingRow]
    changes: list[ChangeLine]
    notice: str | None = None


def finding_view(connection: Connection, finding_id: int, notice: TriageNotice | None = None) -> FindingView:
    """The page of the stored report `finding_id` (Missing when there is none); `notice`: what a
    triage form did."""
    finding = get_finding(connection, finding_id) if storable_id(finding_id) else None
    if finding is None:
        raise Missing(f"Finding {finding_id}")
    return FindingView(
        finding=finding,
        exploit=get_exploit(connection, finding.exploit.id),
        references=references(finding.exploit.app, finding.exploit.name, finding.cve),
        scans=scans_of(connection, finding),
        reports=finding_history(connection, finding),
        changes=_changes(connection, finding),
        notice=None if notice is None else notice_text(notice, bulk=False),
    )


def _changes(connection: Connection, finding: FindingRow) -> list[ChangeLine]:
    where = ChangeFilter(node_id=finding.node.id, port=finding.port, protocol=finding.protocol)
    rows = list_changes(connection, where, Window(CHANGES, 0)).rows
    return [
        change_line(row) for row in rows if row.exploit is not None and row.exploit.id == finding.exploit.id
    ]

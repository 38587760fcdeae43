"""Differences between a scan and the previous finished scan of the same scanner: ports opened and
closed, services changed, findings appeared, disappeared or changed."""

from collections.abc import Mapping, Sequence

from sqlalchemy import Connection

from aucote.engine.notices import change_notices, write_notices
from aucote.engine.recorder import Recorder
from aucote.model.notification import NoticeRule
from aucote.storage.repository import history
from aucote.storage.repository.changes import add_changes
from aucote.storage.repository.records import NewChange

PORT_OPENED = "port_opened"
PORT_CLOSED = "port_closed"
SERVICE_CHANGED = "service_changed"
VULNERABILITY_APPEARED = "vulnerability_appeared"
VULNERABILITY_DISAPPEARED = "vulnerability_disappeared"
VULNERABILITY_CHANGED = "vulnerability_changed"


async def record_changes(recorder: Recorder, scanner: str, scan_id: int) -> None:
    """Compare the finished scan with its predecessor and store the differences."""
    rules = recorder.notice_rules
    written = await recorder.run(
        lambda connection: changes_since_previous(connection, scanner, scan_id, recorder.now(), rules)
    )
    if written:
        recorder.noticed()


def changes_since_previous(
    connection: Connection, scanner: str, scan_id: int, now: float, rules: Sequence[NoticeRule] = ()
) -> int:
    """Within a transaction: store the differences between the scan and its predecessor (what
    `record_changes` does for a live scan, and the importer for an imported report), and the
    notifications the rules ask for about them (in the same transaction: the outbox); how many
    outbox rows were written."""
    previous = history.previous_scan(connection, scanner, scan_id)
    if previous is None:
        return 0
    rows = port_changes(
        history.open_ports(connection, previous),
        history.open_ports(connection, scan_id),
        scan_id,
        previous,
        now,
    )
    tested = history.tested(connection, scan_id, "DONE")
    rows += finding_changes(
        history.findings(connection, previous),
        history.findings(connection, scan_id),
        tested,
        scan_id,
        previous,
        now,
    )
    add_changes(connection, rows)
    if not rules or not rows:
        return 0
    return write_notices(connection, rules, change_notices(connection, scanner, rows, now))


Known = tuple[int, str]
"""(row id, text compared) of a port or finding in one scan."""


def port_changes(
    before: Mapping[history.PortKey, Known],
    after: Mapping[history.PortKey, Known],
    scan_id: int,
    previous: int,
    now: float,
) -> list[NewChange]:
    """Ports opened, closed, or whose service changed."""
    rows: list[NewChange] = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if kind := _port_kind(old, new):
            rows.append(_change(scan_id, previous, now, kind, (*key, None), old, new))
    return rows


def _port_kind(old: Known | None, new: Known | None) -> str | None:
    if old is None:
        return PORT_OPENED
    if new is None:
        return PORT_CLOSED
    return SERVICE_CHANGED if old[1] != new[1] and old[1] and new[1] else None


def finding_changes(
    before: Mapping[history.FindingKey, Known],
    after: Mapping[history.FindingKey, Known],
    tested: set[tuple[int, int, int, int]],
    scan_id: int,
    previous: int,
    now: float,
) -> list[NewChange]:
    """Findings that appeared, changed, or disappeared (only where this scan re-tested them)."""
    rows: list[NewChange] = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if kind := _finding_kind(old, new, key[:4] in tested):
            rows.append(_change(scan_id, previous, now, kind, key[:4], old, new))
    return rows


def _change(
    scan_id: int,
    previous: int,
    now: float,
    kind: str,
    where: tuple[int, int, int, int | None],
    old: Known | None,
    new: Known | None,
) -> NewChange:
    """A change of `kind` at (node, protocol, port, exploit) with the texts before and after."""
    node_id, protocol, port, exploit_id = where
    before, after = (old[1] if old else None), (new[1] if new else None)
    return NewChange(scan_id, node_id, kind, now, previous, port, protocol, exploit_id, before, after)


def _finding_kind(old: Known | None, new: Known | None, retested: bool) -> str | None:
    if old is None:
        return VULNERABILITY_APPEARED
    if new is None:
        return VULNERABILITY_DISAPPEARED if retested else None
    return VULNERABILITY_CHANGED if old[1] != new[1] else None

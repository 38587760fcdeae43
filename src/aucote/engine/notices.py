"""Notifications of what a scan changed, written to the outbox in the transaction that records
the change (storage.repository.outbox); the notify package delivers them."""

import hashlib
import json
from collections.abc import Sequence

from sqlalchemy import Connection

from aucote.model.jobs import LostJobOutcome
from aucote.model.notification import EventKind, Notice, NoticeRule, due_time, rule_matches
from aucote.model.protocol import Protocol
from aucote.model.status import RiskLevel
from aucote.storage.queries import notices as lookups
from aucote.storage.queries.lost_jobs import LostJob
from aucote.storage.repository.outbox import NewOutboxRow, add_outbox
from aucote.storage.repository.records import NewChange

PORT_KINDS = {
    "port_opened": EventKind.PORT_OPENED,
    "port_closed": EventKind.PORT_CLOSED,
    "service_changed": EventKind.SERVICE_CHANGED,
}
RISKS = (RiskLevel.NONE, RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH)


def write_notices(connection: Connection, rules: Sequence[NoticeRule], notices: Sequence[Notice]) -> int:
    """Outbox rows for every rule and channel each notice matches; how many were written."""
    rows = [
        NewOutboxRow(
            key=notice.key,
            channel=channel,
            rule=rule.name,
            kind=notice.kind.value,
            created=notice.time,
            due=due_time(rule, notice.time),
            payload=json.dumps(notice.payload, sort_keys=True),
        )
        for notice in notices
        for rule in rules
        if rule_matches(rule, notice)
        for channel in rule.channels
    ]
    unique = list({(row.key, row.channel): row for row in rows}.values())  # two rules, one channel
    add_outbox(connection, unique)
    return len(unique)


def scan_failed(scanner: str, scan_id: int, reason: str | None, now: float) -> Notice:
    """A scanner's run ended FAILED."""
    payload = _envelope(f"scan_failed/{scan_id}", EventKind.SCAN_FAILED, scanner, scan_id, None, now)
    payload["item"] = {"reason": reason}
    return Notice(
        key=str(payload["key"]), kind=EventKind.SCAN_FAILED, scanner=scanner, time=now, payload=payload
    )


def worker_lost(job: LostJob, outcome: LostJobOutcome, now: float) -> Notice:
    """A worker went silent while it ran `job` (attempt `job.attempt`); `outcome` says what became
    of the job."""
    identity = f"worker_lost/{job.key}/{job.attempt}"
    payload = _envelope(identity, EventKind.WORKER_LOST, job.scanner, job.scan_id, None, now)
    payload["item"] = {
        "worker": job.worker,
        "zone": job.zone,
        "job": job.key,
        "kind": job.kind,
        "attempt": job.attempt,
        "outcome": outcome.value,
    }
    return Notice(
        key=str(payload["key"]), kind=EventKind.WORKER_LOST, scanner=job.scanner, time=now, payload=payload
    )


def change_notices(
    connection: Connection, scanner: str, rows: Sequence[NewChange], now: float
) -> list[Notice]:
    """A notice for each change the scan recorded (findings changed in place are not events)."""
    ips = lookups.node_ips(connection, (row.node_id for row in rows))
    exploit_ids = [row.exploit_id for row in rows if row.exploit_id is not None]
    names = lookups.exploit_names(connection, exploit_ids)
    scans = {row.scan_id for row in rows} | {row.previous_scan_id for row in rows if row.previous_scan_id}
    risks = lookups.finding_risks(connection, scans, exploit_ids) if exploit_ids else {}
    found: list[Notice] = []
    for index, row in enumerate(rows):
        kind = PORT_KINDS.get(row.kind) or _finding_kind(connection, row)
        if kind is None:
            continue
        risk = _risk(risks, row) if row.exploit_id is not None else None
        payload = _envelope(f"{row.scan_id}/{index}", kind, scanner, row.scan_id, row.previous_scan_id, now)
        payload["item"] = _item(row, ips.get(row.node_id), names.get(row.exploit_id or -1), risk)
        host = ips.get(row.node_id)
        found.append(
            Notice(
                key=str(payload["key"]),
                kind=kind,
                scanner=scanner,
                time=now,
                host=host,
                risk=risk,
                payload=payload,
            )
        )
    return found


def _finding_kind(connection: Connection, row: NewChange) -> EventKind | None:
    if row.kind == "vulnerability_disappeared":
        return EventKind.FINDING_RESOLVED
    if row.kind != "vulnerability_appeared" or row.exploit_id is None or row.port is None:
        return None
    place = (row.node_id, row.protocol or 0, row.port, row.exploit_id)
    scans = [row.scan_id, *([row.previous_scan_id] if row.previous_scan_id else [])]
    return (
        EventKind.FINDING_REOPENED
        if lookups.seen_elsewhere(connection, place, scans)
        else EventKind.FINDING_NEW
    )


def _risk(risks: dict[tuple[int, lookups.FindingPlace], set[str]], row: NewChange) -> RiskLevel:
    place = (row.node_id, row.protocol or 0, row.port or 0, row.exploit_id or 0)
    scan = row.previous_scan_id if row.kind == "vulnerability_disappeared" else row.scan_id
    levels = risks.get((scan or 0, place), set())
    return max((RiskLevel(level) for level in levels), key=RISKS.index, default=RiskLevel.NONE)


def _envelope(
    identity: str, kind: EventKind, scanner: str, scan_id: int, previous: int | None, now: float
) -> dict[str, object]:
    key = hashlib.sha256(f"{identity}/{kind.value}".encode()).hexdigest()[:32]
    return {
        "key": key,
        "event": kind.value,
        "scanner": scanner,
        "scan_id": scan_id,
        "previous_scan_id": previous,
        "time": now,
    }


def _item(
    row: NewChange, ip: str | None, exploit: dict[str, object] | None, risk: RiskLevel | None
) -> dict[str, object]:
    item: dict[str, object] = {
        "host": ip,
        "port": row.port,
        "protocol": Protocol(row.protocol).name.lower() if row.protocol else None,
        "before": row.previous_value,
        "after": row.current_value,
    }
    if exploit is not None:
        item["exploit"] = exploit
        item["risk"] = risk.value if risk else None
    return item

"""Audit log entries."""

from aucote.api.links import Links
from aucote.api.schemas.audit import AuditEntry
from aucote.api.times import human, number
from aucote.model import access


def audit_entry(entry: access.AuditEntry, links: Links) -> AuditEntry:
    """An entry of the audit log."""
    return AuditEntry(
        id=entry.id,
        url=links.item("audit", entry.id),
        time=number(entry.time),
        time_human=human(entry.time),
        actor=entry.actor,
        address=entry.address,
        action=entry.action.value,
        target=entry.target,
        detail=entry.detail,
    )

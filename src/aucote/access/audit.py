"""Appending to the audit log: who did what, to whom, from where (docs/access.md)."""

from dataclasses import dataclass

from sqlalchemy import Connection

from aucote.model.access import AuditAction
from aucote.storage.repository.audit import append_audit


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """Who acts: a user's name (or `cli:<os user>` for the command line) and their address."""

    name: str
    address: str | None = None


def record(
    connection: Connection,
    actor: Actor,
    action: AuditAction,
    target: str | None,
    detail: str | None = None,
    *,
    now: float,
) -> int:
    """Append one audit entry in the caller's transaction (it stands or falls with the change it
    records); return its id."""
    return append_audit(
        connection,
        time=now,
        actor=actor.name,
        address=actor.address,
        action=action,
        target=target,
        detail=detail,
    )

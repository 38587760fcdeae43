"""The audit log: who did what, when, from where."""

from aucote.api.params import AuditActionName
from aucote.api.schemas.common import Meta, Navigation, Number, Schema


class AuditEntry(Schema):
    """One entry. `actor` is a user's name, `service.api.password` or `cli:<OS user>`; `address`
    the client's address (null from the command line); `target` what was acted on (a user, a
    scanner); `detail` more about it (null when there is nothing to add)."""

    id: int
    url: str
    time: Number
    time_human: str
    actor: str
    address: str | None
    action: AuditActionName
    target: str | None
    detail: str | None


class AuditList(Schema):
    """A page of the audit log, newest first."""

    audit: list[AuditEntry]
    navigation: Navigation
    meta: Meta


class AuditDetail(AuditEntry):
    """One audit entry."""

    meta: Meta

"""What retention prunes: the tables it deletes from, and a prune's progress."""

from dataclasses import dataclass
from enum import StrEnum


class PrunedTable(StrEnum):
    """A table retention deletes rows of (docs/operations.md#retention)."""

    SECURITY_SCANS = "security_scans"
    VULNERABILITIES = "vulnerabilities"
    PORT_SCANS = "port_scans"
    CHANGES = "changes"
    NOTIFICATION_OUTBOX = "notification_outbox"
    QUEUE_JOBS = "queue_jobs"
    """Aucote's record of finished jobs of the job queue (`retention.finished_jobs`)."""
    PROCRASTINATE_JOBS = "procrastinate_jobs"
    """procrastinate's rows of those jobs, with their events."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PruneStep:
    """One batch done: how far the walk of `walked` has come (`done` of `total` ids or seqs) and
    how many rows of each table it deleted (or, in a dry run, would delete)."""

    walked: PrunedTable
    done: int
    total: int
    deleted: dict[PrunedTable, int]

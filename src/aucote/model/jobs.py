"""Queued scan work as Aucote records it: a job's state and why a job ended without its work."""

from enum import StrEnum


class JobState(StrEnum):
    """Where one job is, as Aucote's own record says (the queue's statuses may lag or lie: a
    worker that lost its lease can still tell the queue it finished)."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


FINISHED = frozenset({JobState.DONE, JobState.FAILED, JobState.CANCELLED})
"""States no attempt leaves."""


class JobKind(StrEnum):
    """What a job does."""

    HOST = "host"
    """Port scan and service detection of one host for one scan."""
    CHECKS = "checks"
    """A batch of checks of one app against one port for one scan."""


class LostJobOutcome(StrEnum):
    """What became of a job whose worker was lost (the `worker_lost` notification's `outcome`)."""

    QUEUED_AGAIN = "queued_again"
    """Back in its zone's queue for another worker."""
    FAILED = "failed"
    """It was its last attempt (`workers.max_attempts`): failed for good."""


class WorkerState(StrEnum):
    """A worker as its record and heartbeat say (GET /api/v1/workers)."""

    ALIVE = "alive"
    """Heartbeating."""
    STOPPED = "stopped"
    """Ended cleanly (drained)."""
    LOST = "lost"
    """Silent longer than `workers.stalled_after`: its jobs go to another worker."""

    @classmethod
    def of(cls, *, stopped: bool, heartbeat_age: float, lost_after: float) -> "WorkerState":
        """The state of a worker that stopped or not, heard from `heartbeat_age` seconds ago."""
        if stopped:
            return cls.STOPPED
        return cls.LOST if heartbeat_age > lost_after else cls.ALIVE

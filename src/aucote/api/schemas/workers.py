"""Workers and the jobs of each zone (docs/workers.md)."""

from typing import Literal

from aucote.api.schemas.common import Meta, Number, Schema
from aucote.model.jobs import WorkerState


class WorkerJob(Schema):
    """A job queued or running; `worker` is null while it waits."""

    job: str
    kind: Literal["host", "checks"]
    scan_id: int
    worker: str | None
    started: Number | None
    started_human: str | None


class Worker(Schema):
    """A worker: `state` is `alive`, `stopped` (ended cleanly) or `lost` (silent past its
    `workers.stalled_after`); `running` its running jobs."""

    name: str
    zone: str
    host: str
    version: str
    started: Number
    started_human: str
    heartbeat: Number
    heartbeat_human: str
    heartbeat_age: Number
    state: WorkerState
    running: list[WorkerJob]


class Zone(Schema):
    """The jobs of one zone: how many wait, and those running with their workers."""

    zone: str
    queued: int
    running: list[WorkerJob]


class WorkerList(Schema):
    """Every worker, and the jobs per zone."""

    workers: list[Worker]
    zones: list[Zone]
    meta: Meta

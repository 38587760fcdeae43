"""Workers as they announce themselves: registered at start, a heartbeat while they live, a stop
time when they end cleanly. A worker whose heartbeat is older than `workers.stalled_after` and
that did not stop is lost (storage.queries.workers)."""

from dataclasses import asdict, dataclass

from sqlalchemy import Connection, delete, insert, update

from aucote.storage.tables import queue_workers


@dataclass(frozen=True, slots=True, kw_only=True)
class NewWorker:
    """A worker starting."""

    name: str
    zone: str
    host: str
    version: str
    pid: int
    lost_after: float
    """Seconds of silence after which the worker counts as lost (its `workers.stalled_after`)."""


def register(connection: Connection, worker: NewWorker, now: float) -> None:
    """Record the worker as started now (a worker of the same name before it is replaced)."""
    connection.execute(delete(queue_workers).where(queue_workers.c.name == worker.name))
    connection.execute(insert(queue_workers).values(**asdict(worker), started=now, heartbeat=now))


def heartbeat(connection: Connection, name: str, now: float) -> None:
    """The worker is alive now."""
    connection.execute(update(queue_workers).where(queue_workers.c.name == name).values(heartbeat=now))


def stopped(connection: Connection, name: str, now: float) -> None:
    """The worker ended cleanly."""
    connection.execute(update(queue_workers).where(queue_workers.c.name == name).values(stopped=now))

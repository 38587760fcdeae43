"""What each log line says it belongs to: the scans of the run and the executor task it was
logged in, as context variables (asyncio copies them into the tasks a run starts, so every line
of a run's checks carries them). Read by the log formatter (`aucote.service_logging`)."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TaskLabel:
    """An executor task: its id (unique in the process) and what it does."""

    id: int
    label: str


RUN_SCANS: ContextVar[Mapping[str, int] | None] = ContextVar("aucote_run_scans", default=None)
"""The running pipeline's scan ids by scanner (filled as its scans start)."""
TASK: ContextVar[TaskLabel | None] = ContextVar("aucote_task", default=None)


def scan_ids() -> list[int]:
    """The scan ids of the run logging now (empty outside a run)."""
    scans = RUN_SCANS.get()
    return sorted(scans.values()) if scans else []


@contextmanager
def in_task(task_id: int, label: str) -> Iterator[None]:
    """Lines logged within are of this task."""
    token = TASK.set(TaskLabel(task_id, label))
    try:
        yield
    finally:
        TASK.reset(token)

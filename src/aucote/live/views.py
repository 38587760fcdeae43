"""What the API reads from the running service: scanner state and the task queue. The service
implements these protocols; without it the API shows the scanners of the stored scans (see
`stored_scanners`) and an idle, empty queue.

The methods are coroutines called on the server's event loop, so an asyncio service can hand out
a snapshot of its own state safely; they must not block."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

ScanType = Literal["LIVE", "PERIODIC"]
ScannerStatus = Literal["IDLE", "IN PROGRESS"]


@dataclass(frozen=True, slots=True)
class ScannerView:
    """A scanner's state. Times are epoch seconds; `nodes` reads like "10.12.2.175[86]"; cron and
        min_time_gap describe the schedule (not part of the API's scanner body); `display_name` is
        `portdetection.<name>.name` (None when not configured); `run_after` names the scanners a run of
    this one starts when it ends; `configured` is False for a scanner known only from stored scans."""

    name: str
    display_name: str | None = None
    enabled: bool = True
    scan_type: ScanType = "PERIODIC"
    cron: str | None = None
    min_time_gap: float = 0.0
    ipv4: Sequence[str] = ()
    ipv6: Sequence[str] = ()
    current_scan: float | None = None
    previous_scan: float | None = None
    next_scan: float | None = None
    status: ScannerStatus = "IDLE"
    nodes: Sequence[str] = ()
    run_after: Sequence[str] = ()
    configured: bool = True


@dataclass(frozen=True, slots=True)
class TasksView:
    """The task queue: unfinished = queued + running; a task reads like
    "nmap http-vuln-cve2011-3192 on 10.12.2.175:5985/TCP [tools_basic #942]"."""

    unfinished: int = 0
    queue: Sequence[str] = ()
    workers: int = 0
    jobs: Sequence[str] = ()


class ScannerSource(Protocol):
    """Gives the state of every configured scanner."""

    async def scanners(self) -> Sequence[ScannerView]:
        """Every scanner, in the order to list them."""
        ...


class TaskSource(Protocol):
    """Gives the state of the task queue."""

    async def tasks(self) -> TasksView:
        """The queue now."""
        ...


class IdleTasks:
    """No task queue here: nothing queued, no workers."""

    async def tasks(self) -> TasksView:
        """An empty queue."""
        return TasksView()

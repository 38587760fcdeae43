"""Progress events the pipeline emits; observers (a progress bar, the API's task view) consume them."""

from collections.abc import Callable
from dataclasses import dataclass

from aucote.model.target import Port


@dataclass(frozen=True, slots=True)
class HostsFound:
    """Discovery found this many live hosts (more may follow in a streamed run)."""

    count: int


@dataclass(frozen=True, slots=True)
class HostDone:
    """Every step for one host is finished."""

    ip: str
    open_ports: int


@dataclass(frozen=True, slots=True)
class ChecksPlanned:
    """Security scans were recorded for a port; `count` exploits will run."""

    port: Port
    count: int


@dataclass(frozen=True, slots=True)
class ChecksDone:
    """`count` security scans of a port ended (done, failed, timed out or skipped)."""

    port: Port
    count: int
    findings: int


@dataclass(frozen=True, slots=True)
class ToolStarted:
    """A tool process (or check) started; `label` reads like a task of the tasks API."""

    label: str


@dataclass(frozen=True, slots=True)
class ToolEnded:
    """The tool process with that label ended."""

    label: str


Event = HostsFound | HostDone | ChecksPlanned | ChecksDone | ToolStarted | ToolEnded
Observer = Callable[[Event], None]


def ignore(_event: Event) -> None:
    """The observer that does nothing."""

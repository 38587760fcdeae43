"""The local protocol between the API process and the scanning process of `aucote service`.

The scanning process owns the schedule, the runs and the task queue; the API process owns the
public port. The API asks the scanning process for live state and passes control calls to it as
small JSON requests over a Unix socket that only the service's user can open (its folder is 0700);
the token has already been checked by the API process by then."""

from collections.abc import Sequence

from pydantic import BaseModel, TypeAdapter

from aucote.live.control import StartResult
from aucote.live.health import ServiceHealth
from aucote.live.views import ScannerView, TasksView

SCANNERS = "/scanners"
TASKS = "/tasks"
PASSWORD_HASH = "/password-hash"
SHUTDOWN = "/shutdown"
HEALTH = "/health"
METRICS = "/metrics"
HOST = "http://aucote-service"
"""The socket is the address; httpx still wants a URL with a host."""


def start_path(name: str) -> str:
    """Where a start request for scanner `name` goes."""
    return f"/scanner/{name}/start"


def stop_path(name: str) -> str:
    """Where a stop request for scanner `name` goes."""
    return f"/scanner/{name}/stop"


class Started(BaseModel):
    """The answer to a start request."""

    result: StartResult


class Stopped(BaseModel):
    """The answer to a stop request: whether the scanner is configured, whether a run was stopped."""

    known: bool
    stopped: bool


class PasswordHashBody(BaseModel):
    """The control token's hash as configured now (it changes on SIGHUP)."""

    hash: str | None


SCANNER_VIEWS: TypeAdapter[Sequence[ScannerView]] = TypeAdapter(Sequence[ScannerView])
TASKS_VIEW: TypeAdapter[TasksView] = TypeAdapter(TasksView)
SERVICE_HEALTH: TypeAdapter[ServiceHealth] = TypeAdapter(ServiceHealth)

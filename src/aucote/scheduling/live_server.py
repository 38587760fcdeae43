"""The scanning process's side of the local protocol (`aucote.live.protocol`): a small
Starlette app on a Unix socket, answering the API process from the service's memory."""

from typing import Protocol

from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from pydantic import BaseModel
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from aucote.live.control import StartResult
from aucote.live.health import ServiceHealth
from aucote.live.protocol import (
    HEALTH,
    METRICS,
    PASSWORD_HASH,
    SCANNER_VIEWS,
    SCANNERS,
    SERVICE_HEALTH,
    SHUTDOWN,
    TASKS,
    TASKS_VIEW,
    PasswordHashBody,
    Started,
    Stopped,
    start_path,
    stop_path,
)
from aucote.live.views import ScannerView, TasksView

JSON = "application/json"


class LiveService(Protocol):
    """What the live server asks of the service."""

    def scanner_views(self) -> list[ScannerView]:
        """Every scanner's live state."""
        ...

    def task_view(self) -> TasksView:
        """The task queue."""
        ...

    def password_hash(self) -> str | None:
        """The configured control token hash."""
        ...

    def health(self) -> ServiceHealth:
        """The scanners stuck in a run, the CVE data age limit."""
        ...

    def metrics(self) -> bytes:
        """The scanning process's metrics, Prometheus text format."""
        ...

    def knows(self, name: str) -> bool:
        """Whether `name` is a configured scanner."""
        ...

    def start(self, name: str) -> StartResult:
        """Request a run of `name` now."""
        ...

    def stop(self, name: str) -> bool:
        """Cancel the running scan of `name`."""
        ...

    def shutdown(self) -> None:
        """Stop gracefully."""
        ...


def live_app(service: LiveService) -> Starlette:
    """The app; every handler runs on the service's event loop and only reads or pokes its state."""

    async def scanners(_request: Request) -> Response:
        return _json(SCANNER_VIEWS.dump_json(service.scanner_views()))

    async def tasks(_request: Request) -> Response:
        return _json(TASKS_VIEW.dump_json(service.task_view()))

    async def health(_request: Request) -> Response:
        return _json(SERVICE_HEALTH.dump_json(service.health()))

    async def metrics(_request: Request) -> Response:
        return Response(service.metrics(), media_type=CONTENT_TYPE_PLAIN_0_0_4)

    async def password_hash(_request: Request) -> Response:
        return _model(PasswordHashBody(hash=service.password_hash()))

    async def start(request: Request) -> Response:
        return _model(Started(result=service.start(request.path_params["name"])))

    async def stop(request: Request) -> Response:
        name = request.path_params["name"]
        known = service.knows(name)
        return _model(Stopped(known=known, stopped=known and service.stop(name)))

    async def shutdown(_request: Request) -> Response:
        service.shutdown()
        return _json(b"{}")

    return Starlette(
        routes=[
            Route(SCANNERS, scanners, methods=["GET"]),
            Route(TASKS, tasks, methods=["GET"]),
            Route(PASSWORD_HASH, password_hash, methods=["GET"]),
            Route(HEALTH, health, methods=["GET"]),
            Route(METRICS, metrics, methods=["GET"]),
            Route(start_path("{name}"), start, methods=["POST"]),
            Route(stop_path("{name}"), stop, methods=["POST"]),
            Route(SHUTDOWN, shutdown, methods=["POST"]),
        ]
    )


def _json(body: bytes) -> Response:
    return Response(body, media_type=JSON)


def _model(body: BaseModel) -> Response:
    return _json(body.model_dump_json().encode())

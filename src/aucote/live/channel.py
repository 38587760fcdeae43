"""The API process's end of the local channel: typed requests to the scanning process over its
Unix socket (`aucote.live.protocol`), answers parsed into the channel's vocabulary."""

from collections.abc import Sequence
from types import TracebackType
from typing import Self

import httpx

from aucote.live.control import StartResult, StopResult
from aucote.live.health import ServiceHealth
from aucote.live.protocol import (
    HEALTH,
    HOST,
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

TIMEOUT = 10.0


class LiveUnavailable(Exception):
    """The scanning process did not answer (gone, busy past the timeout, or an answer it should
    not have given)."""


class LiveChannel:
    """Requests to the scanning process of `aucote service`."""

    def __init__(self, socket_path: str) -> None:
        transport = httpx.AsyncHTTPTransport(uds=socket_path)
        self._client = httpx.AsyncClient(transport=transport, base_url=HOST, timeout=TIMEOUT)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self._client.aclose()

    async def _call(self, method: str, path: str) -> bytes:
        try:
            response = await self._client.request(method, path)
            response.raise_for_status()
        except httpx.HTTPError as error:
            raise LiveUnavailable(str(error)) from None
        return response.content

    async def scanners(self) -> Sequence[ScannerView]:
        """The configured scanners' live state."""
        return SCANNER_VIEWS.validate_json(await self._call("GET", SCANNERS))

    async def tasks(self) -> TasksView:
        """The task queue now."""
        return TASKS_VIEW.validate_json(await self._call("GET", TASKS))

    async def health(self) -> ServiceHealth:
        """The scanners stuck in a run and the CVE data age limit."""
        return SERVICE_HEALTH.validate_json(await self._call("GET", HEALTH))

    async def metrics(self) -> bytes:
        """The scanning process's metrics, Prometheus text format."""
        return await self._call("GET", METRICS)

    async def password_hash(self) -> str | None:
        """The control token's hash as the service has it configured now."""
        return PasswordHashBody.model_validate_json(await self._call("GET", PASSWORD_HASH)).hash

    async def start(self, name: str) -> StartResult:
        """Ask for a run of `name` now."""
        return Started.model_validate_json(await self._call("POST", start_path(name))).result

    async def stop(self, name: str) -> StopResult:
        """Cancel the running scan of `name`."""
        answer = Stopped.model_validate_json(await self._call("POST", stop_path(name)))
        if not answer.known:
            return "unknown"
        return "stopping" if answer.stopped else "idle"

    async def shutdown(self) -> None:
        """Stop the service gracefully."""
        await self._call("POST", SHUTDOWN)

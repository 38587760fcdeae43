"""The API process's side of the local protocol: live scanner state, the task queue and control
calls are asked of the scanning process over its Unix socket (see `live_protocol`). The stored
half of a scanner's state (previous scan, nodes) is read from the database here, in the API
process, so the scanning process answers from memory only."""

from collections.abc import Sequence
from types import TracebackType
from typing import Self

import httpx
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from aucote.api.control import StartResult, StopResult
from aucote.api.errors import ApiError
from aucote.api.live_protocol import (
    HOST,
    PASSWORD_HASH,
    SCANNER_VIEWS,
    SCANNERS,
    SHUTDOWN,
    TASKS,
    TASKS_VIEW,
    PasswordHashBody,
    Started,
    Stopped,
    start_path,
    stop_path,
)
from aucote.api.sources import ScannerView, TasksView
from aucote.api.stored_scanners import stored_views, with_stored

TIMEOUT = 10.0


class ServiceUnavailable(ApiError):
    """The scanning process did not answer (503)."""

    def __init__(self) -> None:
        super().__init__(503, "The scanning service is not answering")


class LiveClient:
    """ScannerSource, TaskSource, Controller and password hash, answered by the scanning process."""

    def __init__(self, socket_path: str, engine: Engine) -> None:
        transport = httpx.AsyncHTTPTransport(uds=socket_path)
        self._client = httpx.AsyncClient(transport=transport, base_url=HOST, timeout=TIMEOUT)
        self._engine = engine

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
        except httpx.HTTPError:
            raise ServiceUnavailable() from None
        return response.content

    async def scanners(self) -> Sequence[ScannerView]:
        """The configured scanners' live state, completed with what the stored scans say, then
        the scanners only stored scans name (IDLE)."""
        live = SCANNER_VIEWS.validate_json(await self._call("GET", SCANNERS))
        stored = await run_in_threadpool(self._stored)
        return with_stored(live, stored)

    def _stored(self) -> dict[str, ScannerView]:
        with self._engine.connect() as connection:
            return stored_views(connection)

    async def tasks(self) -> TasksView:
        """The task queue now."""
        return TASKS_VIEW.validate_json(await self._call("GET", TASKS))

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

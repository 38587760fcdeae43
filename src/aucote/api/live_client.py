"""The API process's side of the local protocol: live scanner state, the task queue and control
calls are asked of the scanning process over its Unix socket (see `aucote.live.protocol`). The stored
half of a scanner's state (previous scan, nodes) is read from the database here, in the API
process, so the scanning process answers from memory only."""

from collections.abc import Awaitable, Sequence
from types import TracebackType
from typing import Self, TypeVar

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from aucote.api.errors import ApiError
from aucote.api.stored_scanners import NodeLists, stored_views, with_stored
from aucote.live.channel import LiveChannel, LiveUnavailable
from aucote.live.control import StartResult, StopResult
from aucote.live.health import ServiceHealth
from aucote.live.views import ScannerView, TasksView

T = TypeVar("T")


class ServiceUnavailable(ApiError):
    """The scanning process did not answer (503)."""

    def __init__(self) -> None:
        super().__init__(503, "The scanning service is not answering")


async def _answered(call: Awaitable[T]) -> T:
    """The channel's answer, or 503 when the scanning process gave none."""
    try:
        return await call
    except LiveUnavailable:
        raise ServiceUnavailable() from None


class LiveClient:
    """ScannerSource, TaskSource, HealthSource, MetricsSource, Controller and password hash, answered by the
    scanning process."""

    def __init__(self, socket_path: str, engine: Engine) -> None:
        self._channel = LiveChannel(socket_path)
        self._engine = engine
        self._nodes = NodeLists()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self._channel.__aexit__(kind, error, trace)

    async def scanners(self) -> Sequence[ScannerView]:
        """The configured scanners' live state, completed with what the stored scans say, then
        the scanners only stored scans name (IDLE)."""
        live = await _answered(self._channel.scanners())
        stored = await run_in_threadpool(self._stored)
        return with_stored(live, stored)

    def _stored(self) -> dict[str, ScannerView]:
        with self._engine.connect() as connection:
            return stored_views(connection, self._nodes)

    async def tasks(self) -> TasksView:
        """The task queue now."""
        return await _answered(self._channel.tasks())

    async def health(self) -> ServiceHealth:
        """The scanning process's health (503 when it does not answer)."""
        return await _answered(self._channel.health())

    async def exposition(self) -> bytes:
        """The scanning process's metrics (503 when it does not answer)."""
        return await _answered(self._channel.metrics())

    async def password_hash(self) -> str | None:
        """The control token's hash as the service has it configured now."""
        return await _answered(self._channel.password_hash())

    async def start(self, name: str) -> StartResult:
        """Ask for a run of `name` now."""
        return await _answered(self._channel.start(name))

    async def stop(self, name: str) -> StopResult:
        """Cancel the running scan of `name`."""
        return await _answered(self._channel.stop(name))

    async def shutdown(self) -> None:
        """Stop the service gracefully."""
        await _answered(self._channel.shutdown())

"""The service's recount of stale checks (`aucote.metrics.stale`): once at start, then every minute,
in a worker thread; the settings' scanners are read anew each time (a reload changes them)."""

import asyncio
import logging
from collections.abc import Callable

from sqlalchemy import Engine

from aucote.config.portdetection import PortDetectionSettings
from aucote.metrics.stale import REFRESH_EVERY, StaleChecks, expected_periods

log = logging.getLogger("aucote.metrics")


class StaleRefresher:
    """Recounts into `stale` every `every` seconds until stopped."""

    def __init__(
        self,
        engine: Engine,
        stale: StaleChecks,
        scanners: Callable[[], PortDetectionSettings],
        clock: Callable[[], float],
        *,
        every: float = REFRESH_EVERY,
    ) -> None:
        self.engine, self.stale, self.scanners, self.clock = engine, stale, scanners, clock
        self.every = every

    async def run(self, stopping: asyncio.Event) -> None:
        """Recount now and then every `every` seconds until `stopping` is set."""
        while not stopping.is_set():
            await self.refresh_once()
            try:
                await asyncio.wait_for(stopping.wait(), timeout=self.every)
            except TimeoutError:
                continue

    async def refresh_once(self) -> None:
        """One recount; a failure is logged and the gauge keeps its last values."""
        now = self.clock()
        periods = expected_periods(self.scanners(), now)
        try:
            await asyncio.to_thread(self.stale.refresh, self.engine, periods, now)
        except Exception:  # a database hiccup must not end the recounts
            log.exception("counting stale checks failed")

"""The service's scheduled prune: `retention.every` after the service starts (a minute at first)
and then every `retention.every`, a prune (engine/pruning.py) in a worker thread, its batches
stopping when the service stops; the rows deleted are counted in `aucote_rows_pruned_total`."""

import asyncio
import logging
from collections.abc import Callable, Mapping

from sqlalchemy import Engine

from aucote.config.retention import RetentionSettings
from aucote.engine.pruning import prune
from aucote.model.retention import PrunedTable

log = logging.getLogger("aucote.retention")
FIRST_DELAY = 60.0


class Pruner:
    """Prunes on a schedule while `retention` is on; `settings` is replaced on reload."""

    def __init__(
        self,
        engine: Engine,
        settings: RetentionSettings,
        clock: Callable[[], float],
        counted: Callable[[Mapping[PrunedTable, int]], None],
        *,
        first_delay: float = FIRST_DELAY,
    ) -> None:
        self.engine, self.settings, self.clock, self.counted = engine, settings, clock, counted
        self.first_delay = first_delay

    async def run(self, stopping: asyncio.Event) -> None:
        """Prune on schedule until `stopping` is set."""
        delay = self.first_delay
        while not await _stopped_within(stopping, delay):
            if self.settings.enabled:
                await self.prune_once(stopping)
            delay = self.settings.every

    async def prune_once(self, stopping: asyncio.Event) -> None:
        """One prune; a failure is logged, and the next one comes on schedule."""
        settings = self.settings
        try:
            deleted = await asyncio.to_thread(
                prune, self.engine, settings, self.clock(), stopping=stopping.is_set
            )
        except Exception:  # a database hiccup must not end the schedule
            log.exception("prune failed")
            return
        self.counted(deleted)
        log.info("pruned %s", ", ".join(f"{count} {table.value}" for table, count in deleted.items()))


async def _stopped_within(stopping: asyncio.Event, seconds: float) -> bool:
    try:
        await asyncio.wait_for(stopping.wait(), timeout=seconds)
    except TimeoutError:
        return False
    return True

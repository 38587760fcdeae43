"""At most `parallel_tasks` jobs of each zone queued or running at once, over every run of the
service (one ZoneSlots per QueueExecutor): a run takes a slot before it queues a job and gives it
back when the job ended, was cancelled or failed. Taking a free slot never waits."""

import asyncio
from collections.abc import Callable


class ZoneSlots:
    """A counting semaphore per zone, sized by `limit(zone)` when the zone is first used."""

    def __init__(self, limit: Callable[[str], int]) -> None:
        self._limit = limit
        self._semaphores: dict[str, asyncio.Semaphore] = {}
        self._taken: dict[str, int] = {}
        self._waiting = 0

    def _of(self, zone: str) -> asyncio.Semaphore:
        if zone not in self._semaphores:
            self._semaphores[zone] = asyncio.Semaphore(self._limit(zone))
        return self._semaphores[zone]

    def free(self, zone: str) -> bool:
        """Whether a slot of `zone` can be taken without waiting."""
        return not self._of(zone).locked()

    async def take(self, zone: str) -> None:
        """A slot of `zone`, once one is free (at once when one is)."""
        self._waiting += 1
        try:
            await self._of(zone).acquire()
        finally:
            self._waiting -= 1
        self._taken[zone] = self._taken.get(zone, 0) + 1

    def give(self, zone: str) -> None:
        """Give back a slot taken with `take`."""
        self._taken[zone] -= 1
        self._of(zone).release()

    def in_use(self, zone: str) -> int:
        """Slots of `zone` taken now."""
        return self._taken.get(zone, 0)

    def wanted(self) -> bool:
        """Whether a run waits for a slot of some zone (the runs then look for ended jobs sooner)."""
        return self._waiting > 0

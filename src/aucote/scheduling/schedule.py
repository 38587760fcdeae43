"""When scanners fire. Pure: the caller passes the time, so tests drive time instead of sleeping.

PERIODIC scanners fire at each time of their cron expression (UTC); LIVE scanners every minute
(their runs skip hosts covered within `min_time_gap`). A scanner never runs twice at once: a fire
time that passes while it runs is dropped, not queued. When a run ends, its `run_after` scanners
fire. Disabled scanners never fire, not even by `run_after` or a manual start."""

from collections.abc import Iterable

from aucote.config.cron import next_cron_time
from aucote.scheduling.spec import LIVE_PERIOD, ScannerSpec

__all__ = ["Schedule", "next_cron_time"]


class Schedule:
    """Due times and running state of every scanner."""

    def __init__(self, specs: Iterable[ScannerSpec], now: float) -> None:
        self.specs = {spec.name: spec for spec in specs}
        self.running: set[str] = set()
        self.requested: set[str] = set()
        self.next_fire = {name: self._after(spec, now) for name, spec in self.specs.items()}

    def _after(self, spec: ScannerSpec, now: float) -> float:
        if spec.scan_type == "LIVE":
            return now
        return next_cron_time(spec.cron, now)

    def due(self, now: float) -> list[str]:
        """Scanners to start now; fire times passed during a run are dropped."""
        starting = []
        for name, spec in self.specs.items():
            fired = now >= self.next_fire[name] or name in self.requested
            if now >= self.next_fire[name]:
                self.next_fire[name] = self._next(spec, now)
            if fired and spec.enabled and name not in self.running:
                starting.append(name)
                self.requested.discard(name)
        return starting

    def _next(self, spec: ScannerSpec, now: float) -> float:
        if spec.scan_type == "LIVE":
            return now + LIVE_PERIOD
        return next_cron_time(spec.cron, now)

    def started(self, name: str) -> None:
        """A run of `name` began."""
        self.running.add(name)

    def finished(self, name: str) -> list[str]:
        """A run of `name` ended; returns the `run_after` scanners now requested."""
        self.running.discard(name)
        chained = [other for other in self.specs[name].run_after if other in self.specs]
        self.requested.update(chained)
        return chained

    def request(self, name: str) -> None:
        """Start `name` at the next tick (a manual start, like a cron fire)."""
        self.requested.add(name)

    def wake_time(self, now: float) -> float:
        """When `due` may next return something (at most a LIVE period away)."""
        if self.requested:
            return now
        return min([now + LIVE_PERIOD, *self.next_fire.values()])

"""Scanner health: each scanner's live state (status, previous and next run, schedule) beside what
storage knows (its newest scan, its newest DONE scan and the checks failing in its newest scan)."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from aucote.live.views import ScannerView
from aucote.storage.queries.overview import ScannerRuns, scanner_runs


@dataclass(frozen=True, slots=True, kw_only=True)
class ScannerHealth:
    """One scanner: its live view and its stored runs (None: it never ran)."""

    view: ScannerView
    runs: ScannerRuns | None

    @property
    def failing(self) -> int:
        """How many checks failed or timed out in its newest scan."""
        return 0 if self.runs is None else sum(self.runs.failing.values())


def scanner_health(connection: Connection, views: Sequence[ScannerView]) -> list[ScannerHealth]:
    """The scanners in the order of `views` (configured first), each with its stored runs."""
    runs = {run.name: run for run in scanner_runs(connection)}
    return [ScannerHealth(view=view, runs=runs.get(view.name)) for view in views]

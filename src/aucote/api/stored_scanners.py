"""Scanner state derived from stored scans alone: a scanner is IN PROGRESS when its newest scan has
no end, its previous scan is the start of its newest finished scan, its nodes those of its newest
scan. What only the configuration knows (enabled, type, cron, engines, next run) keeps the
ScannerView defaults until the service supplies it."""

from collections.abc import Sequence

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from aucote.api.sources import ScannerView
from aucote.storage.queries.scanners import ScannerHistory, scanner_histories


class StoredScanners:
    """A ScannerSource reading the database."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    async def scanners(self) -> Sequence[ScannerView]:
        """One view per scanner name found in the scans."""
        return await run_in_threadpool(self._read)

    def _read(self) -> list[ScannerView]:
        with self._engine.connect() as connection:
            return [scanner_view(history) for history in scanner_histories(connection)]


def scanner_view(history: ScannerHistory) -> ScannerView:
    """What the stored scans say about one scanner."""
    running = history.newest.end is None
    return ScannerView(
        name=history.name,
        current_scan=history.newest.start if running else None,
        previous_scan=history.previous_start,
        status="IN PROGRESS" if running else "IDLE",
        nodes=tuple(f"{node.ip}[{node.id}]" for node in history.nodes),
    )

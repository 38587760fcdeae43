"""Scanner state without a running service (`aucote serve`): the configured scanners, then every
other scanner named by a stored scan, all IDLE (nothing runs here), each with what the stored
scans say: the start of its newest finished scan (`previous_scan`) and the nodes of its newest
scan. The same completion serves the live views of `aucote service` (see `live_client`)."""

from collections.abc import Mapping, Sequence
from dataclasses import replace

from sqlalchemy import Connection, Engine
from starlette.concurrency import run_in_threadpool

from aucote.live.views import ScannerView
from aucote.storage.queries.scanners import ScannerHistory, scanner_histories


class StoredScanners:
    """A ScannerSource reading the database, over the configured scanners' views (if any)."""

    def __init__(self, engine: Engine, configured: Sequence[ScannerView] = ()) -> None:
        self._engine = engine
        self._configured = tuple(configured)

    async def scanners(self) -> Sequence[ScannerView]:
        """The configured scanners, then the other stored ones by name."""
        return await run_in_threadpool(self._read)

    def _read(self) -> list[ScannerView]:
        with self._engine.connect() as connection:
            return with_stored(self._configured, stored_views(connection))


def stored_views(connection: Connection) -> dict[str, ScannerView]:
    """A view per scanner name found in the scans, by name."""
    return {history.name: scanner_view(history) for history in scanner_histories(connection)}


def scanner_view(history: ScannerHistory) -> ScannerView:
    """What the stored scans say about one scanner: IDLE (storage knows no live state), not
    enabled (until a configuration says otherwise: a scanner known only from stored scans does
    not run)."""
    return ScannerView(
        name=history.name,
        enabled=False,
        configured=False,
        previous_scan=history.previous_start,
        nodes=tuple(f"{node.ip}[{node.id}]" for node in history.nodes),
    )


def with_stored(views: Sequence[ScannerView], stored: Mapping[str, ScannerView]) -> list[ScannerView]:
    """`views` with their stored previous scan and nodes, then the stored scanners not among them,
    so that every scanner a stored scan names can be shown."""
    known = {view.name for view in views}
    completed = [_merged(view, stored.get(view.name)) for view in views]
    return completed + [view for name, view in stored.items() if name not in known]


def _merged(view: ScannerView, stored: ScannerView | None) -> ScannerView:
    if stored is None:
        return view
    return replace(view, previous_scan=stored.previous_scan, nodes=stored.nodes)

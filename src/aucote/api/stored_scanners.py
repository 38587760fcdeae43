"""Scanner state without a running service (`aucote serve`): the configured scanners, then every
other scanner named by a stored scan, all IDLE (nothing runs here), each with what the stored
scans say: the start of its newest finished scan (`previous_scan`) and the nodes of its newest
scan. The same completion serves the live views of `aucote service` (see `live_client`).

The nodes of a finished scan never change, so each scanner's list is read once while its newest
scan is that finished scan (`NodeLists`): a page asking for the scanners does not read 10,000
nodes per scanner each time."""

from collections.abc import Mapping, Sequence
from dataclasses import replace
from threading import Lock

from sqlalchemy import Connection, Engine
from starlette.concurrency import run_in_threadpool

from aucote.live.views import ScannerView
from aucote.storage.queries.scanners import ScannerHistory, scan_nodes, scanner_histories


class NodeLists:
    """Each scanner's newest scan's nodes as shown ("10.12.2.175[86]"), kept while that scan is
    the scanner's newest and has ended (read again while it runs or once a newer scan starts)."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[int, tuple[str, ...]]] = {}
        self._lock = Lock()

    def shown(self, connection: Connection, history: ScannerHistory) -> tuple[str, ...]:
        """The nodes of `history`'s newest scan."""
        newest = history.newest
        with self._lock:
            kept = self._kept.get(history.name)
        if kept is not None and kept[0] == newest.id:
            return kept[1]
        found = tuple(f"{node.ip}[{node.id}]" for node in scan_nodes(connection, newest.id))
        if newest.end is not None:
            with self._lock:
                self._kept[history.name] = (newest.id, found)
        return found


class StoredScanners:
    """A ScannerSource reading the database, over the configured scanners' views (if any)."""

    def __init__(self, engine: Engine, configured: Sequence[ScannerView] = ()) -> None:
        self._engine = engine
        self._configured = tuple(configured)
        self._nodes = NodeLists()

    async def scanners(self) -> Sequence[ScannerView]:
        """The configured scanners, then the other stored ones by name."""
        return await run_in_threadpool(self._read)

    def _read(self) -> list[ScannerView]:
        with self._engine.connect() as connection:
            return with_stored(self._configured, stored_views(connection, self._nodes))


def stored_views(connection: Connection, nodes: NodeLists) -> dict[str, ScannerView]:
    """A view per scanner name found in the scans, by name."""
    return {
        history.name: scanner_view(history, nodes.shown(connection, history))
        for history in scanner_histories(connection, with_nodes=False)
    }


def scanner_view(history: ScannerHistory, nodes: tuple[str, ...]) -> ScannerView:
    """What the stored scans say about one scanner: IDLE (storage knows no live state), not
    enabled (until a configuration says otherwise: a scanner known only from stored scans does
    not run)."""
    return ScannerView(
        name=history.name,
        enabled=False,
        configured=False,
        previous_scan=history.previous_start,
        nodes=nodes,
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

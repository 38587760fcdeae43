"""The scanners page: each scanner's health, the task queue, the newest scans with their counts."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from aucote.live.views import ScannerView, TasksView
from aucote.storage.queries.paging import Window
from aucote.storage.queries.scans import ScanFilter, ScanSummary, get_scan, list_scans
from aucote.web.params import ScannersQuery
from aucote.web.views.health import ScannerHealth, scanner_health

RECENT = 20
NOTICES = {
    "started": "Scan of {scanner} started.",
    "stopping": "Scan of {scanner} stopping.",
    "running": "{scanner} is already running.",
    "idle": "{scanner} is not running.",
    "disabled": "{scanner} is disabled.",
    "unknown": "No scanner is called {scanner}.",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ScannersView:
    """What the scanners page shows."""

    scanners: list[ScannerHealth]
    tasks: TasksView
    recent: list[ScanSummary]
    notice: str | None


def scanners_view(
    connection: Connection, query: ScannersQuery, views: Sequence[ScannerView], tasks: TasksView
) -> ScannersView:
    """The page, with the live `views` and `tasks` read before."""
    scans = list_scans(connection, ScanFilter(), Window(RECENT, 0)).rows
    summaries = [summary for scan in scans if (summary := get_scan(connection, scan.id)) is not None]
    notice = None
    if query.notice is not None:
        notice = NOTICES[query.notice].format(scanner=query.scanner or "The scanner")
    return ScannersView(
        scanners=scanner_health(connection, views), tasks=tasks, recent=summaries, notice=notice
    )

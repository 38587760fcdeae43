"""The overview: what changed in each scanner's newest finished scan, current findings per risk
with those new and resolved over 24 hours and 7 days, the 90-day trend of open findings per risk
(from the daily totals stored as scans end), scanner health and the task queue, and the
most common ports, services, products and CVEs (stored as runs end), each a link into the
filtered list. Nothing here counts over the history."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from aucote.live.views import ScannerView, TasksView
from aucote.model.days import utc_day
from aucote.model.protocol import Protocol
from aucote.model.top_lists import TopList
from aucote.storage.queries.changes import newest_of_scans
from aucote.storage.queries.daily_totals import trend
from aucote.storage.queries.overview import Count, RiskCounts, newest_done_scans, risk_counts
from aucote.storage.queries.top_values import stored_tops
from aucote.web.changes import ChangeLine, change_line
from aucote.web.trend import TrendView, trend_view
from aucote.web.urls import href
from aucote.web.views.health import ScannerHealth, scanner_health

DAY = 86400
WINDOWS = (DAY, 7 * DAY)
FEED = 30


@dataclass(frozen=True, slots=True, kw_only=True)
class Top:
    """One of the top lists: its title and each value with its link and host count."""

    title: str
    rows: list[tuple[str, str, int]]


@dataclass(frozen=True, slots=True, kw_only=True)
class OverviewView:
    """What the overview shows."""

    feed: list[ChangeLine]
    more_changes: bool
    risks: list[RiskCounts]
    windows: tuple[int, ...]
    trend: TrendView
    scanners: list[ScannerHealth]
    tasks: TasksView
    tops: list[Top]


def overview_view(
    connection: Connection, prefix: str, now: float, views: Sequence[ScannerView], tasks: TasksView
) -> OverviewView:
    """The overview, with the live `views` and `tasks` read before."""
    changes = newest_of_scans(connection, newest_done_scans(connection), FEED)
    return OverviewView(
        feed=[change_line(change) for change in changes.rows],
        more_changes=changes.has_next,
        risks=risk_counts(connection, now, WINDOWS),
        windows=WINDOWS,
        trend=trend_view(trend(connection, utc_day(now))),
        scanners=scanner_health(connection, views),
        tasks=tasks,
        tops=tops(connection, prefix),
    )


def tops(connection: Connection, prefix: str) -> list[Top]:
    """The top lists stored as the newest run ended, with their links (ports, services and
    products into the hosts list, CVEs into the findings list)."""
    stored = stored_tops(connection)
    return [
        Top(title="Ports", rows=[_port(prefix, count) for count in stored[TopList.PORT]]),
        Top(title="Services", rows=_links(prefix, "/hosts", "service", stored[TopList.SERVICE])),
        Top(title="Products", rows=_links(prefix, "/hosts", "product", stored[TopList.PRODUCT])),
        Top(title="CVEs", rows=_links(prefix, "/findings", "cve", stored[TopList.CVE])),
    ]


def _port(prefix: str, count: Count) -> tuple[str, str, int]:
    protocol = Protocol(count.protocol).name if count.protocol in set(Protocol) else None
    label = f"{count.value}/{protocol or count.protocol}"
    return label, href(prefix, "/hosts", {"port": count.value, "protocol": protocol}), count.hosts


def _links(prefix: str, path: str, name: str, counts: list[Count]) -> list[tuple[str, str, int]]:
    return [(count.value, href(prefix, path, {name: count.value}), count.hosts) for count in counts]

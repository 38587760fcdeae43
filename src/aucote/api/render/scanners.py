"""Scanners and the task queue."""

from aucote.api.links import Links
from aucote.api.schemas.common import Meta
from aucote.api.schemas.scanners import ScannerDetail, ScannerEngines, ScannerLink, Tasks, Workers
from aucote.api.times import maybe_human, maybe_number
from aucote.live.views import ScannerView, TasksView


def scanner_link(view: ScannerView, links: Links) -> ScannerLink:
    """A scanner in the list."""
    return ScannerLink(name=view.name, display_name=view.display_name, url=links.item("scanner", view.name))


def scanner_detail(view: ScannerView, meta: Meta) -> ScannerDetail:
    """A scanner's state."""
    return ScannerDetail(
        scan=view.name,
        display_name=view.display_name,
        enabled=view.enabled,
        scan_type=view.scan_type,
        current_scan=maybe_number(view.current_scan),
        current_scan_human=maybe_human(view.current_scan),
        previous_scan=maybe_number(view.previous_scan),
        previous_scan_human=maybe_human(view.previous_scan),
        next_scan=maybe_number(view.next_scan),
        next_scan_human=maybe_human(view.next_scan),
        scanners=ScannerEngines(IPv4=list(view.ipv4), IPv6=list(view.ipv6)),
        status=view.status,
        nodes=list(view.nodes),
        meta=meta,
    )


def tasks(view: TasksView, meta: Meta) -> Tasks:
    """The task queue."""
    return Tasks(
        unfinished_tasks=view.unfinished,
        queue=list(view.queue),
        workers=Workers(count=view.workers, jobs=list(view.jobs)),
        meta=meta,
    )

"""When each check of the freshness grid is next due, computed the way `aucote service` schedules
it (`aucote.scheduling`): a check runs again when the tools scanner that ran it runs *and* a port
scanner has found its port open since that scanner's previous start (a tools run checks only the
ports found since its previous run). So, counting from the scanner's newest start:

* when a port scan found the port after that start, the check is due at the scanner's first fire
  after that finding;
* else the port must be found again first, when the port scanner of its protocol next covers the
  host (a LIVE one when `min_time_gap` has passed since it last covered the host, a PERIODIC one at
  its next cron time after that), and the check is due at the scanner's first fire after that.

A scanner fires at its own times (its cron, or every minute when LIVE) and when a scanner naming it
in `run_after` ends. A due time more than a minute past, with the scanner not running, is overdue:
the service was down, or the run did not take the port (it was not found open again).

Only a scanning service schedules anything: its scanners' live views carry their next fire time
(`next_scan`); without one (`aucote serve` over one-shot `aucote scan` runs) no view has one, and
no check is scheduled."""

from collections.abc import Sequence
from dataclasses import dataclass

from aucote.config.cron import next_cron_time
from aucote.config.scanner import LIVE_PERIOD
from aucote.config.scanners import PORT_SCANNERS
from aucote.live.views import ScannerView
from aucote.model.due import DueState, NotScheduled
from aucote.model.protocol import Protocol
from aucote.storage.queries.due_facts import DueFacts


@dataclass(frozen=True, slots=True, kw_only=True)
class NextDue:
    """When a check is next due (None when not scheduled), where that stands against now, and why."""

    state: DueState
    time: float | None = None
    reason: NotScheduled | None = None
    basis: str = ""
    """How the time follows from the schedule, in words."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckKey:
    """What the schedule of a check depends on: the scanner that ran it and its port."""

    scanner: str
    protocol: int
    port: int


class DueClock:
    """The next due time of a host's checks, from the scanners' views and the stored facts."""

    def __init__(self, views: Sequence[ScannerView], facts: DueFacts, now: float) -> None:
        self.views = {view.name: view for view in views}
        self.facts, self.now = facts, now
        self._known: dict[CheckKey, NextDue] = {}

    def next_due(self, check: CheckKey) -> NextDue:
        """When `check` is next due (the checks of one port and scanner share it)."""
        if check not in self._known:
            self._known[check] = self._computed(check)
        return self._known[check]

    def _computed(self, check: CheckKey) -> NextDue:
        scanner = self.views.get(check.scanner)
        if scanner is None or not scanner.configured:
            why = f"{check.scanner} is not a configured scanner"
            return _not_scheduled(NotScheduled.UNKNOWN_SCANNER, why)
        if not scanner.enabled:
            return _not_scheduled(NotScheduled.SCANNER_DISABLED, f"{scanner.name} is disabled")
        if scanner.next_scan is None:
            why = "no scanning service runs the scanners here"
            return _not_scheduled(NotScheduled.NO_SERVICE, why)
        since = self.facts.last_starts.get(scanner.name, 0.0)
        found = self.facts.found.get((check.protocol, check.port))
        if found is not None and found > since:
            basis = f"the first run of {scanner.name} after the port was found again"
            return self._against_now(self._first_fire(scanner, found), basis, scanner)
        return self._after_port_scan(scanner, check, since)

    def _after_port_scan(self, scanner: ScannerView, check: CheckKey, since: float) -> NextDue:
        name = _port_scanner(check.protocol)
        port_scanner = self.views.get(name) if name else None
        if port_scanner is None or not port_scanner.enabled or port_scanner.next_scan is None:
            why = f"its port must be found open again and {name or 'no port scanner'} does not run"
            return _not_scheduled(NotScheduled.PORT_SCANNER_OFF, why)
        covering = self._covering(port_scanner, since)
        basis = f"the first run of {scanner.name} after {port_scanner.name} finds the port open again"
        return self._against_now(self._first_fire(scanner, covering), basis, scanner)

    def _covering(self, port_scanner: ScannerView, since: float) -> float:
        """When the port scanner next covers the host after it last did (or after `since`)."""
        last = self.facts.covered.get(port_scanner.name, since)
        if port_scanner.scan_type == "LIVE":
            return last + port_scanner.min_time_gap
        return _own_fire(port_scanner, last)

    def _first_fire(self, scanner: ScannerView, after: float) -> float:
        """The scanner's first fire after `after`, at its own time or chained after another."""
        chaining = [view for view in self.views.values() if scanner.name in view.run_after]
        chained = [_own_fire(view, after) for view in chaining if view.enabled]
        return min([_own_fire(scanner, after), *chained])

    def _against_now(self, time: float, basis: str, scanner: ScannerView) -> NextDue:
        if time > self.now + LIVE_PERIOD:
            return NextDue(state=DueState.SCHEDULED, time=time, basis=basis)
        if time >= self.now - LIVE_PERIOD or scanner.status == "IN PROGRESS":
            return NextDue(state=DueState.DUE_NOW, time=time, basis=basis)
        return NextDue(state=DueState.OVERDUE, time=time, basis=basis)


def _own_fire(scanner: ScannerView, after: float) -> float:
    """The scanner's own first fire after `after`: the next minute tick of a LIVE scanner, the next
    cron time of a PERIODIC one."""
    if scanner.scan_type == "LIVE" or not scanner.cron:
        return after + LIVE_PERIOD
    return next_cron_time(scanner.cron, after)


def _port_scanner(protocol: int) -> str | None:
    try:
        name = Protocol(protocol).name.lower()
    except ValueError:
        return None
    return name if name in PORT_SCANNERS else None


def _not_scheduled(reason: NotScheduled, basis: str) -> NextDue:
    return NextDue(state=DueState.NOT_SCHEDULED, reason=reason, basis=basis)

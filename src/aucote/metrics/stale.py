"""`aucote_stale_checks{scanner}`: the (port, exploit) pairs whose newest security scan, by the tools
scanner that ran it, started longer ago than that scanner's expected period. Refreshed by the
scanning process at most once a minute with one aggregate query (`aucote.storage.queries.
stale_checks`) and kept in a gauge, so a scrape reads no database.

A check runs again when its tools scanner runs after a port scanner found its port open again
(`aucote.web.due`), so its expected period is the tools scanner's period plus the longest period of
an enabled port scanner, plus one minute of slack. A scanner's period is the gap between its next
two cron times (PERIODIC) or its `live_scan.min_time_gap` (LIVE)."""

from collections.abc import Mapping

from prometheus_client import CollectorRegistry, Gauge
from sqlalchemy import Engine

from aucote.config.cron import next_cron_time
from aucote.config.portdetection import PortDetectionSettings
from aucote.config.scanner import LIVE_PERIOD, ScannerSettings
from aucote.config.scanners import PORT_SCANNERS
from aucote.storage.queries.stale_checks import stale_checks

REFRESH_EVERY = 60.0


def scanner_period(scanner: ScannerSettings, now: float) -> float:
    """How long apart the scanner's runs are: its next two cron times, or its LIVE gap."""
    if scanner.scan_type == "LIVE":
        return max(scanner.live_scan.min_time_gap, LIVE_PERIOD)
    first = next_cron_time(scanner.periodic_scan.cron, now)
    return next_cron_time(scanner.periodic_scan.cron, first) - first


def expected_periods(settings: PortDetectionSettings, now: float) -> dict[str, float]:
    """Each enabled tools scanner's expected period (none when no port scanner is enabled)."""
    scanners = settings.scanners
    port_periods = [
        scanner_period(scanners[name], now)
        for name in PORT_SCANNERS
        if name in scanners and scanners[name].scan_enabled
    ]
    if not port_periods:
        return {}
    longest = max(port_periods)
    return {
        name: scanner_period(scanners[name], now) + longest + LIVE_PERIOD
        for name in settings.security_scans
        if name in scanners and scanners[name].scan_enabled
    }


class StaleChecks:
    """The gauge on `registry`; `refresh` recounts (blocking: run it in a thread)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.gauge = Gauge(
            "aucote_stale_checks",
            "Port and exploit pairs whose newest check is older than its scanner's expected period",
            ["scanner"],
            registry=registry,
        )

    def refresh(self, engine: Engine, periods: Mapping[str, float], now: float) -> dict[str, int]:
        """Recount the stale checks of the scanners in `periods`; other scanners' series go."""
        cutoffs = {name: now - period for name, period in periods.items()}
        with engine.connect() as connection:
            counts = stale_checks(connection, cutoffs)
        self.gauge.clear()
        for name in periods:
            self.gauge.labels(name).set(counts.get(name, 0))
        return counts

"""The scanning process's metrics of finished work: scans and checks by outcome with their
durations, and the open findings by risk. Counted when the recorder has stored each change
(`aucote.engine.meter.WorkMeter`), never computed from the history; the open findings start from
the newest daily totals, read once at start."""

from collections.abc import Mapping

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from sqlalchemy import Engine

from aucote.model.status import CheckStatus, RiskLevel, ScanStatus
from aucote.storage.queries.daily_totals import latest_open

MINUTE, HOUR = 60.0, 3600.0
SCAN_BUCKETS = (1.0, 5.0, 15.0, MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR, 4 * HOUR, 12 * HOUR, 24 * HOUR)
CHECK_BUCKETS = (0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, MINUTE, 5 * MINUTE, 15 * MINUTE)
RISKS = (RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH)


class WorkMetrics:
    """A `WorkMeter` that counts into Prometheus metrics on `registry`."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.scans = Counter(
            "aucote_scans", "Scans ended, by scanner and status", ["scanner", "status"], registry=registry
        )
        self.scan_seconds = Histogram(
            "aucote_scan_duration_seconds",
            "Duration of ended scans, by scanner",
            ["scanner"],
            buckets=SCAN_BUCKETS,
            registry=registry,
        )
        self.checks = Counter(
            "aucote_checks",
            "Security scans ended, by exploit app and status",
            ["app", "status"],
            registry=registry,
        )
        self.check_seconds = Histogram(
            "aucote_check_duration_seconds",
            "Duration of security scans that ran, by exploit app",
            ["app"],
            buckets=CHECK_BUCKETS,
            registry=registry,
        )
        self.findings = Gauge(
            "aucote_open_findings", "Open findings (not triaged) by risk level", ["risk"], registry=registry
        )

    def load(self, engine: Engine) -> None:
        """The open findings as the newest daily totals have them (one small read, at start)."""
        with engine.connect() as connection:
            self.open_findings(latest_open(connection))

    def scan_ended(self, scanner: str, status: ScanStatus, seconds: float) -> None:
        """Count an ended scan."""
        self.scans.labels(scanner, status.value).inc()
        self.scan_seconds.labels(scanner).observe(max(seconds, 0.0))

    def check_ended(self, app: str, status: CheckStatus, seconds: float | None) -> None:
        """Count an ended security scan; time it when it ran."""
        self.checks.labels(app, status.value).inc()
        if seconds is not None:
            self.check_seconds.labels(app).observe(max(seconds, 0.0))

    def open_findings(self, counts: Mapping[str, int]) -> None:
        """Set the open findings of every risk (a risk not given has none)."""
        for risk in RISKS:
            self.findings.labels(risk.value).set(counts.get(risk.value, 0))

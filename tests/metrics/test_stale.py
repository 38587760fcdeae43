"""`aucote_stale_checks`: expected periods from the scanners' settings, and the gauge recounted from
a real stored history (tests/web/host_history.py) and scraped with prometheus-client's parser."""

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine

from aucote.config.portdetection import PortDetectionSettings
from aucote.metrics.stale import StaleChecks, expected_periods
from tests.web.host_history import store_history
from tests.web.schedule_support import utc

HOUR, DAY = 3600.0, 86400.0


def _settings(tcp: dict[str, object], tools: dict[str, object]) -> PortDetectionSettings:
    off = {"scan_enabled": False}
    return PortDetectionSettings.model_validate(
        {"tcp": tcp, "udp": off, "tools_basic": tools, "tools_advanced": off}
    )


def test_expected_period_is_the_tools_period_plus_the_longest_port_scanner_period() -> None:
    hourly = {"scan_type": "PERIODIC", "periodic_scan": {"cron": "0 * * * *"}}
    live = {"scan_type": "LIVE", "live_scan": {"min_time_gap": "6h"}}
    periods = expected_periods(_settings(live, hourly), utc(2, 10, 30))
    assert periods == {"tools_basic": HOUR + 6 * HOUR + 60.0}


def test_no_enabled_port_scanner_means_no_expectation() -> None:
    settings = _settings({"scan_enabled": False}, {"scan_type": "LIVE"})
    assert expected_periods(settings, utc(2, 10)) == {}


def _scraped(registry: CollectorRegistry) -> dict[str, float]:
    text = generate_latest(registry).decode()
    (family,) = [f for f in text_string_to_metric_families(text) if f.name == "aucote_stale_checks"]
    return {sample.labels["scanner"]: sample.value for sample in family.samples}


def test_the_gauge_follows_each_recount(engine: Engine) -> None:
    store_history(engine)
    registry = CollectorRegistry()
    stale = StaleChecks(registry)
    stale.refresh(engine, {"tools_basic": 9 * HOUR, "tools_advanced": DAY}, utc(2, 12))  # cutoff 03:00
    assert _scraped(registry) == {"tools_basic": 1.0, "tools_advanced": 0.0}
    stale.refresh(engine, {"tools_basic": HOUR}, utc(3, 0))
    assert _scraped(registry) == {"tools_basic": 5.0}

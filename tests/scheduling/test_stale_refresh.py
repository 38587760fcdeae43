"""The service's recount of stale checks: on a real stored history, the gauge follows the
scanners' settings as they are at each recount, and a database that fails keeps the last values."""

import asyncio

from prometheus_client import CollectorRegistry
from sqlalchemy import Engine, create_engine

from aucote.config.portdetection import PortDetectionSettings
from aucote.metrics.stale import StaleChecks
from aucote.scheduling.stale_refresh import StaleRefresher
from tests.web.host_history import store_history
from tests.web.schedule_support import utc

DAILY = {"scan_type": "PERIODIC", "periodic_scan": {"cron": "0 0 * * *"}}
OFF = {"scan_enabled": False}


def _settings(tools: dict[str, object]) -> PortDetectionSettings:
    return PortDetectionSettings.model_validate(
        {"tcp": DAILY, "udp": OFF, "tools_basic": tools, "tools_advanced": OFF}
    )


def _value(stale: StaleChecks, scanner: str) -> float:
    (family,) = stale.gauge.collect()
    return {sample.labels["scanner"]: sample.value for sample in family.samples}[scanner]


def _now() -> float:
    return utc(4, 22, 30)


def test_recounts_with_the_current_settings(engine: Engine) -> None:
    store_history(engine)
    stale = StaleChecks(CollectorRegistry())
    settings = [_settings(DAILY)]
    # 2 days + 1 minute before 4 March 22:30 is 2 March 22:29: every newest run is older.
    refresher = StaleRefresher(engine, stale, lambda: settings[0], _now)
    asyncio.run(refresher.refresh_once())
    assert _value(stale, "tools_basic") == 5
    settings[0] = _settings(OFF)
    asyncio.run(refresher.refresh_once())
    assert stale.gauge.collect()[0].samples == []


def test_a_failing_database_keeps_the_last_counts(engine: Engine) -> None:
    store_history(engine)
    stale = StaleChecks(CollectorRegistry())
    asyncio.run(StaleRefresher(engine, stale, lambda: _settings(DAILY), _now).refresh_once())
    gone = create_engine("sqlite:////nonexistent/dir/aucote.sqlite3")
    asyncio.run(StaleRefresher(gone, stale, lambda: _settings(DAILY), _now).refresh_once())
    assert _value(stale, "tools_basic") == 5

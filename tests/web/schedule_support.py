"""Scanner views as a scanning service shows them, made from a real configuration file: the
settings loaded by `load_settings`, the schedule `aucote service` builds from them
(`make_schedule`) and its live views (`live_scanners`), none of them running."""

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from aucote.config.loader import load_settings
from aucote.live.views import ScannerView
from aucote.scheduling.runs import CurrentRun
from aucote.scheduling.service import make_schedule
from aucote.scheduling.views import live_scanners

CONFIG = """\
portdetection:
  tcp:
    scan_type: LIVE
    live_scan: {min_time_gap: 2h}
    run_after: []
  udp:
    scan_enabled: false
  tools_basic:
    scan_type: PERIODIC
    periodic_scan: {cron: '0 22 * * 1-5'}
  tools_advanced:
    scan_enabled: false
"""
"""tcp every minute for nodes not covered within 2 h; udp off; tools_basic weekdays at 22:00 UTC;
tools_advanced off."""


def utc(day: int, hour: int, minute: int = 0) -> float:
    """A time in March 2026 (the 2nd is a Monday)."""
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC).timestamp()


class Idle:
    """No run in progress (what `live_scanners` asks of `Runs`)."""

    current: dict[str, CurrentRun] = {}


def service_views(folder: Path, now: float, config: str = CONFIG) -> Sequence[ScannerView]:
    """The views of a service started at `now` with `config` (its first fires planned)."""
    path = folder / "aucote.yaml"
    path.write_text(config)
    settings = load_settings(path, environ={}).settings
    return live_scanners(make_schedule(settings, now), Idle())  # type: ignore[arg-type]

"""The schedule driven by an injected clock: cron fires, LIVE period, overlapping runs, run_after."""

from datetime import UTC, datetime

from aucote.scheduling.schedule import Schedule, next_cron_time
from aucote.scheduling.spec import ScannerSpec


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


def periodic(name: str, cron: str, *, run_after: tuple[str, ...] = (), enabled: bool = True) -> ScannerSpec:
    return ScannerSpec(name, "tools", enabled, "PERIODIC", cron, 0.0, run_after)


def live(name: str, gap: float = 7200.0) -> ScannerSpec:
    return ScannerSpec(name, "ports", True, "LIVE", "* * * * *", gap)


def test_next_cron_time_is_utc_and_strictly_after() -> None:
    assert next_cron_time("0 22 * * 1-5", at("2026-11-20T21:59:59")) == at("2026-11-20T22:00:00")
    assert next_cron_time("0 22 * * 1-5", at("2026-11-20T22:00:00")) == at("2026-11-23T22:00:00")


def test_periodic_scanner_fires_at_its_cron_time_once() -> None:
    schedule = Schedule([periodic("tools_basic", "0 22 * * *")], at("2026-11-20T12:00:00"))
    assert schedule.due(at("2026-11-20T21:59:59")) == []
    assert schedule.due(at("2026-11-20T22:00:00")) == ["tools_basic"]
    assert schedule.due(at("2026-11-20T22:00:30")) == []
    assert schedule.next_fire["tools_basic"] == at("2026-11-21T22:00:00")


def test_a_run_still_going_at_its_next_fire_time_is_not_started_twice() -> None:
    schedule = Schedule([periodic("tcp", "*/5 * * * *")], at("2026-11-20T12:00:00"))
    assert schedule.due(at("2026-11-20T12:05:00")) == ["tcp"]
    schedule.started("tcp")
    assert schedule.due(at("2026-11-20T12:10:00")) == []
    assert schedule.due(at("2026-11-20T12:14:00")) == []
    schedule.finished("tcp")
    assert schedule.due(at("2026-11-20T12:14:30")) == []
    assert schedule.due(at("2026-11-20T12:15:00")) == ["tcp"]


def test_live_scanner_fires_every_minute_when_idle() -> None:
    start = at("2026-11-20T12:00:00")
    schedule = Schedule([live("tcp")], start)
    assert schedule.due(start) == ["tcp"]
    schedule.started("tcp")
    assert schedule.due(start + 60) == []
    schedule.finished("tcp")
    assert schedule.due(start + 90) == []
    assert schedule.due(start + 120) == ["tcp"]


def test_run_after_chains_start_the_next_scanner() -> None:
    specs = [
        periodic("tcp", "0 * * * *", run_after=("tools_basic",)),
        periodic("tools_basic", "0 22 * * 6", run_after=("tools_advanced",)),
        periodic("tools_advanced", "0 23 * * 6", enabled=False),
    ]
    schedule = Schedule(specs, at("2026-11-20T12:30:00"))
    assert schedule.due(at("2026-11-20T13:00:00")) == ["tcp"]
    schedule.started("tcp")
    assert schedule.finished("tcp") == ["tools_basic"]
    assert schedule.due(at("2026-11-20T13:00:05")) == ["tools_basic"]
    schedule.started("tools_basic")
    schedule.finished("tools_basic")
    assert schedule.due(at("2026-11-20T13:00:10")) == []


def test_disabled_scanner_never_fires_even_when_requested() -> None:
    schedule = Schedule([periodic("udp", "* * * * *", enabled=False)], at("2026-11-20T12:00:00"))
    schedule.request("udp")
    assert schedule.due(at("2026-11-20T12:05:00")) == []


def test_manual_start_waits_for_a_running_scan_to_end() -> None:
    schedule = Schedule([periodic("tcp", "0 0 1 1 *")], at("2026-11-20T12:00:00"))
    schedule.request("tcp")
    assert schedule.wake_time(at("2026-11-20T12:00:00")) == at("2026-11-20T12:00:00")
    assert schedule.due(at("2026-11-20T12:00:01")) == ["tcp"]
    schedule.started("tcp")
    schedule.request("tcp")
    assert schedule.due(at("2026-11-20T12:00:02")) == []
    schedule.finished("tcp")
    assert schedule.due(at("2026-11-20T12:00:03")) == ["tcp"]

"""The next due of a check, against the scanners of a real configuration as `aucote service`
schedules them (tests/web/schedule_support.py: tcp LIVE with a 2 h gap, tools_basic weekdays at
22:00, udp and tools_advanced off), now being Monday 2 March 2026, 12:00 UTC."""

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aucote.live.views import ScannerView
from aucote.model.due import DueState, NotScheduled
from aucote.storage.queries.due_facts import DueFacts
from aucote.web.due import CheckKey, DueClock, NextDue
from tests.web.schedule_support import CONFIG, service_views, utc

NOW = utc(2, 12)
TCP, UDP = 6, 17
CHECK = CheckKey(scanner="tools_basic", protocol=TCP, port=443)
FIRST = "the first run of tools_basic after the port was found again"
AFTER_TCP = "the first run of tools_basic after tcp finds the port open again"


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> list[ScannerView]:
    return list(service_views(tmp_path_factory.mktemp("due"), NOW))


def facts(last_start: float, found: float | None, covered: float | None) -> DueFacts:
    """tools_basic started last at `last_start`; tcp found 443 at `found` and covered the host at
    `covered` (None: never)."""
    return DueFacts(
        last_starts={"tools_basic": last_start},
        found={} if found is None else {(TCP, 443): found, (UDP, 53): found},
        covered={} if covered is None else {"tcp": covered},
    )


def test_port_found_since_the_last_run_waits_for_the_next_cron_time(views: list[ScannerView]) -> None:
    clock = DueClock(views, facts(last_start=_feb(27, 22), found=utc(2, 11), covered=utc(2, 11)), NOW)
    assert clock.next_due(CHECK) == NextDue(state=DueState.SCHEDULED, time=utc(2, 22), basis=FIRST)


def test_port_not_found_since_waits_for_the_live_gap_then_the_cron(views: list[ScannerView]) -> None:
    # tcp covered the host at 11:30, found nothing new since Friday's run: it looks again at
    # 13:30 (2 h gap), and tools_basic takes the port at 22:00.
    clock = DueClock(views, facts(last_start=_feb(27, 22), found=_feb(27, 21), covered=utc(2, 11, 30)), NOW)
    assert clock.next_due(CHECK) == NextDue(state=DueState.SCHEDULED, time=utc(2, 22), basis=AFTER_TCP)


def test_late_in_the_evening_the_next_weekday(views: list[ScannerView]) -> None:
    # Covered at 21:00 on Monday (after tools_basic's 22:00 run of Friday): looked at again at
    # 23:00, so the check waits for Tuesday 22:00.
    later = utc(2, 21, 30)
    clock = DueClock(views, facts(last_start=_feb(27, 22), found=_feb(27, 21), covered=utc(2, 21)), later)
    assert clock.next_due(CHECK) == NextDue(state=DueState.SCHEDULED, time=utc(3, 22), basis=AFTER_TCP)


def test_a_missed_run_is_overdue(views: list[ScannerView]) -> None:
    # The service was down since Tuesday the 24th: its check was due on Wednesday 22:00.
    stale = DueFacts(last_starts={"tools_basic": _feb(24, 22)}, found={(TCP, 443): _feb(24, 21)},
                     covered={"tcp": _feb(24, 21)})  # fmt: skip
    assert DueClock(views, stale, NOW).next_due(CHECK) == NextDue(
        state=DueState.OVERDUE, time=_feb(25, 22), basis=AFTER_TCP
    )


def test_past_due_while_its_scanner_runs_is_due_now(views: list[ScannerView]) -> None:
    running = [replace(view, status="IN PROGRESS") if view.name == "tools_basic" else view for view in views]
    stale = DueFacts(last_starts={"tools_basic": _feb(24, 22)}, found={}, covered={"tcp": _feb(24, 21)})
    assert DueClock(running, stale, NOW).next_due(CHECK).state is DueState.DUE_NOW


def test_chained_after_the_port_scanner_it_is_due_within_a_minute(tmp_path: Path) -> None:
    chained = CONFIG.replace("    run_after: []", "    run_after: [tools_basic]")
    views = service_views(tmp_path, NOW, chained)
    clock = DueClock(views, facts(last_start=utc(2, 11), found=NOW - 30, covered=NOW - 30), NOW)
    assert clock.next_due(CHECK) == NextDue(state=DueState.DUE_NOW, time=NOW + 30, basis=FIRST)


@pytest.mark.parametrize(
    ("check", "reason", "basis"),
    [
        (CheckKey(scanner="tools_advanced", protocol=TCP, port=443), NotScheduled.SCANNER_DISABLED,
         "tools_advanced is disabled"),
        (CheckKey(scanner="tools_nessus", protocol=TCP, port=443), NotScheduled.UNKNOWN_SCANNER,
         "tools_nessus is not a configured scanner"),
        (CheckKey(scanner="tools_basic", protocol=UDP, port=53), NotScheduled.PORT_SCANNER_OFF,
         "its port must be found open again and udp does not run"),
    ],
)  # fmt: skip
def test_not_scheduled(views: list[ScannerView], check: CheckKey, reason: NotScheduled, basis: str) -> None:
    clock = DueClock(views, facts(last_start=utc(2, 11), found=_feb(27, 21), covered=utc(2, 11)), NOW)
    assert clock.next_due(check) == NextDue(state=DueState.NOT_SCHEDULED, reason=reason, basis=basis)


def test_without_a_scanning_service_nothing_is_scheduled(views: list[ScannerView]) -> None:
    # `aucote serve` shows the configured scanners without a next fire: one-shot scans only.
    served = [replace(view, next_scan=None) for view in views]
    clock = DueClock(served, facts(last_start=_feb(27, 22), found=utc(2, 11), covered=utc(2, 11)), NOW)
    assert clock.next_due(CHECK) == NextDue(
        state=DueState.NOT_SCHEDULED,
        reason=NotScheduled.NO_SERVICE,
        basis="no scanning service runs the scanners here",
    )


def _feb(day: int, hour: int) -> float:
    return datetime(2026, 2, day, hour, tzinfo=UTC).timestamp()

"""What the scanning process tells `/readyz` of itself: scanners stuck in a run and cve.max_age."""

from aucote.scheduling.runs import CurrentRun
from aucote.scheduling.views import service_health

HOUR = 3600.0


class FakeRuns:
    def __init__(self, started: dict[str, float]) -> None:
        """Runs started at the given times (service_health reads only `started`)."""
        self.current = {name: CurrentRun(name, None, None, at) for name, at in started.items()}  # type: ignore[arg-type]


def test_a_run_longer_than_stuck_after_is_stuck() -> None:
    runs = FakeRuns({"udp": 1000.0, "tcp": 0.0, "tools_basic": 5000.0})
    health = service_health(runs, HOUR, None, HOUR + 1000.0)  # type: ignore[arg-type]
    assert (list(health.stuck), health.cve_max_age) == (["tcp"], None)
    later = service_health(runs, HOUR, 8 * 24 * HOUR, HOUR + 1000.5)  # type: ignore[arg-type]
    assert (list(later.stuck), later.cve_max_age) == (["tcp", "udp"], 8 * 24 * HOUR)

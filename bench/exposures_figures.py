"""The exposure benchmark's figures from what a run stored and printed: per port the delay from its
port scan row (port found) to the end of its last security scan (checks done), the added time of
the new checks, and recall (findings of the vulnerable host, none on the safe one)."""

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from aucote.storage.tables import nodes, port_scans, security_scans

PortKey = tuple[str, int, int]
"""(ip, port, IANA protocol number)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PortChecks:
    """One port's checks in one run."""

    delay: float
    """Seconds from the port scan row to the end of the port's last security scan."""
    count: int
    probe_time: float
    """Sum of the durations (end - start) of Aucote's own probes among the new checks on this port
    (an nmap entry's start and end are those of the nmap run it shares with the port's other scripts,
    so they are left out)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckRow:
    """One stored security scan."""

    key: PortKey
    exploit_id: int
    start: float | None
    end: float | None
    status: str
    reason: str | None


def stored(engine: Engine) -> tuple[dict[PortKey, float], list[CheckRow]]:
    """(when each port was found, every security scan) of the database."""
    found = select(nodes.c.ip, port_scans.c.port, port_scans.c.protocol, port_scans.c.time)
    checks = select(
        nodes.c.ip,
        security_scans.c.port,
        security_scans.c.protocol,
        security_scans.c.exploit_id,
        security_scans.c.start,
        security_scans.c.end,
        security_scans.c.status,
        security_scans.c.reason,
    )
    with engine.connect() as connection:
        times = {
            (ip, port, proto): time
            for ip, port, proto, time in connection.execute(
                found.join(nodes, nodes.c.id == port_scans.c.node_id)
            )
        }
        rows = [
            CheckRow(
                key=(r.ip, r.port, r.protocol),
                exploit_id=r.exploit_id,
                start=r.start,
                end=r.end,
                status=r.status,
                reason=r.reason,
            )
            for r in connection.execute(checks.join(nodes, nodes.c.id == security_scans.c.node_id))
        ]
    return times, rows


def port_checks(
    found: Mapping[PortKey, float], rows: Iterable[CheckRow], new: set[int]
) -> dict[PortKey, PortChecks]:
    """Per port found that has ended checks: its delay, number of checks and the new checks' time."""
    by_port: dict[PortKey, list[CheckRow]] = {}
    for row in rows:
        by_port.setdefault(row.key, []).append(row)
    result = {}
    for key, port_rows in by_port.items():
        ends = [row.end for row in port_rows if row.end is not None]
        if key in found and ends:
            busy = sum(
                row.end - row.start for row in port_rows if row.exploit_id in new and row.start and row.end
            )
            result[key] = PortChecks(delay=max(ends) - found[key], count=len(port_rows), probe_time=busy)
    return result


def median_checks(runs: Sequence[Mapping[PortKey, PortChecks]]) -> dict[PortKey, PortChecks]:
    """Per port checked in every run: the median delay and probe time, the last run's count."""
    keys = set.intersection(*(set(run) for run in runs)) if runs else set()
    return {
        key: PortChecks(
            delay=statistics.median(run[key].delay for run in runs),
            count=runs[-1][key].count,
            probe_time=statistics.median(run[key].probe_time for run in runs),
        )
        for key in keys
    }


def added_times(
    without: Mapping[PortKey, PortChecks], with_new: Mapping[PortKey, PortChecks]
) -> dict[PortKey, float]:
    """Per port checked in both runs: delay with the new checks minus delay without."""
    return {key: with_new[key].delay - without[key].delay for key in with_new if key in without}


def spread(values: Iterable[float]) -> tuple[float, float]:
    """(median, max), NaN for none."""
    items = list(values)
    return (statistics.median(items), max(items)) if items else (float("nan"), float("nan"))


def findings_of(report: Mapping[str, Any]) -> set[tuple[str, int]]:
    """(ip, exploit id) of every finding (risk ≥ Low) of an `aucote scan --json` document."""
    return {(item["ip"], item["exploit"]["id"]) for item in report.get("findings", [])}


def statuses(rows: Iterable[CheckRow], ip: str, exploit_ids: set[int]) -> Counter[str]:
    """`STATUS` or `STATUS/reason` counts of the host's security scans of `exploit_ids`."""
    return Counter(
        row.status + (f"/{row.reason}" if row.reason else "")
        for row in rows
        if row.key[0] == ip and row.exploit_id in exploit_ids
    )

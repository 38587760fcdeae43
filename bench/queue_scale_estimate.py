"""The estimate on paper of what a daily scan of 100,000 hosts needs, for bench/queue_scale_bench.py:
from the figures the bench measured (the lab's jobs and security scans per host, the queue at
1,000,000 jobs, bytes per security scan and per job) and figures recorded in docs/benchmarks.md
(how long the tools take per host), named below with their section."""

import math
from collections.abc import Mapping
from dataclasses import dataclass

from bench.queue_scale_growth import Growth
from bench.queue_scale_shape import LabTotals

HOSTS_PER_DAY = 100_000
WINDOWS = (24, 8)
"""Hours a day's scan may take: the whole day, or a night."""
LAB_HOSTS = 8
LAB_WALL = 56.4
"""docs/benchmarks.md, "Scanning engine": `aucote scan` of the 8-host lab, every TCP port, profile
basic, no rate cap, median of 5 runs on the 2-core machine (tools at full parallelism: the CPUs
are the limit)."""
LAB_SEQUENTIAL = 178.3
"""Same section: the same work as plain nmap commands one after another (discovery 2.0 s, ports
6.7 s, services 81.9 s, scripts 87.6 s): the tools' own time for the 8 hosts."""
PORTS = 65_536
"""The tcp scanner's default `ports.include` (0-65535, docs/configuration.md)."""
SCAN_RATE = 500
"""The tcp scanner's default `scan_rate` (nmap --max-rate per nmap run, docs/configuration.md)."""
KEEP_DAYS = (10, 90)
"""Retention examples (docs/operations.md): `keep_runs: 10` of a daily scan, `max_age: 90d`; the
tables retention does not prune (the job record, node scans, scans …) keep growing."""
GB = 1e9
YEAR = 365
PRUNED = ("security_scans", "vulnerabilities", "port_scans")
"""The tables retention prunes (docs/operations.md#retention); the others keep every row."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Measured:
    """This run's figures the estimate uses."""

    lab: LabTotals
    deep_enqueue: float
    deep_drain: Mapping[int, float]
    growth: Growth


def estimate(measured: Measured) -> list[str]:
    """The estimate as Markdown lines."""
    lab, growth = measured.lab, measured.growth
    jobs = HOSTS_PER_DAY * lab.jobs
    scans = HOSTS_PER_DAY * lab.security_scans
    per_scan = growth.aucote(growth.written) / growth.security_scans
    per_scan_compact = growth.aucote(growth.compact) / growth.security_scans
    per_job = growth.procrastinate(growth.written) / growth.jobs
    kept_per_job = growth.procrastinate(growth.cleaned) / growth.jobs
    lines = [
        "",
        f"estimate for a daily scan of {HOSTS_PER_DAY:,} hosts shaped like the lab's "
        f"({lab.ports:.2f} open ports, {lab.security_scans:.1f} security scans, {lab.jobs:.2f} jobs"
        " per host):",
        "",
        "| quantity | value | from |",
        "|---|---|---|",
        f"| jobs per day | {jobs:,.0f} | hosts x (1 host job + {lab.check_jobs:.2f} checks jobs) |",
        f"| security scans per day | {scans:,.0f} | hosts x {lab.security_scans:.1f} |",
        f"| enqueue time for a day's jobs | {jobs / measured.deep_enqueue / 60:.0f} min | "
        f"measured enqueue at 1,000,000 queued: {measured.deep_enqueue:.0f} jobs/s |",
    ]
    for workers, rate in sorted(measured.deep_drain.items()):
        lines.append(
            f"| queue time for a day's jobs, {workers} worker(s) | {jobs / rate / 3600:.1f} h of queue work "
            f"| measured completion of no-op jobs at 1,000,000 queued: {rate:.0f} jobs/s |"
        )
    for hours in WINDOWS:
        lines.append(
            f"| average job rate needed over {hours} h | {jobs / hours / 3600:.1f} jobs/s |"
            " jobs per day / window |"
        )
    per_host = LAB_WALL / LAB_HOSTS
    for hours in WINDOWS:
        machines = math.ceil(HOSTS_PER_DAY * per_host / (hours * 3600))
        lines.append(
            f"| 2-core worker machines, lab speed, {hours} h | {machines} |"
            f" {per_host:.2f} machine-s per host "
            f"(lab: {LAB_WALL} s for {LAB_HOSTS} hosts) |"
        )
    port_scan = PORTS / SCAN_RATE
    for hours in WINDOWS:
        busy = math.ceil(HOSTS_PER_DAY * port_scan / (hours * 3600))
        lines.append(
            f"| host jobs at once, rate-bound, {hours} h | {busy} ({busy * SCAN_RATE:,} packets/s in all) | "
            f"{PORTS:,} ports / scan_rate {SCAN_RATE} = {port_scan:.0f} s per host at least |"
        )
    pruned = sum(growth.written.get(name, 0) for name in PRUNED) / growth.security_scans * scans
    kept = growth.aucote(growth.written) / growth.security_scans * scans - pruned
    queue = jobs * per_job
    lines += [
        f"| Aucote's tables per security scan | {per_scan:.0f} B as written,"
        f" {per_scan_compact:.0f} B compact | "
        f"growth run: {growth.security_scans:,} security scans |",
        f"| procrastinate's rows per job | {per_job:.0f} B kept, {kept_per_job:.0f} B after its cleanup | "
        f"growth run: {growth.jobs:,} jobs |",
        f"| database growth per day | {(pruned + kept + queue) / GB:.1f} GB: {pruned / GB:.1f} that retention"
        f" prunes, {kept / GB:.1f} it keeps, {queue / GB:.1f} procrastinate's | as written |",
    ]
    for days in KEEP_DAYS:
        size = days * pruned + YEAR * kept
        lines.append(
            f"| database after a year, runs of {days} days kept | {size / GB:.0f} GB"
            f" (+{YEAR * queue / GB:.0f} GB unless procrastinate's jobs are deleted) |"
            f" {days} x pruned + {YEAR} x kept per day |"
        )
    return lines

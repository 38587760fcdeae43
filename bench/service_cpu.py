"""Who used the CPU during a bench phase: the scanning process, its API process, its tools, the
lab's servers, the control server and the bench's client, from /proc (utime + stime, and the
reaped children's cutime + cstime for processes that exited meanwhile); and, from /proc/stat, the
whole machine's interrupt time (the lab's network: every probe and answer crosses the veth pairs
and the lab hosts' TCP stacks in softirq, on these same cores, where no nice value applies) and
its busy time, and the time the hypervisor took the cores away (steal)."""

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Times:
    """CPU seconds of one process and of its reaped children."""

    own: float
    reaped: float


def times(pid: int) -> Times:
    """From /proc/PID/stat (zero when the process is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return Times(0.0, 0.0)
    utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
    return Times((utime + stime) / TICK, (cutime + cstime) / TICK)


def machine() -> dict[str, float]:
    """CPU seconds of the whole machine so far (/proc/stat): in interrupts (irq + softirq; also
    counted in the processes they interrupted), stolen by the hypervisor (a virtual machine's
    cores waiting for the host's), and busy (neither idle nor stolen)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, irq, softirq, steal = (fields[i] for i in (0, 1, 2, 5, 6, 7))
    return {
        "machine: interrupts": (irq + softirq) / TICK,
        "machine: stolen by the host": steal / TICK,
        "machine: busy": (user + nice + system + irq + softirq) / TICK,
    }


def _parents() -> dict[int, int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    return parents


def family(roots: Iterable[int]) -> set[int]:
    """`roots` and every process descending from them."""
    parents, found, changed = _parents(), set(roots), True
    while changed:
        grown = {child for child, parent in parents.items() if parent in found} | found
        changed, found = grown != found, grown
    return found


def is_api_process(pid: int) -> bool:
    """Whether `pid` runs `python -m aucote.api.process`."""
    try:
        return b"aucote.api.process" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


@dataclass(frozen=True)
class Who:
    """The processes of a bench run, by role."""

    service: int
    lab: tuple[int, ...]
    control: int
    client: int


Snapshot = dict[str, float]


def snapshot(who: Who) -> Snapshot:
    """CPU seconds so far by role. Tools that already exited count through the scanning
    process's reaped-children times; the lab's servers through their own."""
    service_family = family([who.service]) - {who.service}
    api = {pid for pid in service_family if is_api_process(pid)}
    tools = service_family - family(api)
    scanning = times(who.service)
    return {
        "scanning process": scanning.own,
        "API process": sum(times(pid).own for pid in family(api)),
        "tools (nmap …)": scanning.reaped + sum(times(pid).own for pid in tools),
        "lab servers": sum(times(pid).own + times(pid).reaped for pid in who.lab),
        "control server": times(who.control).own,
        "bench client": times(who.client).own,
        **machine(),
    }


def print_cpu(before: Snapshot, after: Snapshot, seconds: float, phase: str = "busy") -> None:
    """CPU seconds per role over the phase, and as a share of the machine's cores."""
    cores = os.cpu_count() or 1
    title, share = f"CPU during the {phase} phase", f"share of {cores} cores"
    print(f"\n{title:<30} {'seconds':>8} {share:>16}")
    for role in after:
        used = after[role] - before[role]
        print(f"{role:<30} {used:>8.1f} {100 * used / (seconds * cores):>15.0f}%")

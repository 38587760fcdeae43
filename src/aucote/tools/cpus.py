"""Which CPUs tools may run on in service mode.

`aucote service` keeps the first `service.scans.reserved_cpus` CPUs free of tools, so that its
API and scheduler always find a core that nmap's packets and scripts are not using (measured:
bench/service_bench.py api-under-load). Nice values alone do not give that: the kernel handles
a tool's network traffic in interrupt context on the tool's CPU, whatever the tool's priority.
"""

import os


def tool_cpus(reserved: int, available: frozenset[int] | None = None) -> frozenset[int] | None:
    """The CPUs left to tools after reserving the lowest-numbered `reserved` of `available`
    (this process's CPUs by default); None, meaning any CPU, when nothing is reserved or
    reserving would leave tools no CPU."""
    cpus = sorted(available if available is not None else os.sched_getaffinity(0))
    if reserved <= 0 or len(cpus) <= reserved:
        return None
    return frozenset(cpus[reserved:])

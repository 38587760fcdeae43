"""A short CPU time slice for the API process, so that a request waits less for a core.

Linux's EEVDF scheduler (6.6 and later) lets a thread ask for a shorter time slice than the default
(about 0.7 ms times 1 + log2 of the cores): `sched_setattr` with `sched_runtime` set for SCHED_OTHER,
0.1 to 100 ms. A thread that wakes with a shorter slice than the running one preempts it, so the
API's event loop, woken by a request, no longer waits for nmap or a check to finish its slice
(bench/service_bench.py api-under-load, docs/benchmarks.md). Its share of the CPU is unchanged:
that is its nice value's business. Python's `os` has no binding for `sched_setattr`, hence the raw
system call through ctypes; where it is unknown or refused, nothing changes."""

import ctypes
import os
import platform

API_SLICE_US = 100
"""The shortest slice the kernel accepts."""
SCHED_SETATTR = {"x86_64": 314, "aarch64": 274}
FAIR_POLICIES = (os.SCHED_OTHER, os.SCHED_BATCH)


class _SchedAttr(ctypes.Structure):
    """`struct sched_attr` (include/uapi/linux/sched/types.h), the first version of it."""

    _fields_ = [
        ("size", ctypes.c_uint32),
        ("sched_policy", ctypes.c_uint32),
        ("sched_flags", ctypes.c_uint64),
        ("sched_nice", ctypes.c_int32),
        ("sched_priority", ctypes.c_uint32),
        ("sched_runtime", ctypes.c_uint64),
        ("sched_deadline", ctypes.c_uint64),
        ("sched_period", ctypes.c_uint64),
    ]


def request_slice(microseconds: int = API_SLICE_US) -> str | None:
    """Ask for a slice of `microseconds` for the calling thread (threads it starts afterwards
    inherit it), keeping its policy and nice value; None when granted, else why not."""
    number = SCHED_SETATTR.get(platform.machine())
    if number is None:
        return f"no sched_setattr system call number known for {platform.machine()}"
    policy = os.sched_getscheduler(0)
    if policy not in FAIR_POLICIES:
        return f"the process runs under scheduling policy {policy}, not a fair one"
    attr = _SchedAttr(
        size=ctypes.sizeof(_SchedAttr),
        sched_policy=policy,
        sched_nice=os.getpriority(os.PRIO_PROCESS, 0),
        sched_runtime=microseconds * 1000,
    )
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.syscall(number, 0, ctypes.byref(attr), 0) != 0:
        return f"sched_setattr: {os.strerror(ctypes.get_errno())}"
    return None

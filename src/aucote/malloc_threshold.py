"""A fixed glibc mmap threshold for the long-running service.

glibc serves an allocation of at least the mmap threshold (128 KiB at start) with a mapping of
its own, returned to the system when freed. But each time such a mapping is freed, glibc raises
the threshold to its size (up to 32 MiB), so later big buffers (a tool's output, a batch of rows)
come from the heap and leave it fragmented: the service's RSS crept up hour after hour. Fixing the
threshold at its start value slowed that (+0.92 against +1.54 MB/h in one run each; not yet flat:
bench/service_bench.py soak, docs/benchmarks.md).
Python's `os` and `resource` have no binding for mallopt, hence ctypes.
"""

import ctypes
import ctypes.util

M_MMAP_THRESHOLD = -3
"""mallopt's parameter number for the mmap threshold (glibc malloc.h)."""
THRESHOLD_BYTES = 128 * 1024


def fix_mmap_threshold(threshold: int = THRESHOLD_BYTES) -> bool:
    """Set glibc's mmap threshold to `threshold` bytes, which also turns off its rising; False
    where the C library has no such setting (not glibc)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
    except OSError:
        return False
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is None:
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, threshold))

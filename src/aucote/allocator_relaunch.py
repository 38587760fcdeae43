"""The service's memory allocator, chosen before Python starts.

With glibc's malloc, a long-running `aucote service` crept up in memory hour after hour: the free
space inside its heaps, reused a little differently by every scan, became resident page by page
and was never given back (bench/service_bench.py soak, docs/benchmarks.md). jemalloc gives unused
pages back to the system after a few seconds. An allocator, like glibc's own settings, is chosen
from the environment when a process starts, so `aucote service` starts itself again (same pid,
same arguments) with it set; its API process inherits it, the tools it runs do not. Where
jemalloc is not installed, glibc's mmap threshold is fixed instead (it otherwise rises after each
big block freed, after which big buffers fragment the heap). Nothing is changed where the user set
`LD_PRELOAD` or `MALLOC_MMAP_THRESHOLD_` already.
"""

import ctypes.util
import os
import sys
from collections.abc import Mapping

MARKER = "AUCOTE_ALLOCATOR"
"""Set in the relaunched process to the variable the relaunch added (so: relaunched already)."""
MMAP_THRESHOLD = "131072"
"""glibc's mmap threshold (bytes, its start value) where jemalloc is missing."""


def allocator_environment(environ: Mapping[str, str], jemalloc: str | None) -> dict[str, str]:
    """The variables to add to `environ`: jemalloc preloaded where found (`jemalloc`: its library,
    or None), else glibc's mmap threshold fixed; nothing where it is set already."""
    if MARKER in environ or "LD_PRELOAD" in environ:
        return {}
    if jemalloc is not None:
        return {MARKER: "LD_PRELOAD", "LD_PRELOAD": jemalloc}
    if "MALLOC_MMAP_THRESHOLD_" in environ:
        return {}
    return {MARKER: "MALLOC_MMAP_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_": MMAP_THRESHOLD}


def tool_environment(environ: Mapping[str, str]) -> dict[str, str] | None:
    """The environment for a tool: `environ` without what the relaunch added (None: nothing was
    added, the tool inherits it as it is)."""
    added = environ.get(MARKER)
    if added is None:
        return None
    return {name: value for name, value in environ.items() if name not in (MARKER, added)}


def find_jemalloc() -> str | None:
    """jemalloc's shared library (as the dynamic linker names it) if the system has it."""
    return ctypes.util.find_library("jemalloc")


def relaunch_with_allocator() -> None:
    """Replace this process by the same command with the allocator's variable set; returns only
    when there is nothing to set."""
    extra = allocator_environment(os.environ, find_jemalloc())
    if extra:
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]], {**os.environ, **extra})

"""glibc's malloc settings for the service, set before Python starts.

glibc serves a block of at least its mmap threshold (128 KiB at start) with a mapping of its own,
returned to the system when freed; but each time such a mapping is freed it raises the threshold to
that size (up to 32 MiB), after which big buffers (a tool's output, a batch of rows) are carved
from the heap and fragment it: a long-running `aucote service` crept up in memory hour after hour.
`MALLOC_MMAP_THRESHOLD_` fixes the threshold, and glibc reads it only when the process starts, so
`aucote service` starts itself again (same pid, same arguments) with it set; its API process
inherits it, the tools it runs do not. A value the user set is kept. Measured in
docs/benchmarks.md (bench/service_bench.py soak): set this way the service's memory levels off;
set with mallopt after start-up, or with jemalloc preloaded instead, it did not as clearly.
"""

import os
import sys
from collections.abc import Mapping

MARKER = "AUCOTE_ALLOCATOR"
"""Set in the relaunched process: the threshold there is the relaunch's, not the user's."""
THRESHOLD = "MALLOC_MMAP_THRESHOLD_"
MMAP_THRESHOLD = "131072"
"""glibc's mmap threshold in bytes: its start value, fixed."""


def allocator_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The variables to add to `environ`: glibc's mmap threshold fixed, unless set already."""
    if MARKER in environ or THRESHOLD in environ:
        return {}
    return {MARKER: "relaunched", THRESHOLD: MMAP_THRESHOLD}


def tool_environment(environ: Mapping[str, str]) -> dict[str, str] | None:
    """The environment for a tool: `environ` without what the relaunch added (None: nothing was
    added, the tool inherits it as it is)."""
    if MARKER not in environ:
        return None
    return {name: value for name, value in environ.items() if name not in (MARKER, THRESHOLD)}


def relaunch_with_allocator() -> None:
    """Replace this process by the same command with glibc's setting added; returns only when
    there is nothing to add."""
    extra = allocator_environment(os.environ)
    if extra:
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]], {**os.environ, **extra})

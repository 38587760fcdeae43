"""How the event loop learns that a tool has exited.

On Python 3.11 asyncio's default (ThreadedChildWatcher) waits for every child in a thread of its
own, so each tool start creates and ends a thread, and a long-running service starts hundreds of
thousands of them. A pidfd lets the event loop itself watch the child, as Python 3.12 and later do
by default where the kernel has pidfd_open (Linux 5.3)."""

import asyncio
import os
import sys
import warnings


def pidfd_available() -> bool:
    """Whether this kernel and Python can open a pidfd."""
    if not hasattr(os, "pidfd_open"):
        return False
    try:
        os.close(os.pidfd_open(os.getpid()))
    except OSError:
        return False
    return True


def watch_children_with_pidfd() -> bool:
    """On Python 3.11, watch tool processes through pidfds instead of a thread each (call before
    the event loop starts); later Pythons already do. Returns whether this call changed it."""
    if sys.version_info >= (3, 12) or not pidfd_available():
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        asyncio.set_child_watcher(asyncio.PidfdChildWatcher())
    return True

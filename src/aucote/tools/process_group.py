"""Ending a whole process group: SIGTERM, a short grace, SIGKILL, then reaping the leader.

The runner starts every tool as the leader of a new session (`start_new_session=True`), so the
leader's pid is also the id of a group holding every process the tool started, however deep.
"""

import asyncio
import os
import signal
from asyncio.subprocess import Process
from pathlib import Path

GRACE_SECONDS = 2.0
_POLL_SECONDS = 0.02


def signal_group(pgid: int, sig: int) -> bool:
    """Send `sig` to every process of group `pgid`; False when the group no longer exists."""
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        return False
    return True


def group_running(pgid: int) -> bool:
    """True while a process of group `pgid` still runs; dead ones (zombies) left to init don't count."""
    if not signal_group(pgid, 0):
        return False
    proc = Path("/proc")
    if not proc.is_dir():
        return True
    return any(_running_in_group(stat, pgid) for stat in proc.glob("[0-9]*/stat"))


def _running_in_group(stat: Path, pgid: int) -> bool:
    """Whether the /proc/<pid>/stat file describes a non-zombie process of group `pgid`."""
    try:
        fields = stat.read_text().rpartition(")")[2].split()
    except OSError:
        return False
    return len(fields) > 2 and fields[2] == str(pgid) and fields[0] not in ("Z", "X")


async def wait_group_gone(proc: Process, timeout: float) -> bool:
    """Wait until the leader is reaped and nothing in its group runs; False if `timeout` passed first."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while proc.returncode is None or group_running(proc.pid):
        if loop.time() >= deadline:
            return False
        await asyncio.sleep(_POLL_SECONDS)
    return True


async def end_group(proc: Process, grace: float = GRACE_SECONDS) -> int:
    """Terminate the group `proc` leads (a no-op when it is already empty), reap `proc`, return its status."""
    if signal_group(proc.pid, signal.SIGTERM) and not await wait_group_gone(proc, grace):
        signal_group(proc.pid, signal.SIGKILL)
        await wait_group_gone(proc, grace)
    return await proc.wait()

import subprocess
import sys

import pytest

from aucote.tools.child_watcher import pidfd_available

THREADS_WHILE_A_TOOL_RUNS = """
import asyncio, sys, threading
from aucote.tools.child_watcher import watch_children_with_pidfd
from aucote.tools.runner import run_tool

changed = watch_children_with_pidfd() if sys.argv[1] == "pidfd" else False
seen = []

async def main() -> None:
    task = asyncio.create_task(run_tool(["sleep", "0.5"], timeout=5))
    await asyncio.sleep(0.2)
    seen.append(threading.active_count())
    result = await task
    seen.append(result.returncode)

asyncio.run(main())
print(changed, *seen)
"""


def _threads_while_a_tool_runs(watcher: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", THREADS_WHILE_A_TOOL_RUNS, watcher],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return done.stdout.split()


@pytest.mark.skipif(not pidfd_available(), reason="this kernel has no pidfd_open")
def test_a_running_tool_costs_no_thread_with_pidfds() -> None:
    changed, threads, returncode = _threads_while_a_tool_runs("pidfd")
    assert changed == str(sys.version_info < (3, 12))
    assert (threads, returncode) == ("1", "0")


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="Python 3.12 and later watch with pidfds already")
def test_python_3_11s_default_costs_a_thread_per_running_tool() -> None:
    assert _threads_while_a_tool_runs("default") == ["False", "2", "0"]

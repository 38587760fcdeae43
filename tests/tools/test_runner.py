"""run_tool against real processes: output, stdin, big outputs, missing binaries, timeouts, cancellation."""

import asyncio
import os
import sys
import uuid
from pathlib import Path

import pytest

from aucote.tools.errors import ToolError, ToolNotFound
from aucote.tools.runner import Runner, find_tool, run_tool, runner_on

SPAWN_GRANDCHILD = "sleep 60 & echo $!; echo $$; wait"
"""A shell (the child) that starts a sleeping grandchild, prints both pids and waits for it."""


def running(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie waiting for init to reap it is dead)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def pids(stdout: bytes) -> list[int]:
    return [int(line) for line in stdout.split()]


def test_returns_output_status_and_times() -> None:
    result = asyncio.run(run_tool(["sh", "-c", "echo out; echo err >&2; exit 3"], timeout=10))
    assert (result.argv, result.returncode, result.stdout, result.stderr) == (
        ("sh", "-c", "echo out; echo err >&2; exit 3"),
        3,
        b"out\n",
        b"err\n",
    )
    assert not result.timed_out and not result.ok
    assert result.started <= result.ended


def test_feeds_stdin_and_replaces_environment() -> None:
    env = {"PATH": os.environ["PATH"], "AUCOTE_X": "42"}
    result = asyncio.run(run_tool(["sh", "-c", 'cat; echo "$AUCOTE_X"'], timeout=10, stdin=b"in\n", env=env))
    assert result.stdout == b"in\n42\n"
    assert result.ok


def test_missing_binary_raises_tool_not_found_naming_it() -> None:
    with pytest.raises(ToolNotFound, match="aucote-no-such-tool") as caught:
        asyncio.run(run_tool(["aucote-no-such-tool", "-v"], timeout=10))
    assert caught.value.binary == "aucote-no-such-tool"
    assert isinstance(caught.value, ToolError)
    with pytest.raises(ToolNotFound):
        asyncio.run(run_tool(["/nonexistent/bin/nmap"], timeout=10))


def test_big_outputs_on_both_pipes_do_not_deadlock() -> None:
    code = "import sys; sys.stderr.write('e' * 5_000_000); sys.stdout.write('o' * 5_000_000)"
    result = asyncio.run(run_tool([sys.executable, "-c", code], timeout=60))
    assert (len(result.stdout), len(result.stderr), result.returncode) == (5_000_000, 5_000_000, 0)


def test_big_stdin_to_a_child_that_reads_and_writes() -> None:
    data = b"x" * 5_000_000
    result = asyncio.run(run_tool(["cat"], timeout=60, stdin=data))
    assert result.stdout == data


def test_timeout_kills_the_whole_tree_and_keeps_partial_output() -> None:
    result = asyncio.run(run_tool(["sh", "-c", SPAWN_GRANDCHILD], timeout=0.5))
    grandchild, child = pids(result.stdout)
    assert result.timed_out and not result.ok
    assert result.returncode < 0
    assert not running(child) and not running(grandchild)


def test_a_child_ignoring_sigterm_is_killed() -> None:
    script = "trap '' TERM; " + SPAWN_GRANDCHILD
    result = asyncio.run(run_tool(["sh", "-c", script], timeout=0.3))
    grandchild, child = pids(result.stdout)
    assert result.timed_out and result.returncode == -9
    assert not running(child) and not running(grandchild)


def test_normal_exit_leaves_no_background_process_behind() -> None:
    result = asyncio.run(run_tool(["sh", "-c", "sleep 60 >/dev/null 2>&1 & echo $!"], timeout=10))
    assert result.returncode == 0 and not result.timed_out
    assert not running(pids(result.stdout)[0])


def test_cancellation_kills_the_whole_tree(tmp_path: Path) -> None:
    pidfile = tmp_path / "pids"

    async def cancel_midway() -> None:
        task = asyncio.create_task(run_tool(["sh", "-c", f"exec >{pidfile}; {SPAWN_GRANDCHILD}"], timeout=60))
        await asyncio.wait_for(wait_for_lines(pidfile, 2), timeout=10)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(cancel_midway())
    grandchild, child = pids(pidfile.read_bytes())
    assert not running(child) and not running(grandchild)


@pytest.mark.parametrize("steps", range(8))
def test_cancellation_at_any_point_leaves_nothing_behind(steps: int) -> None:
    seconds = f"100.{uuid.uuid4().int % 10**9}"

    async def cancel_after_steps() -> None:
        task = asyncio.create_task(run_tool(["sh", "-c", f"sleep {seconds} & sleep {seconds}"], timeout=60))
        for _ in range(steps):
            await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(cancel_after_steps())
    assert live_commands_containing(seconds) == []


def live_commands_containing(text: str) -> list[str]:
    """Command lines of live processes that contain `text`."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = cmdline.read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if text in command and running(int(cmdline.parent.name)):
            found.append(command)
    return found


async def wait_for_lines(path: Path, count: int) -> None:
    while len(path.read_text().split() if path.exists() else []) < count:
        await asyncio.sleep(0.02)


def test_refuses_empty_command_and_non_positive_timeout() -> None:
    with pytest.raises(ValueError, match="empty"):
        asyncio.run(run_tool([], timeout=1))
    with pytest.raises(ValueError, match="timeout"):
        asyncio.run(run_tool(["true"], timeout=0))


def test_find_tool() -> None:
    assert (find_tool("sh") or "").endswith("/sh")
    assert find_tool("aucote-no-such-tool") is None


def test_run_tool_is_a_runner() -> None:
    runner: Runner = run_tool
    assert runner is run_tool


def test_tools_run_at_a_lower_priority_as_a_process_and_as_a_session() -> None:
    script = (  # read after a pause: Aucote lowers the priority just after the start
        "sleep 0.5; cut -d' ' -f19 /proc/self/stat; "
        'echo "[$(cat /proc/self/autogroup 2>/dev/null || echo none)]"'
    )
    result = asyncio.run(run_tool(["sh", "-c", script], timeout=10))
    niceness, autogroup = result.stdout.decode().splitlines()
    assert int(niceness) == os.nice(0) + 10
    autogroup = autogroup.strip("[]")
    file = Path("/proc/self/autogroup")
    mine = file.read_text().strip() if file.exists() else "none"
    if autogroup == "none":  # no scheduler autogroups in this kernel: nothing to lower
        assert mine == "none"
        return
    # The tool's new session has an autogroup of its own, lowered to nice 10. This process's reads
    # empty where its session is the kernel's root autogroup (a session that never ran setsid, as
    # in some containers); then there is nothing to compare the tool's with.
    assert autogroup.endswith(" nice 10")
    if mine:
        assert autogroup.split()[0] != mine.split()[0]


def test_a_runner_on_cpus_keeps_its_tools_on_them() -> None:
    cpu = max(os.sched_getaffinity(0))
    script = "sleep 0.5; grep Cpus_allowed_list /proc/self/status"  # set just after the start
    result = asyncio.run(runner_on(frozenset({cpu}))(["sh", "-c", script], timeout=10))
    assert result.stdout.decode().split() == ["Cpus_allowed_list:", str(cpu)]
    assert result.returncode == 0


def test_runner_on_no_cpus_is_the_plain_runner() -> None:
    assert runner_on(None) is run_tool

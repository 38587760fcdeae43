"""glibc's setting `aucote service` starts itself with: when it is added, the relaunch in a real
process (same pid, same arguments, variable set), tools started without it, and what the fixed mmap
threshold changes (observed through glibc itself in fresh processes)."""

import asyncio
import os
import subprocess
import sys

import pytest

from aucote.allocator_relaunch import (
    MARKER,
    MMAP_THRESHOLD,
    THRESHOLD,
    allocator_environment,
    tool_environment,
)
from aucote.tools.runner import run_tool

ADDED = {MARKER: "relaunched", THRESHOLD: MMAP_THRESHOLD}


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, ADDED),
        ({"LD_PRELOAD": "libjemalloc.so.2"}, ADDED),
        ({THRESHOLD: "65536"}, {}),
        (ADDED, {}),
    ],
    ids=["default", "user-preload", "user-threshold", "relaunched"],
)
def test_the_allocator_variables_added(environ: dict[str, str], expected: dict[str, str]) -> None:
    assert allocator_environment(environ) == expected


def test_tools_get_the_environment_without_what_the_relaunch_added() -> None:
    assert tool_environment({"PATH": "/usr/bin", **ADDED}) == {"PATH": "/usr/bin"}
    assert tool_environment({"PATH": "/usr/bin", THRESHOLD: "65536"}) is None


RELAUNCHED = """
import os, sys
from aucote.allocator_relaunch import MARKER, relaunch_with_allocator
if MARKER not in os.environ:
    print("before", os.getpid(), flush=True)
relaunch_with_allocator()
print("after", os.getpid(), os.environ[MARKER], os.environ["MALLOC_MMAP_THRESHOLD_"], sys.argv[1:])
"""


def _clean_environment() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name not in (MARKER, THRESHOLD)}


def test_the_relaunch_keeps_the_pid_and_arguments_and_sets_the_threshold() -> None:
    run = subprocess.run(
        [sys.executable, "-c", RELAUNCHED, "one", "two"],
        capture_output=True,
        text=True,
        check=True,
        env=_clean_environment(),
    )
    before, after = run.stdout.split("\n")[:2]
    pid = before.split()[1]
    assert after == f"after {pid} relaunched {MMAP_THRESHOLD} ['one', 'two']"


def test_a_tool_started_by_a_relaunched_process_gets_the_environment_without_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in {**ADDED, "AUCOTE_SEEN": "yes"}.items():
        monkeypatch.setenv(name, value)
    result = asyncio.run(run_tool(["/usr/bin/env"], timeout=10))
    names = {line.split("=", 1)[0] for line in result.stdout.decode().splitlines()}
    assert "AUCOTE_SEEN" in names
    assert not names & {MARKER, THRESHOLD}


PROBE = """
import ctypes, ctypes.util

class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]

libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
libc.mallinfo2.restype = MallInfo2
libc.free(libc.malloc(1 << 20))  # a mapping freed: glibc would raise its threshold to 1 MiB
before = libc.mallinfo2().hblks
block = libc.malloc(200 * 1024)
print(libc.mallinfo2().hblks - before)
libc.free(block)
"""


def _probe(extra: dict[str, str]) -> str:
    environ = {**_clean_environment(), **extra}
    argv = [sys.executable, "-c", PROBE]
    return subprocess.run(argv, capture_output=True, text=True, check=True, env=environ).stdout.strip()


def test_with_the_threshold_fixed_a_big_block_stays_a_mapping_of_its_own() -> None:
    assert _probe(ADDED) == "1"


def test_without_it_glibc_raises_the_threshold_and_takes_the_block_from_the_heap() -> None:
    assert _probe({}) == "0"

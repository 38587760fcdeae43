"""The allocator `aucote service` chooses for itself: which variable, the relaunch in a real process
(same pid, variable set, jemalloc loaded), tools started without it, and what glibc's fixed mmap
threshold changes (observed through glibc itself in fresh processes)."""

import asyncio
import os
import subprocess
import sys

import pytest

from aucote.allocator_relaunch import (
    MARKER,
    MMAP_THRESHOLD,
    allocator_environment,
    find_jemalloc,
    tool_environment,
)
from aucote.tools.runner import run_tool

JEMALLOC = "libjemalloc.so.2"


@pytest.mark.parametrize(
    ("environ", "jemalloc", "expected"),
    [
        ({}, JEMALLOC, {MARKER: "LD_PRELOAD", "LD_PRELOAD": JEMALLOC}),
        ({}, None, {MARKER: "MALLOC_MMAP_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_": MMAP_THRESHOLD}),
        ({"MALLOC_MMAP_THRESHOLD_": "65536"}, JEMALLOC, {MARKER: "LD_PRELOAD", "LD_PRELOAD": JEMALLOC}),
        ({"MALLOC_MMAP_THRESHOLD_": "65536"}, None, {}),
        ({"LD_PRELOAD": "libmimalloc.so.2"}, JEMALLOC, {}),
        ({"LD_PRELOAD": "libmimalloc.so.2"}, None, {}),
        ({MARKER: "LD_PRELOAD", "LD_PRELOAD": JEMALLOC}, JEMALLOC, {}),
    ],
    ids=["jemalloc", "glibc", "jemalloc-over-threshold", "user-threshold", "user-preload",
         "user-preload-no-jemalloc", "relaunched"],
)  # fmt: skip
def test_the_allocator_variables_added(
    environ: dict[str, str], jemalloc: str | None, expected: dict[str, str]
) -> None:
    assert allocator_environment(environ, jemalloc) == expected


def test_tools_get_the_environment_without_what_the_relaunch_added() -> None:
    environ = {"PATH": "/usr/bin", MARKER: "LD_PRELOAD", "LD_PRELOAD": JEMALLOC}
    assert tool_environment(environ) == {"PATH": "/usr/bin"}
    assert tool_environment({"PATH": "/usr/bin", "LD_PRELOAD": "mine.so"}) is None


RELAUNCHED = """
import os, sys
from aucote.allocator_relaunch import MARKER, relaunch_with_allocator
if MARKER not in os.environ:
    print("before", os.getpid(), flush=True)
relaunch_with_allocator()
maps = open("/proc/self/maps").read()
print("after", os.getpid(), os.environ[MARKER], "libjemalloc" in maps, sys.argv[1:])
"""


def _clean_environment() -> dict[str, str]:
    drop = (MARKER, "LD_PRELOAD", "MALLOC_MMAP_THRESHOLD_")
    return {name: value for name, value in os.environ.items() if name not in drop}


def test_the_relaunch_keeps_the_pid_and_arguments_and_loads_the_allocator() -> None:
    run = subprocess.run(
        [sys.executable, "-c", RELAUNCHED, "one", "two"],
        capture_output=True,
        text=True,
        check=True,
        env=_clean_environment(),
    )
    before, after = run.stdout.split("\n")[:2]
    pid = before.split()[1]
    chosen = "LD_PRELOAD" if find_jemalloc() else "MALLOC_MMAP_THRESHOLD_"
    assert after == f"after {pid} {chosen} {find_jemalloc() is not None} ['one', 'two']"


def test_the_system_has_jemalloc_as_setup_installs_it() -> None:
    assert find_jemalloc() == JEMALLOC


def test_a_tool_started_by_a_relaunched_process_has_no_preload(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MARKER, "LD_PRELOAD")
    monkeypatch.setenv("LD_PRELOAD", JEMALLOC)
    monkeypatch.setenv("AUCOTE_SEEN", "yes")
    result = asyncio.run(run_tool(["/usr/bin/env"], timeout=10))
    names = {line.split("=", 1)[0] for line in result.stdout.decode().splitlines()}
    assert "AUCOTE_SEEN" in names
    assert not names & {MARKER, "LD_PRELOAD"}


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


def test_with_the_glibc_fallback_a_big_block_stays_a_mapping_of_its_own() -> None:
    assert _probe({"MALLOC_MMAP_THRESHOLD_": MMAP_THRESHOLD}) == "1"


def test_without_it_glibc_raises_the_threshold_and_takes_the_block_from_the_heap() -> None:
    assert _probe({}) == "0"

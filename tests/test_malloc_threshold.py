"""The fixed mmap threshold, observed through glibc itself in fresh processes: after a 1 MiB
block is freed, a 200 KiB block is still a mapping of its own (mallinfo2's hblks) only when the
threshold was fixed."""

import subprocess
import sys

PROBE = """
import ctypes, ctypes.util, sys
from aucote.malloc_threshold import fix_mmap_threshold

class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]

libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
libc.mallinfo2.restype = MallInfo2
fixed = fix_mmap_threshold() if sys.argv[1] == "fixed" else None
libc.free(libc.malloc(1 << 20))  # a mapping freed: glibc would raise its threshold to 1 MiB
before = libc.mallinfo2().hblks
block = libc.malloc(200 * 1024)
print(fixed, libc.mallinfo2().hblks - before)
libc.free(block)
"""


def _probe(mode: str) -> str:
    run = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True)
    return run.stdout.strip()


def test_a_big_block_stays_a_mapping_of_its_own_with_the_threshold_fixed() -> None:
    assert _probe("fixed") == "True 1"


def test_without_it_glibc_raises_the_threshold_and_takes_the_block_from_the_heap() -> None:
    assert _probe("default") == "None 0"

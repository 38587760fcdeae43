"""Xvfb (Debian xvfb) listening on TCP: `open` with -ac (access control off: anyone may connect),
`protected` with an MIT-MAGIC-COOKIE-1 authority file (made with xauth). X listens on 6000+N on
every address, so `port` picks the display (0: a free one in 40-60, see x_display); `address` is
where the test reaches it."""

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from tests.support.daemons.x_display import X11_BASE, free_display
from tests.support.ports import serving


def cookie_file(workdir: Path, display: int) -> Path:
    """An authority file holding a random cookie for `display`."""
    path = workdir / f"xauth-{display}"
    cookie = subprocess.run(
        ["mcookie"], check=True, capture_output=True, text=True, timeout=10
    ).stdout.strip()
    subprocess.run(["xauth", "-f", str(path), "add", f":{display}", ".", cookie], check=True, timeout=10)
    return path


@contextmanager
def xvfb(
    workdir: Path, address: str, port: int = 0, mode: Literal["open", "protected"] = "open"
) -> Iterator[int]:
    """Xvfb until the block ends; yields its TCP port (6000 + display)."""
    display = port - X11_BASE if port else free_display()
    argv = ["Xvfb", f":{display}", "-listen", "tcp", "-nolisten", "unix", "-screen", "0", "320x200x8"]
    argv += ["-ac"] if mode == "open" else ["-auth", str(cookie_file(workdir, display))]
    with serving(argv, X11_BASE + display, address):
        yield X11_BASE + display

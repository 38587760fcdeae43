"""X display numbers for the test X servers: one in 40-60 (nobody's usual display) whose lock
file and TCP port 6000+N are free; every X server listens on 6000+N on all addresses."""

import socket
from pathlib import Path
from typing import Final

DISPLAYS: Final = range(40, 61)
X11_BASE: Final = 6000


def free_display() -> int:
    """A display number of DISPLAYS with no lock file and nothing on its TCP port."""
    for display in DISPLAYS:
        if not Path(f"/tmp/.X{display}-lock").exists() and _port_free(X11_BASE + display):
            return display
    raise RuntimeError(f"no free X display in {DISPLAYS.start}-{DISPLAYS.stop - 1}")


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True

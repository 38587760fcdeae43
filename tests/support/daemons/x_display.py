"""X display numbers for the test X servers: one whose lock file and TCP port 6000+N are free
(every X server listens on 6000+N on all addresses). 40-60 by default, nobody's usual display;
1-9 where a scan must select x11-access by port (nmap's portrule and the catalogue cover
6000-6009): nmap -sV names a protected X server only by its port table (`x11?`), which Aucote
does not take as an identification."""

import socket
from pathlib import Path
from typing import Final

DISPLAYS: Final = range(40, 61)
LOW_DISPLAYS: Final = range(1, 10)
X11_BASE: Final = 6000


def free_display(displays: range = DISPLAYS) -> int:
    """A display number of `displays` with no lock file and nothing on its TCP port."""
    for display in displays:
        if not Path(f"/tmp/.X{display}-lock").exists() and _port_free(X11_BASE + display):
            return display
    raise RuntimeError(f"no free X display in {displays.start}-{displays.stop - 1}")


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True

"""A service that locks the scanner out during a run: the scripts that spoke to it first made it
refuse the later ones (TigerVNC's blacklist after "security failures", sshd's and MySQL's limits),
so a script that printed nothing never got to judge — not "not vulnerable"."""

from typing import Final

from aucote.model.protocol import Protocol
from aucote.model.target import IPAddress
from aucote.tools.nmap.report import NmapRun

LOCKOUT_MARKERS: Final = (
    "Too many security failures",
    "Too many authentication failures",
    "is blocked because of many connection errors",
)
"""What VNC servers (RFB), SSH servers and MySQL/MariaDB say to a client they refuse."""


def lockout(run: NmapRun, address: IPAddress, protocol: Protocol, number: int) -> str | None:
    """The lock-out message another script of the run printed on this port (or its host), if any."""
    hosts = [host for host in run.hosts if host.address == address]
    ports = [p for h in hosts for p in h.ports if (p.protocol, p.number) == (protocol, number)]
    scripts = [*(s for p in ports for s in p.scripts), *(s for h in hosts for s in h.scripts)]
    outputs = ["".join(s.output.splitlines()) for s in scripts]  # nmap wraps long lines
    return next((m for m in LOCKOUT_MARKERS if any(m in output for output in outputs)), None)

"""Turning what nmap reported about a port into the model's Port and Service."""

from aucote.model.target import Node, Port, Service
from aucote.tools.nmap.report import NmapPort

_TLS_NAMES = {"http": "https"}
"""Service names that nmap reports with tunnel="ssl" and that are known by another name over TLS."""


def service_name(name: str | None, tunnel: str | None) -> tuple[str | None, str | None]:
    """(name, tunnel) normalised: "ssl/http" and http over ssl become "https"."""
    if name and name.startswith("ssl/"):
        name, tunnel = name.removeprefix("ssl/"), "ssl"
    if tunnel == "ssl" and name in _TLS_NAMES:
        name = _TLS_NAMES[name]
    return name or None, tunnel


def to_service(port: NmapPort, *, include_guess: bool = False) -> Service | None:
    """The Service nmap detected on `port` (None if it knows nothing).

    A name nmap only looked up in its port table (method "table", e.g. 8081 -> "blackice-icecap")
    is not a detection and is dropped unless `include_guess`. The `banner` script fills `banner`.
    """
    banner_script = port.script("banner")
    banner = banner_script.output if banner_script else None
    found = port.service
    if found is None or (found.method == "table" and not include_guess):
        return Service(banner=banner) if banner else None
    name, tunnel = service_name(found.name, found.tunnel)
    cpe = found.cpes[0] if found.cpes else None
    return Service(name, found.product, found.version, cpe, banner, tunnel)


def to_port(node: Node, port: NmapPort, *, include_guess: bool = False) -> Port:
    """The model Port for `port` of `node`, with its service."""
    return Port(node, port.number, port.protocol, to_service(port, include_guess=include_guess))

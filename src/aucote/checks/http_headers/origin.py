"""Which URL reaches a port's web service: scheme from the detected service, host and port."""

from typing import Final

from aucote.catalog.matching import service_names
from aucote.model.target import Port

TLS_PORTS: Final = frozenset({443, 8443})
"""Ports taken for HTTPS when no service was detected."""


def uses_tls(port: Port) -> bool:
    """HTTPS when the service is https or http in an ssl tunnel (or, undetected, on 443/8443)."""
    names = service_names(port.service)
    if names:
        return "https" in names or "ssl" in names
    return port.number in TLS_PORTS


def origin_url(port: Port) -> str:
    """`scheme://host:port` of the port, IPv6 hosts in brackets."""
    scheme = "https" if uses_tls(port) else "http"
    host = f"[{port.node.ip}]" if port.node.ip.version == 6 else str(port.node.ip)
    return f"{scheme}://{host}:{port.number}"

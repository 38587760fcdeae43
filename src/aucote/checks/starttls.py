"""Which STARTTLS dialogue a port speaks, for every check that talks TLS (sslyze, testssl)."""

from collections.abc import Callable, Mapping
from typing import TypeVar

from aucote.catalog.matching import service_names
from aucote.model.target import Port

T = TypeVar("T")


def starttls_choice(port: Port, by_service: Mapping[str, T], by_port: Callable[[int], T | None]) -> T | None:
    """The dialogue for the port, or None for TLS from the first byte: a service in an ssl tunnel is
    direct TLS; a known plaintext service picks its dialogue; any other detected service is direct
    TLS; a port without a detected service falls back to its number (`by_port`)."""
    names = service_names(port.service)
    if "ssl" in names:
        return None
    for name in sorted(names):
        if name in by_service:
            return by_service[name]
    return None if names else by_port(port.number)

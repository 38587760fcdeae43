"""Network zones: which zone a host belongs to (the most specific network containing it wins;
a host in no zone's networks belongs to `default`), and the queue of a zone."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network
from typing import Final

DEFAULT_ZONE: Final = "default"
QUEUE_PREFIX: Final = "aucote-"

Address = IPv4Address | IPv6Address
Network = IPv4Network | IPv6Network


def queue_of(zone: str) -> str:
    """The job queue the workers of `zone` take their jobs from."""
    return f"{QUEUE_PREFIX}{zone}"


@dataclass(frozen=True, slots=True)
class Zones:
    """Zone names by network, looked up most specific first."""

    networks: tuple[tuple[Network, str], ...]

    @classmethod
    def of(cls, zones: Mapping[str, Sequence[Network]]) -> "Zones":
        """From `{zone: networks}`; longer prefixes are tried first."""
        pairs = [(network, name) for name, networks in zones.items() for network in networks]
        return cls(tuple(sorted(pairs, key=lambda pair: -pair[0].prefixlen)))

    def zone_of(self, ip: Address) -> str:
        """The zone of one host."""
        for network, name in self.networks:
            if network.version == ip.version and ip in network:
                return name
        return DEFAULT_ZONE

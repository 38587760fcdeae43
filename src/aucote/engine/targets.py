"""What may be scanned: included networks minus excluded ones. Nothing outside is ever touched."""

import socket
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from aucote.config.networks import parse_networks
from aucote.model.target import IPAddress

IPNetwork = IPv4Network | IPv6Network


class TargetError(ValueError):
    """A target that is neither an address, a network, a range nor a resolvable host name."""


@dataclass(frozen=True, slots=True)
class TargetSet:
    """Included networks minus excluded networks; never expanded into a list of addresses."""

    include: tuple[IPNetwork, ...]
    exclude: tuple[IPNetwork, ...] = ()

    def contains(self, ip: IPAddress) -> bool:
        """Whether `ip` may be scanned."""
        inside = any(ip.version == net.version and ip in net for net in self.include)
        return inside and not any(ip.version == net.version and ip in net for net in self.exclude)

    def networks(self, version: int) -> list[IPNetwork]:
        """The included networks of one IP version."""
        return [net for net in self.include if net.version == version]

    def excluded(self, version: int) -> list[IPNetwork]:
        """The excluded networks of one IP version."""
        return [net for net in self.exclude if net.version == version]

    def addresses(self) -> Iterator[IPAddress]:
        """Every address that may be scanned, one at a time (a /16 is streamed, not held)."""
        for network in self.include:
            for ip in _hosts(network):
                if self.contains(ip):
                    yield ip


def parse_targets(texts: Iterable[str]) -> list[IPNetwork]:
    """Networks from CIDRs, single addresses, ranges (`a-b`) or host names (resolved once)."""
    networks: list[IPNetwork] = []
    for text in texts:
        networks += parse_target(text)
    return networks


def parse_target(text: str) -> list[IPNetwork]:
    """One target as networks; a host name becomes the /32 or /128 of each address it resolves to."""
    try:
        return parse_networks(text)
    except ValueError as error:
        if not _looks_like_hostname(text):
            raise TargetError(str(error)) from None
    return [ip_network(ip) for ip in _resolve(text)]


def _hosts(network: IPNetwork) -> Iterator[IPAddress]:
    if network.num_addresses == 1:
        yield network.network_address
    else:
        yield from network.hosts()


def _looks_like_hostname(text: str) -> bool:
    labels = text.strip().rstrip(".").split(".")
    return all(label and label.replace("-", "").isalnum() for label in labels) and not text[0].isdigit()


def _resolve(name: str) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(name.strip(), None, proto=socket.IPPROTO_TCP)
    except OSError as error:
        raise TargetError(f"{name!r} is not an address or network and does not resolve ({error})") from None
    return sorted({ip_address(str(info[4][0]).split("%")[0]) for info in infos}, key=str)

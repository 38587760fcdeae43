"""What is scanned: nodes, their ports and the service detected on a port."""

from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address

from aucote.model.protocol import Protocol

IPAddress = IPv4Address | IPv6Address


@dataclass(frozen=True, slots=True)
class Node:
    """A host, identified by a stable integer id assigned by storage and its address."""

    id: int
    ip: IPAddress


@dataclass(frozen=True, slots=True)
class Service:
    """What nmap -sV (or a banner) says answers on a port."""

    name: str | None = None
    product: str | None = None
    version: str | None = None
    cpe: str | None = None
    banner: str | None = None
    tunnel: str | None = None


@dataclass(frozen=True, slots=True)
class Port:
    """An open port of a node, with the service found there if any."""

    node: Node
    number: int
    protocol: Protocol
    service: Service | None = None

    def __str__(self) -> str:
        host = f"[{self.node.ip}]" if self.node.ip.version == 6 else str(self.node.ip)
        return f"{host}:{self.number}/{self.protocol.name}"

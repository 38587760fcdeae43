"""Nodes by address: the ids of the nodes inside a network. Addresses are stored as text, so a
network is matched in Python over the addresses of its family (one indexed column read)."""

from ipaddress import IPv4Network, IPv6Network, ip_address

from sqlalchemy import Connection, select

from aucote.storage.tables import nodes

Network = IPv4Network | IPv6Network


def node_ids_in(connection: Connection, network: Network) -> list[int]:
    """The ids of the stored nodes whose address lies in `network`, by id."""
    separator = "." if network.version == 4 else ":"
    statement = select(nodes.c.id, nodes.c.ip).where(nodes.c.ip.contains(separator)).order_by(nodes.c.id)
    return [node_id for node_id, ip in connection.execute(statement) if _inside(ip, network)]


def _inside(text: str, network: Network) -> bool:
    try:
        address = ip_address(text)
    except ValueError:
        return False
    return address.version == network.version and address in network

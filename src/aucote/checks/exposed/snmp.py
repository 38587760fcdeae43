"""SNMP with a default community: a v1 and a v2c GetRequest for sysDescr.0 with each of `public`
and `private` over UDP. Agents drop requests with an unknown community, so any matching
GetResponse (even one reporting an error) means the community is accepted. Reads one object."""

import asyncio
import secrets
from dataclasses import dataclass, field
from typing import Final

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.probe import host, require
from aucote.checks.exposed.snmp_message import VERSION_NAMES, SnmpReply, get_request, parse_reply
from aucote.model.protocol import Protocol
from aucote.model.target import Port

SYS_DESCR: Final = "1.3.6.1.2.1.1.1.0"
COMMUNITIES: Final = ("public", "private")
ATTEMPTS: Final = 2
ATTEMPT_WAIT: Final = 1.0
"""Seconds to wait for answers after each round of requests (less when the check's timeout is short)."""


@dataclass
class _Replies(asyncio.DatagramProtocol):
    """Collects the datagrams of a connected UDP socket; unreadable ones and ICMP errors are ignored."""

    received: list[SnmpReply] = field(default_factory=list)

    def datagram_received(self, data: bytes, addr: tuple[str | object, ...]) -> None:
        try:
            self.received.append(parse_reply(data))
        except ValueError:
            return

    def error_received(self, exc: Exception) -> None:
        return


def requests(first_id: int) -> dict[int, tuple[int, str]]:
    """Request id -> (version, community) for one round."""
    pairs = [(version, community) for community in COMMUNITIES for version in VERSION_NAMES]
    return {first_id + offset: pair for offset, pair in enumerate(pairs)}


def accepted(sent: dict[int, tuple[int, str]], replies: list[SnmpReply]) -> list[SnmpReply]:
    """The replies that answer one of our requests with its own version and community."""
    return [reply for reply in replies if sent.get(reply.request_id) == (reply.version, reply.community)]


def evidence(replies: list[SnmpReply]) -> str:
    """One line per accepted community, with its versions and what sysDescr.0 said."""
    lines = []
    for community in dict.fromkeys(reply.community for reply in replies):
        mine = [reply for reply in replies if reply.community == community]
        versions = ", ".join(sorted({VERSION_NAMES[reply.version] for reply in mine}))
        value = next((value for reply in mine for oid, value in reply.bindings if oid == SYS_DESCR), "")
        lines.append(f"SNMP community {community!r} accepted ({versions}): sysDescr.0 = {value}")
    return "\n".join(lines)


async def snmp_default_community(port: Port, context: CheckContext) -> str | None:
    """Evidence: each default community that got an answer."""
    require(port, Protocol.UDP)
    wait = min(ATTEMPT_WAIT, context.timeout / (2 * ATTEMPTS))
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.create_datagram_endpoint(_Replies, remote_addr=(host(port), port.number))
    try:
        sent: dict[int, tuple[int, str]] = {}
        for _ in range(ATTEMPTS):
            round_ids = requests(secrets.randbelow(1 << 30))
            sent |= round_ids
            for request_id, (version, community) in round_ids.items():
                transport.sendto(get_request(version, community, request_id, SYS_DESCR))
            await asyncio.sleep(wait)
            if found := accepted(sent, protocol.received):
                return evidence(found)
    finally:
        transport.close()
    return None

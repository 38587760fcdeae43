"""SNMP with a default community: a v1 and a v2c GetRequest for sysDescr.0 with each of `public`
and `private` over UDP, through pysnmp. Agents drop requests with an unknown community, so any
matching GetResponse (even one reporting an error) means the community is accepted. Reads one
object."""

import asyncio
from typing import Final

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.probe import host, require
from aucote.checks.exposed.snmp_message import TICK, VERSION_NAMES, SnmpReply, engine, get
from aucote.model.protocol import Protocol
from aucote.model.target import Port

SYS_DESCR: Final = "1.3.6.1.2.1.1.1.0"
COMMUNITIES: Final = ("public", "private")
ATTEMPTS: Final = 2
ATTEMPT_WAIT: Final = 1.0
"""Seconds to wait for answers after each round of requests (less when the check's timeout is short)."""


def pairs() -> list[tuple[int, str]]:
    """(version, community) of the requests of one round."""
    return [(version, community) for community in COMMUNITIES for version in VERSION_NAMES]


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
    wait = min(ATTEMPT_WAIT, context.timeout / (2 * ATTEMPTS)) - TICK
    snmp = engine()
    try:
        for _ in range(ATTEMPTS):
            asked = [get(snmp, (host(port), port.number), *pair, SYS_DESCR, wait) for pair in pairs()]
            if found := [reply for reply in await asyncio.gather(*asked) if reply is not None]:
                return evidence(found)
    finally:
        snmp.close_dispatcher()
    return None

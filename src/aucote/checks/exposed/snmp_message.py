"""One SNMP v1/v2c GetRequest (RFC 1157, RFC 3416) through pysnmp, and its answer as text. pysnmp
builds the request, decodes the datagrams and matches an answer to the request by its request id,
version and community; anything else it drops, as it drops datagrams it cannot decode."""

import logging
from dataclasses import dataclass
from ipaddress import ip_address
from typing import Final

from pyasn1.type.base import Asn1Item
from pysnmp.carrier.asyncio.dispatch import AsyncioDispatcher
from pysnmp.hlapi.v3arch.asyncio import (
    CommunityData,
    ContextData,
    ObjectIdentity,
    ObjectType,
    SnmpEngine,
    Udp6TransportTarget,
    UdpTransportTarget,
    get_cmd,
)
from pysnmp.proto.rfc1902 import OctetString

LOG: Final = logging.getLogger(__name__)
VERSION_NAMES: Final = {0: "v1", 1: "v2c"}
"""SNMP's version numbers (pysnmp's `mpModel`)."""
_EXCEPTIONS: Final = {"NoSuchObject": "noSuchObject", "NoSuchInstance": "noSuchInstance"}
_EXCEPTIONS_MORE: Final = {"EndOfMibView": "endOfMibView", "Null": "NULL"}
MAX_SHOWN: Final = 200
TICK: Final = 0.05
"""pysnmp's timer resolution, in seconds: how late a request may time out after its wait."""


@dataclass(frozen=True, slots=True)
class SnmpReply:
    """A GetResponse to our request: its version and community, error status and the variable
    bindings as (oid, printable value)."""

    version: int
    community: str
    error_status: int
    bindings: tuple[tuple[str, str], ...]


class _Dispatcher(AsyncioDispatcher):  # type: ignore[misc]
    """pysnmp's asyncio dispatcher, except that a datagram pysnmp fails on is dropped. pysnmp's own
    lets the error out of an event-loop callback (logged as an error, nothing else): a datagram
    arriving while the engine closes raises CarrierError, and some damaged ones raise TypeError
    from its decoder (found by tests/checks/exposed/test_codecs_properties.py)."""

    def _callback_function(self, transport: object, address: object, message: bytes) -> None:
        try:
            super()._callback_function(transport, address, message)
        except Exception as error:  # foreign bytes: the answer is dropped, as an unreadable one is
            LOG.debug("SNMP datagram from %s dropped: %r", address, error)


def engine() -> SnmpEngine:
    """An SNMP engine for a few requests; close it with `close_dispatcher()`."""
    created = SnmpEngine()
    created.register_transport_dispatcher(_Dispatcher(timeout=TICK))
    return created


async def get(
    engine: SnmpEngine, address: tuple[str, int], version: int, community: str, oid: str, wait: float
) -> SnmpReply | None:
    """Ask for `oid` once (no retry); None when no matching answer came within `wait` seconds."""
    kind = Udp6TransportTarget if ip_address(address[0]).version == 6 else UdpTransportTarget
    target = await kind.create(address, timeout=wait, retries=0)
    indication, status, _, bindings = await get_cmd(
        engine,
        CommunityData(community, mpModel=version),
        target,
        ContextData(),
        ObjectType(ObjectIdentity(oid)),
        lookupMib=False,
    )
    if indication is not None:
        return None
    shown = tuple((str(name), printable(value)) for name, value in bindings)
    return SnmpReply(version=version, community=community, error_status=int(status), bindings=shown)


def printable(value: Asn1Item) -> str:
    """A value as text: strings decoded, SNMP exceptions by name, anything else as pysnmp prints it."""
    if isinstance(value, OctetString):
        text = bytes(value).decode("utf-8", "replace")
        return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"
    name = type(value).__name__
    named = _EXCEPTIONS.get(name) or _EXCEPTIONS_MORE.get(name)
    return named or str(value.prettyPrint())[:MAX_SHOWN]

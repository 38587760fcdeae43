"""VNC without authentication: the RFB handshake (RFC 6143) up to the security types; when the
server offers None (1), the probe takes it and reads the ServerInit (desktop name and size) as a
shared client, then closes. It sends no key or pointer event and requests no screen update.

Completing the None handshake matters beyond the evidence: TigerVNC counts every connection that
does not authenticate against the client's address and refuses it after five ("Too many security
failures", a block of 10 s that doubles each time it ends); only a successful authentication
clears the count. A scanner that merely lists the types (nmap's vnc-info) is locked out of an open
server for good after a few scans; this probe clears its own record on every scan of an open
server. A refusal is `LockedOut`: the check waits the block out and asks again
(`aucote.checks.exposed.check`).

VeNCrypt (19) is asked for its subtypes when None is not offered: TLSNone (257) and X509None (260)
are no authentication either, behind TLS; the probe lists them but does not start TLS.

No client library is used: the maintained RFB clients (vncdotool on Twisted, asyncvnc) open a full
session and ask for framebuffer updates; the exchange here is five fixed messages."""

import asyncio
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.connection import connect, send
from aucote.checks.exposed.probe import LockedOut, ProbeFailed, require
from aucote.model.protocol import Protocol
from aucote.model.target import Port

NONE, VNC_AUTH, VENCRYPT = 1, 2, 19
OPEN_VENCRYPT: Final = {257: "TLSNone", 260: "X509None"}
TYPE_NAMES: Final = {
    1: "None",
    2: "VNC Authentication",
    5: "RA2",
    6: "RA2ne",
    16: "Tight",
    18: "TLS",
    19: "VeNCrypt",
    30: "Apple Remote Desktop",
    113: "MSLogonII",
    129: "Unix Login",
}
MAX_TEXT: Final = 1024
"""Longest reason or desktop name read."""


@dataclass(frozen=True, slots=True)
class Handshake:
    """What the server said: its protocol version, the security types offered, VeNCrypt's subtypes
    (when asked) and, after None, the desktop's name and size."""

    version: str
    types: tuple[int, ...]
    subtypes: tuple[int, ...] = ()
    desktop: str | None = None
    size: tuple[int, int] | None = None


async def _read(reader: asyncio.StreamReader, count: int) -> bytes:
    try:
        return await reader.readexactly(count)
    except asyncio.IncompleteReadError as error:
        raise EOFError("the service closed the connection") from error


async def _text(reader: asyncio.StreamReader) -> str:
    (length,) = struct.unpack("!I", await _read(reader, 4))
    data = await _read(reader, min(length, MAX_TEXT))
    return data.decode("utf-8", "replace")


def version_of(banner: bytes) -> tuple[int, int]:
    """(major, minor) of a ProtocolVersion message; ValueError for anything else."""
    if len(banner) != 12 or not banner.startswith(b"RFB ") or banner[7:8] != b"." or banner[11:] != b"\n":
        raise ValueError(f"not an RFB server: {banner[:12]!r}")
    return int(banner[4:7]), int(banner[8:11])


def _refused(reason: str) -> Exception:
    """The error of a server that sent no security type: a lock-out, or another refusal."""
    if "too many" in reason.lower():
        return LockedOut(reason)
    return ProbeFailed(f"the server refused the handshake: {reason}")


async def _types(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, minor: int) -> tuple[int, ...]:
    """The security types after the version exchange (RFB 3.3 sends one, chosen by the server)."""
    if minor < 7:
        await send(writer, b"RFB 003.003\n")
        (chosen,) = struct.unpack("!I", await _read(reader, 4))
        if chosen == 0:
            raise _refused(await _text(reader))
        return (chosen,)
    await send(writer, b"RFB 003.008\n" if minor >= 8 else b"RFB 003.007\n")
    (count,) = await _read(reader, 1)
    if count == 0:
        raise _refused(await _text(reader))
    return tuple(await _read(reader, count))


async def _take_none(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, minor: int
) -> tuple[str, tuple[int, int]]:
    """Choose None, join as a shared client and read the ServerInit's name and size."""
    if minor >= 7:
        await send(writer, bytes([NONE]))
    if minor >= 8:
        (result,) = struct.unpack("!I", await _read(reader, 4))
        if result != 0:
            raise ProbeFailed(f"security type None offered but refused: {await _text(reader)}")
    await send(writer, b"\x01")  # ClientInit: shared, other viewers stay connected
    width, height = struct.unpack("!HH", await _read(reader, 4))
    await _read(reader, 16)  # pixel format
    return await _text(reader), (width, height)


async def _vencrypt(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> tuple[int, ...]:
    """VeNCrypt's subtypes (version 0.2), without starting TLS."""
    await send(writer, bytes([VENCRYPT]))
    major, minor = await _read(reader, 2)
    if (major, minor) < (0, 2):
        return ()
    await send(writer, b"\x00\x02")
    (ack,) = await _read(reader, 1)
    if ack != 0:
        return ()
    (count,) = await _read(reader, 1)
    return struct.unpack(f"!{count}I", await _read(reader, 4 * count))


async def handshake(port: Port) -> Handshake:
    """One connection: the version, the types, and None taken or VeNCrypt asked when offered."""
    async with connect(port) as (reader, writer):
        major, minor = version_of(await _read(reader, 12))
        version = f"{major}.{minor}"
        types = await _types(reader, writer, minor)
        if NONE in types:
            desktop, size = await _take_none(reader, writer, minor)
            return Handshake(version, types, desktop=desktop, size=size)
        if VENCRYPT in types and minor >= 7:
            return Handshake(version, types, subtypes=await _vencrypt(reader, writer))
        return Handshake(version, types)


def _names(codes: Sequence[int], names: dict[int, str]) -> str:
    return ", ".join(f"{names.get(code, 'type')} ({code})" for code in codes)


def evidence(found: Handshake) -> str | None:
    """The finding's text when no authentication is needed; None when every type authenticates."""
    offered = f"security types offered: {_names(found.types, TYPE_NAMES)}"
    if found.desktop is not None and found.size is not None:
        width, height = found.size
        return (
            f"VNC server (RFB {found.version}) lets anyone in with the security type None: "
            f"desktop {found.desktop!r} ({width}x{height}) opened without a password; {offered}"
        )
    if open_subtypes := [code for code in found.subtypes if code in OPEN_VENCRYPT]:
        return (
            f"VNC server (RFB {found.version}) offers VeNCrypt without authentication: "
            f"{_names(open_subtypes, OPEN_VENCRYPT)}; {offered}"
        )
    return None


async def vnc_without_auth(port: Port, context: CheckContext) -> str | None:
    """Evidence of a VNC server that asks for no password; `LockedOut` when it refuses the scanner."""
    require(port, Protocol.TCP)
    return evidence(await handshake(port))

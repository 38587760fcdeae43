"""TFTP files readable without authentication: a read request (RRQ) for each of a few file names
network boot and device servers commonly hold; the first DATA block is the evidence, after which
the transfer is ended with an ERROR packet (RFC 1350), so at most one block per file is read.
Packets are encoded and parsed by tftpy; the exchange is our own because tftpy's client downloads
whole files and cannot stop after a block. Not a word list: the names are fixed and few."""

import asyncio
import contextlib
import struct
from dataclasses import dataclass, field
from typing import Final

from tftpy.TftpPacketFactory import TftpPacketFactory
from tftpy.TftpPacketTypes import TftpPacket, TftpPacketDAT, TftpPacketERR, TftpPacketRRQ

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.probe import host, require
from aucote.model.protocol import Protocol
from aucote.model.target import Port

FILE_NAMES: Final = (
    "pxelinux.cfg/default",
    "pxelinux.0",
    "grub/grub.cfg",
    "boot.ini",
    "startup-config",
    "running-config",
    "config.txt",
)
REPLY_WAIT: Final = 2.0
SHOWN_BYTES: Final = 120


@dataclass
class _Replies(asyncio.DatagramProtocol):
    """Datagrams from the scanned host (any source port: the server answers from a new one)."""

    address: str
    queue: asyncio.Queue[tuple[TftpPacket, tuple[str, int]]] = field(default_factory=asyncio.Queue)

    def datagram_received(self, data: bytes, addr: tuple[str | object, ...]) -> None:
        if addr[0] != self.address:
            return
        with contextlib.suppress(Exception):  # tftpy raises its own errors on anything unreadable
            self.queue.put_nowait((TftpPacketFactory().parse(data), (str(addr[0]), int(str(addr[1])))))

    def error_received(self, exc: Exception) -> None:
        return


def read_request(name: str) -> bytes:
    """An octet-mode RRQ for `name`."""
    packet = TftpPacketRRQ()
    packet.filename, packet.mode, packet.options = name, "octet", {}
    return bytes(packet.encode().buffer)


async def first_block(port: Port, name: str) -> bytes | None:
    """The first DATA block the server sends for `name`; None on an ERROR; TimeoutError when the
    server does not answer at all (then the question stays open)."""
    loop = asyncio.get_running_loop()
    family_host = "::" if ":" in host(port) else "0.0.0.0"
    transport, replies = await loop.create_datagram_endpoint(
        lambda: _Replies(host(port)), local_addr=(family_host, 0)
    )
    try:
        transport.sendto(read_request(name), (host(port), port.number))
        try:
            packet, source = await asyncio.wait_for(replies.queue.get(), REPLY_WAIT)
        except TimeoutError:
            raise TimeoutError(f"no TFTP answer to a read request within {REPLY_WAIT:g} s") from None
        if isinstance(packet, TftpPacketDAT) and packet.blocknumber == 1:
            transport.sendto(stop_packet(), source)
            return bytes(packet.data)
        return None
    finally:
        transport.close()


def stop_packet() -> bytes:
    """ERROR packet, code 0 ("Not defined", with our own message): ends the transfer the server
    began. Built here because tftpy's ERR encoder only knows codes 1-8 and their fixed texts."""
    return struct.pack("!HH", TftpPacketERR().opcode, 0) + b"aucote: transfer not wanted\0"


def shown(data: bytes) -> str:
    """The first bytes of a file, quoted."""
    return repr(data[:SHOWN_BYTES].decode("utf-8", "replace"))


async def tftp_readable(port: Port, context: CheckContext) -> str | None:
    """Evidence: each file name that returned data, with its first bytes."""
    require(port, Protocol.UDP)
    found = {name: data for name in FILE_NAMES if (data := await first_block(port, name)) is not None}
    if not found:
        return None
    lines = [f"{name}: {len(data)}+ bytes, begins {shown(data)}" for name, data in found.items()]
    return "TFTP server sends files without authentication:\n" + "\n".join(lines)

"""One unauthenticated SSH connection: read the server's identification, send ours, read the server's
KEXINIT, hang up. No key exchange, no cryptography, nothing logged in."""

import asyncio
import contextlib
from dataclasses import dataclass
from typing import Final

from aucote.checks.ssh.identification import Identification, parse_identification
from aucote.checks.ssh.kexinit import KexInit, packet_length, packet_payload, parse_kexinit
from aucote.model.status import CheckReason

CLIENT_IDENTIFICATION: Final = b"SSH-2.0-Aucote_SSH_check\r\n"
MAX_LINES: Final = 20
"""Lines a server may send before its identification (RFC 4253 4.2 allows some)."""
MAX_LINE: Final = 1024
SKIPPED_MESSAGES: Final = frozenset({2, 4})
"""SSH_MSG_IGNORE and SSH_MSG_DEBUG, which a server may send before its KEXINIT."""


@dataclass(frozen=True, slots=True)
class Handshake:
    """What the server said: its identification, the lines before it, and its KEXINIT (None when
    the server speaks protocol 1 only)."""

    identification: Identification
    kexinit: KexInit | None
    preamble: tuple[str, ...] = ()


class HandshakeError(Exception):
    """The connection failed (unreachable), the peer does not talk SSH (not_applicable) or sent an
    SSH packet that cannot be read (check_error); the message says which."""

    def __init__(self, reason: CheckReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


class NotSsh(ValueError):
    """The peer sent no SSH identification line: it speaks another protocol."""


async def handshake(host: str, port: int) -> Handshake:
    """Connect, read the server's identification and KEXINIT, and close; HandshakeError on failure."""
    try:
        reader, writer = await asyncio.open_connection(host, port, limit=MAX_LINE)
    except OSError as error:
        raise HandshakeError(CheckReason.UNREACHABLE, f"cannot connect: {error.strerror or error}") from None
    try:
        identification, preamble = await _identification(reader)
        if not identification.protocol_2:
            return Handshake(identification, None, preamble)
        writer.write(CLIENT_IDENTIFICATION)
        await writer.drain()
        return Handshake(identification, await _kexinit(reader), preamble)
    except (OSError, ValueError, asyncio.IncompleteReadError) as error:
        raise _problem(error) from None
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


async def _identification(reader: asyncio.StreamReader) -> tuple[Identification, tuple[str, ...]]:
    preamble: list[str] = []
    for _ in range(MAX_LINES):
        try:
            raw = await reader.readline()
        except ValueError:
            raise NotSsh(f"a line longer than {MAX_LINE} bytes, not an SSH identification") from None
        if not raw:
            break
        line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
        if line.startswith("SSH-"):
            return parse_identification(line), tuple(preamble)
        preamble.append(line)
    first = f": first line {preamble[0][:80]!r}" if preamble else ""
    raise NotSsh(f"no SSH identification line from the server{first}")


async def _kexinit(reader: asyncio.StreamReader) -> KexInit:
    for _ in range(MAX_LINES):
        body = await reader.readexactly(packet_length(await reader.readexactly(4)))
        payload = packet_payload(body)
        if payload[:1] and payload[0] not in SKIPPED_MESSAGES:
            return parse_kexinit(payload)
    raise ValueError("no KEXINIT among the server's first packets")


def _problem(error: Exception) -> HandshakeError:
    if isinstance(error, asyncio.IncompleteReadError):
        detail = "the server closed the connection before sending its KEXINIT"
        return HandshakeError(CheckReason.UNREACHABLE, detail)
    if isinstance(error, OSError):
        return HandshakeError(CheckReason.UNREACHABLE, f"connection failed: {error.strerror or error}")
    if isinstance(error, NotSsh):
        return HandshakeError(CheckReason.NOT_APPLICABLE, str(error))
    return HandshakeError(CheckReason.CHECK_ERROR, str(error))

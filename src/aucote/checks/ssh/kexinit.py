"""The binary packet framing before encryption and the KEXINIT message (RFC 4253 6 and 7.1): the
server's algorithm lists, readable without any cryptography."""

import struct
from dataclasses import dataclass
from typing import Final

MSG_KEXINIT: Final = 20
MAX_PACKET: Final = 35000
"""The largest packet RFC 4253 obliges an implementation to accept (6.1); anything longer here is
not an SSH server talking."""


@dataclass(frozen=True, slots=True)
class KexInit:
    """The algorithm name-lists of a KEXINIT, in the server's order of preference."""

    kex: tuple[str, ...]
    host_keys: tuple[str, ...]
    ciphers_client_server: tuple[str, ...]
    ciphers_server_client: tuple[str, ...]
    macs_client_server: tuple[str, ...]
    macs_server_client: tuple[str, ...]
    compression_client_server: tuple[str, ...]
    compression_server_client: tuple[str, ...]
    languages_client_server: tuple[str, ...] = ()
    languages_server_client: tuple[str, ...] = ()
    first_kex_follows: bool = False

    @property
    def ciphers(self) -> tuple[str, ...]:
        """Ciphers offered in either direction, without repeats."""
        return tuple(dict.fromkeys(self.ciphers_client_server + self.ciphers_server_client))

    @property
    def macs(self) -> tuple[str, ...]:
        """MACs offered in either direction, without repeats."""
        return tuple(dict.fromkeys(self.macs_client_server + self.macs_server_client))


def packet_length(header: bytes) -> int:
    """The length that follows the 4-byte header of a packet; ValueError when it is implausible."""
    if len(header) != 4:
        raise ValueError(f"an SSH packet header of {len(header)} bytes")
    (length,) = struct.unpack(">I", header)
    if not 5 <= length <= MAX_PACKET:
        raise ValueError(f"implausible SSH packet length {length}")
    return int(length)


def packet_payload(body: bytes) -> bytes:
    """The payload of an unencrypted packet body (what follows the length): padding removed."""
    if not body:
        raise ValueError("empty SSH packet")
    padding = body[0]
    if padding + 1 > len(body):
        raise ValueError(f"SSH packet padding {padding} longer than the packet ({len(body)} bytes)")
    return body[1 : len(body) - padding]


def parse_kexinit(payload: bytes) -> KexInit:
    """The KEXINIT in a packet payload; ValueError when it is another message or truncated."""
    if not payload or payload[0] != MSG_KEXINIT:
        kind = payload[0] if payload else "none"
        raise ValueError(f"expected SSH_MSG_KEXINIT (20), got message {kind}")
    offset = 17
    lists: list[tuple[str, ...]] = []
    for _ in range(10):
        names, offset = _name_list(payload, offset)
        lists.append(names)
    if offset >= len(payload):
        raise ValueError("KEXINIT truncated before first_kex_packet_follows")
    kex, keys, cipher_cs, cipher_sc, mac_cs, mac_sc, comp_cs, comp_sc, lang_cs, lang_sc = lists
    return KexInit(
        kex,
        keys,
        cipher_cs,
        cipher_sc,
        mac_cs,
        mac_sc,
        comp_cs,
        comp_sc,
        lang_cs,
        lang_sc,
        first_kex_follows=payload[offset] != 0,
    )


def _name_list(payload: bytes, offset: int) -> tuple[tuple[str, ...], int]:
    if offset + 4 > len(payload):
        raise ValueError("KEXINIT truncated inside its name-lists")
    (length,) = struct.unpack_from(">I", payload, offset)
    end = offset + 4 + length
    if end > len(payload):
        raise ValueError(f"KEXINIT name-list of {length} bytes runs past the end of the message")
    text = payload[offset + 4 : end].decode("ascii", errors="replace")
    return tuple(name for name in text.split(",") if name), end

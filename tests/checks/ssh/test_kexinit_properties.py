"""Property: the recorded greetings of real OpenSSH servers (recorded/README.md), damaged, give a
KEXINIT or ValueError through every step of reading a packet, never another exception."""

from hypothesis import example, given, settings

from aucote.checks.ssh.kexinit import KexInit, packet_length, packet_payload, parse_kexinit
from tests.checks.ssh.recorded import greeting
from tests.support.mutations import SETTINGS, mutated_bytes

PACKETS = tuple(greeting(name)[1] for name in ("openssh-9.2-weak", "openssh-9.2-hardened"))
PAYLOADS = tuple(packet_payload(packet[4:]) for packet in PACKETS)


def read_packet(packet: bytes) -> KexInit:
    """What the handshake does with the bytes after the identification line."""
    body = packet[4 : 4 + packet_length(packet[:4])]
    return parse_kexinit(packet_payload(body))


@settings(**SETTINGS)
@given(mutated_bytes(PACKETS))
@example(b"\x00\x00")  # a header of 2 bytes: struct.error
@example(b"\x00\x00\x00\x05\x04\x14")
def test_damaged_packets_give_a_kexinit_or_value_error(packet: bytes) -> None:
    try:
        kexinit = read_packet(packet)
    except ValueError:
        return
    assert all(isinstance(name, str) for name in kexinit.ciphers + kexinit.macs + kexinit.kex)


@settings(**SETTINGS)
@given(mutated_bytes(PAYLOADS))
@example(b"\x14")
@example(b"\x14" + bytes(16) + b"\xff\xff\xff\xff")
def test_damaged_payloads_give_a_kexinit_or_value_error(payload: bytes) -> None:
    try:
        kexinit = parse_kexinit(payload)
    except ValueError:
        return
    assert isinstance(kexinit.first_kex_follows, bool)

"""The binary packet framing and the KEXINIT parser, on bytes recorded from real OpenSSH servers."""

import struct

import pytest

from aucote.checks.ssh.kexinit import MSG_KEXINIT, KexInit, packet_length, packet_payload, parse_kexinit
from tests.checks.ssh.recorded import greeting


def recorded_kexinit(name: str) -> KexInit:
    _, packet = greeting(name)
    assert packet_length(packet[:4]) == len(packet) - 4
    return parse_kexinit(packet_payload(packet[4:]))


def name_list(*names: str) -> bytes:
    text = ",".join(names).encode()
    return struct.pack(">I", len(text)) + text


def payload(lists: list[tuple[str, ...]], follows: int = 0) -> bytes:
    return (
        bytes([MSG_KEXINIT])
        + bytes(16)
        + b"".join(name_list(*names) for names in lists)
        + bytes([follows, 0, 0, 0, 0])
    )


def test_weak_openssh_kexinit() -> None:
    kexinit = recorded_kexinit("openssh-9.2-weak")
    assert kexinit.kex == (
        "diffie-hellman-group1-sha1",
        "diffie-hellman-group14-sha1",
        "diffie-hellman-group-exchange-sha1",
        "kex-strict-s-v00@openssh.com",
    )
    assert kexinit.host_keys == ("ssh-dss", "rsa-sha2-256", "ssh-rsa")
    assert kexinit.ciphers == ("3des-cbc", "aes128-cbc", "aes128-ctr")
    assert kexinit.ciphers_client_server == kexinit.ciphers_server_client
    assert kexinit.macs == (
        "hmac-md5",
        "hmac-sha1-96",
        "umac-64@openssh.com",
        "hmac-sha1",
        "hmac-sha2-256-etm@openssh.com",
    )
    assert kexinit.compression_client_server == ("none", "zlib@openssh.com")
    assert kexinit.languages_client_server == kexinit.languages_server_client == ()
    assert kexinit.first_kex_follows is False


def test_hardened_openssh_kexinit() -> None:
    kexinit = recorded_kexinit("openssh-9.2-hardened")
    assert kexinit.kex[:3] == (
        "curve25519-sha256",
        "curve25519-sha256@libssh.org",
        "diffie-hellman-group16-sha512",
    )
    assert kexinit.host_keys == ("ssh-ed25519", "rsa-sha2-512", "rsa-sha2-256")
    assert kexinit.ciphers == ("chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr")


def test_directions_are_kept_apart_and_merged_without_repeats() -> None:
    lists = [("kex",), ("key",), ("a", "b"), ("b", "c"), ("m1",), ("m2", "m1"), ("none",), ("none",), (), ()]
    kexinit = parse_kexinit(payload(lists, follows=1))
    assert kexinit.ciphers_client_server == ("a", "b")
    assert kexinit.ciphers_server_client == ("b", "c")
    assert kexinit.ciphers == ("a", "b", "c")
    assert kexinit.macs == ("m1", "m2")
    assert kexinit.first_kex_follows is True


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "got message none"),
        (bytes([21]) + bytes(40), "got message 21"),
        (bytes([MSG_KEXINIT]) + bytes(16), "truncated inside its name-lists"),
        (bytes([MSG_KEXINIT]) + bytes(16) + struct.pack(">I", 500) + b"abc", "runs past the end"),
        (payload([()] * 10)[:-5], "truncated before first_kex_packet_follows"),
    ],
)
def test_bad_kexinit(data: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_kexinit(data)


@pytest.mark.parametrize("length", [0, 4, 35001, 0x5353482D])
def test_implausible_packet_lengths(length: int) -> None:
    with pytest.raises(ValueError, match="implausible SSH packet length"):
        packet_length(struct.pack(">I", length))


def test_padding_is_removed_and_checked() -> None:
    assert packet_payload(bytes([3]) + b"payload" + b"pad") == b"payload"
    with pytest.raises(ValueError, match="padding 9 longer"):
        packet_payload(bytes([9]) + b"abc")
    with pytest.raises(ValueError, match="empty"):
        packet_payload(b"")

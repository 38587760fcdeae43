"""Which algorithms are weak, and why."""

import pytest

from aucote.checks.ssh.algorithms import cipher_weakness, host_key_weakness, kex_weakness, mac_weakness


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("diffie-hellman-group1-sha1", "1024-bit MODP group"),
        ("diffie-hellman-group14-sha1", "SHA-1"),
        ("diffie-hellman-group-exchange-sha1", "picks the group size"),
        ("rsa1024-sha1", "1024-bit RSA"),
        ("gss-group1-sha1-toWM5Slw5Ew8Mqkay+al2g==", "Oakley group 2"),
        ("gss-gex-sha1-toWM5Slw5Ew8Mqkay+al2g==", "SHA-1"),
        ("gss-group14-sha1-toWM5Slw5Ew8Mqkay+al2g==", "SHA-1"),
        ("diffie-hellman-group14-sha256", None),
        ("diffie-hellman-group-exchange-sha256", None),
        ("curve25519-sha256", None),
        ("ecdh-sha2-nistp256", None),
        ("sntrup761x25519-sha512@openssh.com", None),
        ("ext-info-s", None),
        ("kex-strict-s-v00@openssh.com", None),
    ],
)
def test_kex(name: str, reason: str | None) -> None:
    found = kex_weakness(name)
    assert found is None if reason is None else reason in (found or "")


@pytest.mark.parametrize(
    ("name", "reasons"),
    [
        ("none", ["no encryption"]),
        ("arcfour", ["RC4"]),
        ("arcfour256", ["RC4"]),
        ("3des-cbc", ["64-bit block", "CBC"]),
        ("blowfish-cbc", ["64-bit block", "CBC"]),
        ("cast128-cbc", ["64-bit block", "CBC"]),
        ("des-cbc@ssh.com", ["single DES", "CBC"]),
        ("aes128-cbc", ["CBC"]),
        ("aes256-cbc", ["CBC"]),
        ("rijndael-cbc@lysator.liu.se", ["CBC"]),
        ("twofish256-cbc", ["CBC"]),
        ("aes128-ctr", []),
        ("aes256-gcm@openssh.com", []),
        ("chacha20-poly1305@openssh.com", []),
    ],
)
def test_ciphers(name: str, reasons: list[str]) -> None:
    found = cipher_weakness(name)
    assert (found is None) == (not reasons)
    assert all(reason in (found or "") for reason in reasons)


@pytest.mark.parametrize(
    ("name", "weak"),
    [
        ("none", True),
        ("hmac-md5", True),
        ("hmac-md5-96", True),
        ("hmac-md5-etm@openssh.com", True),
        ("hmac-sha1-96", True),
        ("hmac-sha1-96-etm@openssh.com", True),
        ("umac-64@openssh.com", True),
        ("umac-64-etm@openssh.com", True),
        ("hmac-sha1", True),
        ("hmac-sha1-etm@openssh.com", False),
        ("hmac-sha2-256", False),
        ("hmac-sha2-512-etm@openssh.com", False),
        ("umac-128-etm@openssh.com", False),
    ],
)
def test_macs(name: str, weak: bool) -> None:
    assert (mac_weakness(name) is not None) is weak


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("ssh-dss", "DSA"),
        ("ssh-dss-cert-v01@openssh.com", "DSA"),
        ("ssh-rsa", "SHA-1"),
        ("ssh-rsa-cert-v01@openssh.com", "SHA-1"),
        ("rsa-sha2-256", None),
        ("rsa-sha2-512", None),
        ("ssh-ed25519", None),
        ("ecdsa-sha2-nistp256", None),
    ],
)
def test_host_keys(name: str, reason: str | None) -> None:
    found = host_key_weakness(name)
    assert found is None if reason is None else reason in (found or "")

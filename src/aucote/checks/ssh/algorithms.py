"""Why an SSH algorithm the server offers is weak (None when it is not), one function per list.

Sources: RFC 9142 (key exchange), RFC 8758 (RC4), RFC 8332 and OpenSSH 8.8 (SHA-1 RSA signatures),
the Sweet32 and CVE-2008-5161 (CBC) attacks; the classes follow ssh-audit's failures and warnings,
leaving out its suspicion of the NIST curves and its warnings about encrypt-and-MAC with SHA-2.
"""

from typing import Final

_SHA1: Final = "SHA-1 exchange hash (RFC 9142 moves SSH key exchange to SHA-2)"
_KEX: Final = {
    "diffie-hellman-group1-sha1": "1024-bit MODP group (Oakley group 2), within reach of Logjam-style "
    "precomputation, and SHA-1",
    "diffie-hellman-group-exchange-sha1": f"{_SHA1}; the server also picks the group size",
    "rsa1024-sha1": "1024-bit RSA key transport and SHA-1",
}
_PSEUDO_KEX: Final = ("ext-info-", "kex-strict-")
"""Names in the key exchange list that only signal extensions."""

_RC4: Final = "RC4 stream cipher with a biased keystream (deprecated by RFC 8758)"
_NO_CIPHER: Final = "no encryption at all"
_BLOCK_64: Final = "64-bit block cipher, open to Sweet32 birthday attacks on long sessions"
_DES: Final = "single DES, a 56-bit key that can be brute-forced"
_CBC: Final = "CBC mode, open to plaintext recovery (CVE-2008-5161)"

_DSA: Final = "DSA: 1024-bit keys and SHA-1 signatures (disabled by default since OpenSSH 7.0)"
_RSA_SHA1: Final = (
    "RSA signatures with SHA-1, for which chosen-prefix collisions were shown in 2020 "
    "(disabled by default since OpenSSH 8.8; rsa-sha2-256/512 sign with the same key)"
)
_HOST_KEYS: Final = {
    "ssh-dss": _DSA,
    "ssh-dss-cert-v01@openssh.com": _DSA,
    "x509v3-sign-dss": _DSA,
    "x509v3-ssh-dss": _DSA,
    "ssh-rsa": _RSA_SHA1,
    "ssh-rsa-cert-v01@openssh.com": _RSA_SHA1,
    "x509v3-sign-rsa": _RSA_SHA1,
    "x509v3-ssh-rsa": _RSA_SHA1,
}


def kex_weakness(name: str) -> str | None:
    """Key exchange: 1024-bit groups or keys, and the SHA-1 exchange hash (also GSSAPI's `gss-*-sha1-*`)."""
    if name in _KEX:
        return _KEX[name]
    if name.startswith(_PSEUDO_KEX):
        return None
    if name.startswith("gss-group1-sha1-"):
        return f"GSSAPI with the 1024-bit Oakley group 2 and {_SHA1}"
    if name.endswith("-sha1") or "-sha1-" in name or name.endswith("-sha1@ssh.com"):
        return _SHA1
    return None


def cipher_weakness(name: str) -> str | None:
    """Ciphers: none, RC4, 64-bit block ciphers, single DES and CBC mode."""
    base = name.split("@")[0]
    if base == "none":
        return _NO_CIPHER
    if base.startswith("arcfour"):
        return _RC4
    reasons = []
    if base.startswith(("3des", "blowfish", "cast128", "idea")):
        reasons.append(_BLOCK_64)
    elif base.startswith("des"):
        reasons.append(_DES)
    if base.endswith("-cbc"):
        reasons.append(_CBC)
    return "; ".join(reasons) or None


def mac_weakness(name: str) -> str | None:
    """MACs: none, MD5, tags truncated to 96 or 64 bits, and hmac-sha1 in encrypt-and-MAC mode.

    `hmac-sha1` is flagged although HMAC-SHA1 is not broken as a MAC: without `-etm` the tag is
    computed over the plaintext (encrypt-and-MAC), the construction behind SSH's CBC plaintext
    recovery, and SHA-1 is deprecated; `hmac-sha1-etm@openssh.com` is not flagged."""
    if name == "none":
        return "no integrity protection at all"
    if "md5" in name:
        return "MD5-based"
    if "-96" in name:
        return "tag truncated to 96 bits"
    if name.startswith("umac-64"):
        return "64-bit tag"
    if name == "hmac-sha1":
        return "SHA-1 in encrypt-and-MAC mode (the tag covers the plaintext); use an -etm or SHA-2 MAC"
    return None


def host_key_weakness(name: str) -> str | None:
    """Host key algorithms: DSA, and RSA with SHA-1 signatures."""
    return _HOST_KEYS.get(name)

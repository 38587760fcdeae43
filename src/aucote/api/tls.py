"""The API's own HTTPS: a server SSLContext with Mozilla's intermediate settings, so that Aucote's
TLS check (`aucote.checks.tls`, sslyze with the Mozilla profile) finds nothing on Aucote itself.

TLS 1.2 and 1.3 only; for TLS 1.2 the ECDHE suites of the profile with AES-GCM or ChaCha20 (no
finite-field DHE: Python's ssl module cannot choose its group); OpenSSL's TLS 1.3 suites (all three
are in the profile); one key-exchange group, P-256 — Python's ssl module can set only one, and
P-256 is the one every TLS 1.3 client must support (RFC 8446, 9.1), where OpenSSL's default list
also holds X448 and P-521, which the profile leaves out; no compression, no client-initiated
renegotiation, no session tickets (stateful resumption keeps forward secrecy)."""

import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Final

TLS12_CIPHERS: Final = ":".join(
    (
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305",
        "ECDHE-RSA-CHACHA20-POLY1305",
    )
)
"""OpenSSL names of the TLS 1.2 suites, in Mozilla's intermediate order."""
KEY_EXCHANGE_GROUP: Final = "prime256v1"


@dataclass(frozen=True, slots=True)
class TlsFiles:
    """PEM files of the certificate (chain) and its unencrypted private key."""

    cert: Path
    key: Path


def server_context(files: TlsFiles) -> ssl.SSLContext:
    """A server context serving `files` with the settings above (ssl.SSLError or OSError when the
    files cannot be used; the configuration checks them first)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.set_ciphers(TLS12_CIPHERS)
    context.set_ecdh_curve(KEY_EXCHANGE_GROUP)
    context.options |= ssl.OP_NO_COMPRESSION | ssl.OP_NO_RENEGOTIATION | ssl.OP_NO_TICKET
    context.load_cert_chain(files.cert, files.key, password=_no_passphrase)
    return context


def _no_passphrase() -> bytes:
    """An encrypted key fails instead of prompting on the terminal."""
    return b""

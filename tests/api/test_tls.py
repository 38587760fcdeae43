"""The API's server context against real handshakes: TLS 1.3, or TLS 1.2 with an ECDHE AEAD suite;
no CBC, no RSA key exchange, no compression; an encrypted key fails instead of prompting."""

import socket
import ssl
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    PrivateFormat,
    load_pem_private_key,
)

from aucote.api.tls import TlsFiles, server_context
from tests.support.tls_servers import Authority, CertFiles, python_tls_server


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Authority, CertFiles]:
    folder = tmp_path_factory.mktemp("api-tls")
    authority = Authority.create(folder)
    return authority, authority.issue(folder, "api")


def handshake(
    files: tuple[Authority, CertFiles], version: ssl.TLSVersion, ciphers: str | None = None
) -> ssl.SSLSocket:
    """A connected client socket after the handshake with a server using the API's context."""
    authority, cert = files
    client = ssl.create_default_context(cafile=str(authority.cert_file))
    client.minimum_version = client.maximum_version = version
    if ciphers:
        client.set_ciphers(ciphers)
    with python_tls_server(server_context(TlsFiles(cert.cert, cert.key))) as port:
        raw = socket.create_connection(("127.0.0.1", port), timeout=10)
        return client.wrap_socket(raw, server_hostname="localhost")


def test_tls_1_3_with_an_aead_suite_and_no_compression(files: tuple[Authority, CertFiles]) -> None:
    with handshake(files, ssl.TLSVersion.TLSv1_3) as tls:
        assert tls.version() == "TLSv1.3"
        assert tls.cipher()[0] in {
            "TLS_AES_256_GCM_SHA384",
            "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256",
        }
        assert tls.compression() is None


def test_tls_1_2_with_ecdhe_and_gcm(files: tuple[Authority, CertFiles]) -> None:
    with handshake(files, ssl.TLSVersion.TLSv1_2) as tls:
        assert tls.version() == "TLSv1.2"
        assert tls.cipher()[0] == "ECDHE-RSA-AES128-GCM-SHA256"  # the profile's first for an RSA key


@pytest.mark.parametrize(
    "ciphers",
    ["ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES128-SHA", "AES128-GCM-SHA256", "DHE-RSA-AES128-GCM-SHA256"],
)
def test_tls_1_2_without_a_profile_suite_is_refused(files: tuple[Authority, CertFiles], ciphers: str) -> None:
    with pytest.raises(ssl.SSLError):
        handshake(files, ssl.TLSVersion.TLSv1_2, ciphers)


def test_an_encrypted_key_fails_without_prompting(files: tuple[Authority, CertFiles], tmp_path: Path) -> None:
    _, cert = files
    key = load_pem_private_key(cert.key.read_bytes(), password=None)
    encrypted = tmp_path / "encrypted.key"
    encrypted.write_bytes(
        key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, BestAvailableEncryption(b"pw"))
    )
    with pytest.raises(ssl.SSLError):
        server_context(TlsFiles(cert.cert, encrypted))

"""TLS servers for tests, on loopback: certificates made to order, `openssl s_server` with chosen
protocols, ciphers and DH groups, and a Python server that speaks TLS directly or after STARTTLS.

    authority = Authority.create(tmp_path)
    files = authority.issue(tmp_path, "expired", CertSpec(not_after=days(-1)))
    with openssl_server(files, *LEGACY, "-tls1") as port: ...
    with python_tls_server(server_context(files), starttls="smtp") as port: ...

OpenSSL 3 (Debian 12) needs `@SECLEVEL=0` to offer TLS 1.0/1.1, 1024-bit keys and DH groups, NULL
and anonymous suites; it cannot offer SSL 2.0, SSL 3.0, RC4, DES/3DES or export suites at all, and
is not vulnerable to Heartbleed, CCS injection or ROBOT.
"""

import socket
import socketserver
import ssl
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from ipaddress import ip_address
from pathlib import Path
from typing import Final, Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dh, ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tests.support.ports import free_port, serving

LEGACY: Final = ("-cipher", "ALL:COMPLEMENTOFALL:@SECLEVEL=0")
"""s_server options that let OpenSSL 3 offer everything it still can (TLS 1.0/1.1, NULL, anonymous …)."""

MODERN: Final = (
    "-min_protocol",
    "TLSv1.2",
    "-cipher",
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305",
    "-groups",
    "X25519:P-256:P-384",
)
"""s_server options of Mozilla's intermediate profile: TLS 1.2 and 1.3, its cipher suites and curves."""

OAKLEY_GROUP_2: Final = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF",
    16,
)
"""The 1024-bit MODP group of RFC 2409 (Oakley group 2): a well-known weak DH group."""

StartTls = Literal["smtp", "imap", "pop3", "ftp", "xmpp", "ldap"]


def days(count: float) -> datetime:
    """Now plus `count` days (negative: in the past), in UTC."""
    return datetime.now(UTC) + timedelta(days=count)


@dataclass(frozen=True, slots=True)
class CertSpec:
    """What to put in a certificate. Defaults: a good server certificate for localhost/127.0.0.1/::1,
    RSA 2048, SHA-256, valid from yesterday for 90 days, issued by the authority."""

    common_name: str = "localhost"
    dns_names: tuple[str, ...] = ("localhost",)
    ip_addresses: tuple[str, ...] = ("127.0.0.1", "::1")
    key: Literal["rsa", "ec"] = "rsa"
    key_size: int = 2048
    """RSA modulus bits; for EC, 256 (P-256), 384 (P-384) or 192 (P-192)."""
    digest: Literal["sha256", "sha1", "md5"] = "sha256"
    not_before: datetime = field(default_factory=lambda: days(-1))
    not_after: datetime = field(default_factory=lambda: days(89))
    self_signed: bool = False


@dataclass(frozen=True, slots=True)
class CertFiles:
    """PEM files of a server certificate and its private key."""

    cert: Path
    key: Path


@dataclass(frozen=True, slots=True)
class Authority:
    """A test certificate authority (self-signed root); `cert_file` is its PEM for trust stores."""

    cert: x509.Certificate
    key: rsa.RSAPrivateKey
    cert_file: Path

    @classmethod
    def create(cls, directory: Path, name: str = "Aucote Test CA") -> "Authority":
        """A new root CA whose certificate is written to `directory`/ca.pem."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        subject = _name(name)
        builder = _builder(subject, subject, key.public_key(), days(-1), days(365))
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        builder = builder.add_extension(_CA_KEY_USAGE, critical=True)
        builder = builder.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        cert = builder.sign(key, hashes.SHA256())
        path = directory / "ca.pem"
        path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return cls(cert, key, path)

    def issue(self, directory: Path, stem: str, spec: CertSpec = CertSpec()) -> CertFiles:
        """A certificate made to `spec` (signed by this authority unless self-signed), written to
        `directory`/<stem>.crt and <stem>.key."""
        key = _private_key(spec)
        subject = _name(spec.common_name)
        issuer, signer = (subject, key) if spec.self_signed else (self.cert.subject, self.key)
        builder = _builder(subject, issuer, key.public_key(), spec.not_before, spec.not_after)
        names = _alternative_names(spec)
        if names:
            builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
        builder = _server_extensions(builder, key, signer)
        cert = builder.sign(signer, hashes.SHA256())
        if spec.digest != "sha256":
            cert = _resign(cert, signer, spec.digest)
        return _write(directory, stem, cert, key)


def weak_dh_params(directory: Path) -> Path:
    """A PEM file of the 1024-bit Oakley group 2, for `openssl s_server -dhparam`."""
    params = dh.DHParameterNumbers(OAKLEY_GROUP_2, 2).parameters()
    path = directory / "dh1024.pem"
    path.write_bytes(params.parameter_bytes(serialization.Encoding.PEM, serialization.ParameterFormat.PKCS3))
    return path


@contextmanager
def openssl_server(files: CertFiles, *options: str, host: str = "127.0.0.1") -> Iterator[int]:
    """`openssl s_server -www` with the certificate and `options` (see LEGACY, MODERN) on a free
    port of `host` for the duration of the block; yields the port."""
    port = free_port(host)
    address = f"[{host}]" if ":" in host else host
    argv = ["openssl", "s_server", "-www", "-quiet", "-accept", f"{address}:{port}"]
    argv += ["-cert", str(files.cert), "-key", str(files.key), *options]
    with serving(argv, port, host):
        yield port


OP_ALLOW_CLIENT_RENEGOTIATION: Final = 0x100
"""OpenSSL 3's SSL_OP_ALLOW_CLIENT_RENEGOTIATION (Python's ssl module has no name for it)."""


def server_context(
    files: CertFiles,
    minimum: ssl.TLSVersion = ssl.TLSVersion.TLSv1_2,
    ciphers: str | None = None,
    client_renegotiation: bool = False,
) -> ssl.SSLContext:
    """A server SSLContext with the certificate; `minimum` below TLS 1.2 lowers the security level;
    `client_renegotiation` lets clients renegotiate (OpenSSL 3 refuses by default)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    if client_renegotiation:
        context.options |= OP_ALLOW_CLIENT_RENEGOTIATION
    context.load_cert_chain(files.cert, files.key)
    if minimum < ssl.TLSVersion.TLSv1_2:
        context.set_ciphers(ciphers or "ALL:@SECLEVEL=0")
    elif ciphers:
        context.set_ciphers(ciphers)
    with warnings.catch_warnings():  # TLS 1.0 and 1.1 are deprecated: that is what these servers test
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = minimum
    return context


@contextmanager
def python_tls_server(
    context: ssl.SSLContext, starttls: StartTls | None = None, host: str = "127.0.0.1"
) -> Iterator[int]:
    """A threaded server on a free port of `host` that speaks TLS from the first byte, or first the
    plaintext dialogue of `starttls` up to the upgrade; yields the port."""
    server = _TlsServer((host, 0), _TlsHandler)
    server.context, server.dialogue = context, DIALOGUES[starttls] if starttls else _no_dialogue
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _builder(
    subject: x509.Name,
    issuer: x509.Name,
    public_key: rsa.RSAPublicKey | ec.EllipticCurvePublicKey,
    not_before: datetime,
    not_after: datetime,
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
    )


_CA_KEY_USAGE: Final = x509.KeyUsage(
    digital_signature=False,
    content_commitment=False,
    key_encipherment=False,
    data_encipherment=False,
    key_agreement=False,
    key_cert_sign=True,
    crl_sign=True,
    encipher_only=False,
    decipher_only=False,
)


def _server_extensions(
    builder: x509.CertificateBuilder,
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
    signer: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
) -> x509.CertificateBuilder:
    """What a CA/Browser Forum verifier (cryptography's, used by sslyze) requires of a server certificate."""
    builder = builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
    builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
    builder = builder.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
    authority = x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.public_key())
    return builder.add_extension(authority, critical=False)


def _private_key(spec: CertSpec) -> rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey:
    if spec.key == "ec":
        curves = {192: ec.SECP192R1(), 256: ec.SECP256R1(), 384: ec.SECP384R1()}
        return ec.generate_private_key(curves[spec.key_size])
    return rsa.generate_private_key(public_exponent=65537, key_size=spec.key_size)


def _alternative_names(spec: CertSpec) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = [x509.DNSName(name) for name in spec.dns_names]
    return names + [x509.IPAddress(ip_address(address)) for address in spec.ip_addresses]


_RSA_SHA256_ALGORITHM: Final = bytes.fromhex("300d06092a864886f70d01010b0500")
_RSA_WEAK_ALGORITHMS: Final = {
    "sha1": (bytes.fromhex("300d06092a864886f70d0101050500"), hashes.SHA1()),
    "md5": (bytes.fromhex("300d06092a864886f70d0101040500"), hashes.MD5()),
}
"""DER AlgorithmIdentifiers of sha256/sha1/md5WithRSAEncryption (same length) and their hashes."""


def _resign(
    cert: x509.Certificate, signer: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, digest: str
) -> x509.Certificate:
    """The certificate signed again with SHA-1 or MD5: cryptography no longer signs certificates with
    them, so swap the algorithm in the DER of the to-be-signed part and sign it with the raw RSA key."""
    if not isinstance(signer, rsa.RSAPrivateKey):
        raise ValueError("weak-hash certificates need an RSA signer")
    algorithm, hash_algorithm = _RSA_WEAK_ALGORITHMS[digest]
    tbs = cert.tbs_certificate_bytes.replace(_RSA_SHA256_ALGORITHM, algorithm, 1)
    signature = signer.sign(tbs, padding.PKCS1v15(), hash_algorithm)
    body = tbs + algorithm + _der(0x03, b"\x00" + signature)
    return x509.load_der_x509_certificate(_der(0x30, body))


def _der(tag: int, content: bytes) -> bytes:
    """One DER element: tag, definite length, content."""
    length = len(content)
    if length < 0x80:
        return bytes([tag, length]) + content
    size = (length.bit_length() + 7) // 8
    return bytes([tag, 0x80 | size]) + length.to_bytes(size, "big") + content


def _write(
    directory: Path, stem: str, cert: x509.Certificate, key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
) -> CertFiles:
    files = CertFiles(directory / f"{stem}.crt", directory / f"{stem}.key")
    files.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return files


# --- The Python server: an optional plaintext dialogue, then TLS until the client leaves ---------

Dialogue = Callable[[socket.socket], bool]
"""Speaks the plaintext part on a fresh connection; True when the client asked for the upgrade."""


class _TlsServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    context: ssl.SSLContext
    dialogue: Dialogue


class _TlsHandler(socketserver.BaseRequestHandler):
    server: _TlsServer
    request: socket.socket

    def handle(self) -> None:
        self.request.settimeout(10)
        try:
            if not self.server.dialogue(self.request):
                return
            with self.server.context.wrap_socket(self.request, server_side=True) as tls:
                while tls.recv(4096):  # serve renegotiations and heartbeats until the client leaves
                    pass
        except (OSError, ValueError):
            return


def _no_dialogue(sock: socket.socket) -> bool:
    return True


def _read_line(sock: socket.socket) -> bytes:
    """One CRLF-terminated line, read byte by byte so nothing of the TLS handshake is consumed."""
    line = b""
    while not line.endswith(b"\n"):
        byte = sock.recv(1)
        if not byte:
            break
        line += byte
    return line


def _line_dialogue(greeting: bytes, replies: Callable[[bytes], tuple[bytes, bool]]) -> Dialogue:
    """Greets, then answers each line with `replies(line)` -> (answer, upgrade now)."""

    def dialogue(sock: socket.socket) -> bool:
        sock.sendall(greeting)
        while line := _read_line(sock):
            answer, upgrade = replies(line.strip())
            sock.sendall(answer)
            if upgrade:
                return True
        return False

    return dialogue


def _smtp(line: bytes) -> tuple[bytes, bool]:
    verb = line.split(b" ")[0].upper()
    if verb in (b"EHLO", b"HELO"):
        return b"250-test.invalid\r\n250 STARTTLS\r\n", False
    if verb == b"STARTTLS":
        return b"220 Ready to start TLS\r\n", True
    return b"502 Command not implemented\r\n", False


def _imap(line: bytes) -> tuple[bytes, bool]:
    tag, _, command = line.partition(b" ")
    if command.upper() == b"STARTTLS":
        return tag + b" OK Begin TLS negotiation now\r\n", True
    return tag + b" BAD Command unknown\r\n", False


def _pop3(line: bytes) -> tuple[bytes, bool]:
    if line.upper() == b"STLS":
        return b"+OK Begin TLS negotiation\r\n", True
    return b"-ERR Unknown command\r\n", False


def _ftp(line: bytes) -> tuple[bytes, bool]:
    if line.upper() == b"AUTH TLS":
        return b"234 AUTH TLS successful\r\n", True
    return b"502 Command not implemented\r\n", False


def _read_until(sock: socket.socket, marker: bytes) -> bytes:
    data = b""
    while marker not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def _xmpp(sock: socket.socket) -> bool:
    if b"<stream:stream" not in _read_until(sock, b">"):
        return False
    sock.sendall(
        b"<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
        b"xmlns:stream='http://etherx.jabber.org/streams' id='1' from='localhost' version='1.0'>"
        b"<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
        b"</stream:features>"
    )
    if b"starttls" not in _read_until(sock, b"/>"):
        return False
    sock.sendall(b"<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
    return True


LDAP_START_TLS_OID: Final = b"1.3.6.1.4.1.1466.20037"
LDAP_EXTENDED_SUCCESS: Final = b"\x30\x0c\x02\x01\x01\x78\x07\x0a\x01\x00\x04\x00\x04\x00"
"""ExtendedResponse (message 1): resultCode success, empty matchedDN and diagnosticMessage."""


def _ldap(sock: socket.socket) -> bool:
    if LDAP_START_TLS_OID not in _read_until(sock, LDAP_START_TLS_OID):
        return False
    sock.sendall(LDAP_EXTENDED_SUCCESS)
    return True


DIALOGUES: Final[dict[StartTls, Dialogue]] = {
    "smtp": _line_dialogue(b"220 test.invalid ESMTP ready\r\n", _smtp),
    "imap": _line_dialogue(b"* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n", _imap),
    "pop3": _line_dialogue(b"+OK POP3 ready\r\n", _pop3),
    "ftp": _line_dialogue(b"220 FTP ready\r\n", _ftp),
    "xmpp": _xmpp,
    "ldap": _ldap,
}
"""The server side of every STARTTLS dialogue sslyze speaks, just enough to reach the handshake."""


def starttls_services() -> Sequence[StartTls]:
    """Every STARTTLS dialogue the Python server speaks."""
    return tuple(DIALOGUES)

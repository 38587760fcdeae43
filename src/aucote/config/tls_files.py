"""The certificate and private key files of `service.api.tls`: readable PEM, a key that matches the
certificate, a key type and size Mozilla's intermediate TLS profile accepts, and a pair OpenSSL
loads. Each problem names the key (`cert` or `key`) it is about."""

import ssl
from collections.abc import Callable
from pathlib import Path
from typing import Final, TypeVar

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_private_key,
)

from aucote.config.errors import ConfigProblem, KeyedProblems

MIN_RSA_BITS: Final = 2048
EC_CURVES: Final = frozenset({"secp256r1", "secp384r1"})
"""Certificate curves of Mozilla's intermediate profile (P-256, P-384)."""
STRONG_KEYS: Final = "an RSA key of 2048 bits or more, or an EC key on P-256 or P-384"

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
Read = TypeVar("Read")


def check_tls_files(cert: str | None, key: str | None) -> None:
    """KeyedProblems (keys `cert`, `key`) unless both are None or both name a usable pair."""
    problems = tls_file_problems(cert, key)
    if problems:
        raise KeyedProblems(problems)


def tls_file_problems(cert: str | None, key: str | None) -> list[ConfigProblem]:
    """What is wrong with the pair, empty when it is usable (or when neither is set)."""
    if cert is None and key is None:
        return []
    if cert is None or key is None:
        missing, given = ("cert", "key") if cert is None else ("key", "cert")
        return [ConfigProblem(missing, f"missing: service.api.tls.{given} is set, and HTTPS needs both")]
    problems: list[ConfigProblem] = []
    certificate = _attempt("cert", read_certificate, cert, problems)
    private_key = _attempt("key", read_private_key, key, problems)
    if certificate is None or private_key is None:
        return problems
    return pair_problems(cert, certificate, key, private_key)


def read_certificate(path: str) -> x509.Certificate:
    """The first (leaf) certificate of a PEM file that may hold the chain; ValueError saying why not."""
    data = _read(path)
    try:
        return x509.load_pem_x509_certificates(data)[0]
    except ValueError:
        raise ValueError(f"{path!r} holds no PEM certificate (-----BEGIN CERTIFICATE-----)") from None


def read_private_key(path: str) -> PrivateKey:
    """The unencrypted RSA or EC private key of a PEM file; ValueError saying why not."""
    data = _read(path)
    try:
        key = load_pem_private_key(data, password=None)
    except TypeError:
        raise ValueError(
            f"the private key in {path!r} is encrypted: Aucote cannot ask for a passphrase;"
            " store it unencrypted, readable only by Aucote's user (chmod 600)"
        ) from None
    except (ValueError, UnsupportedAlgorithm):
        raise ValueError(f"{path!r} holds no PEM private key (-----BEGIN PRIVATE KEY-----)") from None
    if not isinstance(key, PrivateKey):
        kind = type(key).__name__.removeprefix("_").removesuffix("PrivateKey")
        raise ValueError(f"the private key in {path!r} is neither RSA nor EC ({kind}); use {STRONG_KEYS}")
    return key


def pair_problems(
    cert: str, certificate: x509.Certificate, key: str, private: PrivateKey
) -> list[ConfigProblem]:
    """The key must be the certificate's, strong enough, and accepted by OpenSSL."""
    if _public_der(certificate.public_key()) != _public_der(private.public_key()):
        return [
            ConfigProblem("key", f"the private key in {key!r} does not match the certificate in {cert!r}")
        ]
    weakness = key_weakness(private)
    if weakness:
        return [ConfigProblem("key", f"the private key in {key!r} is {weakness}; use {STRONG_KEYS}")]
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(cert, key, password=_no_passphrase)
    except (ssl.SSLError, OSError) as error:
        return [ConfigProblem("cert", f"OpenSSL cannot use {cert!r} with {key!r}: {error}")]
    return []


def key_weakness(key: PrivateKey) -> str | None:
    """'an RSA key of 1024 bits' and the like, or None for a key the intermediate profile accepts."""
    if isinstance(key, rsa.RSAPrivateKey):
        return f"an RSA key of {key.key_size} bits" if key.key_size < MIN_RSA_BITS else None
    return None if key.curve.name in EC_CURVES else f"an EC key on {key.curve.name}"


def _attempt(name: str, read: Callable[[str], Read], path: str, problems: list[ConfigProblem]) -> Read | None:
    """`read(path)`, or None with the problem added under key `name`."""
    try:
        return read(path)
    except ValueError as error:
        problems.append(ConfigProblem(name, str(error)))
        return None


def _read(path: str) -> bytes:
    file = Path(path)
    if not file.exists():
        raise ValueError(f"no such file {path!r}")
    if not file.is_file():
        raise ValueError(f"{path!r} is not a file")
    try:
        return file.read_bytes()
    except OSError as error:
        raise ValueError(f"cannot read {path!r}: {error.strerror}") from None


def _public_der(key: object) -> bytes:
    if not isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
        return b""
    return key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)


def _no_passphrase() -> bytes:
    """Never prompt on the terminal for a passphrase (an encrypted key is refused before)."""
    return b""

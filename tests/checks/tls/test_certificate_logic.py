"""Pure certificate logic: name matching, key and signature strength, self-signed detection."""

from pathlib import Path

import pytest
from cryptography import x509

from aucote.checks.tls.certificates import is_self_signed
from aucote.checks.tls.names import covers, dns_matches
from aucote.checks.tls.rules.keys import key_weakness
from tests.support.tls_servers import Authority, CertSpec


def certificate(authority: Authority, directory: Path, spec: CertSpec) -> x509.Certificate:
    return x509.load_pem_x509_certificate(authority.issue(directory, "pure", spec).cert.read_bytes())


@pytest.mark.parametrize(
    ("pattern", "name", "matches"),
    [
        ("www.example.com", "www.example.com", True),
        ("WWW.Example.com", "www.example.COM.", True),
        ("www.example.com", "example.com", False),
        ("*.example.com", "www.example.com", True),
        ("*.example.com", "example.com", False),
        ("*.example.com", "a.b.example.com", False),
        ("*.com", "example.com", False),
        ("w*.example.com", "www.example.com", False),
    ],
)
def test_dns_matches(pattern: str, name: str, matches: bool) -> None:
    assert dns_matches(pattern, name) is matches


def test_covers_names_and_addresses(authority: Authority, tls_dir: Path) -> None:
    cert = certificate(
        authority, tls_dir, CertSpec(dns_names=("*.example.com",), ip_addresses=("192.0.2.1", "2001:db8::1"))
    )
    assert covers(cert, "mail.example.com")
    assert covers(cert, "192.0.2.1")
    assert covers(cert, "2001:db8::1")
    assert covers(cert, "[2001:db8::1]")
    assert not covers(cert, "192.0.2.2")
    assert not covers(cert, "example.com")


def test_common_name_alone_does_not_cover(authority: Authority, tls_dir: Path) -> None:
    cert = certificate(authority, tls_dir, CertSpec(common_name="localhost", dns_names=(), ip_addresses=()))
    assert not covers(cert, "localhost")


@pytest.mark.parametrize(
    ("spec", "weakness"),
    [
        (CertSpec(key_size=1024), "RSA key of 1024 bits (< 2048)"),
        (CertSpec(key_size=2048), None),
        (CertSpec(key="ec", key_size=192), "EC key on secp192r1 of 192 bits (< 256)"),
        (CertSpec(key="ec", key_size=256), None),
    ],
)
def test_key_weakness(spec: CertSpec, weakness: str | None, authority: Authority, tls_dir: Path) -> None:
    assert key_weakness(certificate(authority, tls_dir, spec)) == weakness


def test_self_signed(authority: Authority, tls_dir: Path) -> None:
    assert is_self_signed(certificate(authority, tls_dir, CertSpec(self_signed=True)))
    assert is_self_signed(certificate(authority, tls_dir, CertSpec(self_signed=True, digest="md5")))
    assert not is_self_signed(certificate(authority, tls_dir, CertSpec()))
    assert is_self_signed(authority.cert)

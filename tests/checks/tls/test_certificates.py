"""Certificate rules against real servers, one certificate flaw per server: the flawed server must
give exactly its rule's finding, and a server with a good certificate none."""

import re
from pathlib import Path

import pytest

from aucote.model.exploit import Exploit
from tests.checks.tls.running import evidence, loopback_port, run_check
from tests.support.tls_servers import LEGACY, Authority, CertFiles, CertSpec, days, openssl_server

pytestmark = pytest.mark.filterwarnings("ignore:Parsed a serial number")

CERTIFICATE_RULES = (
    "cert-expired",
    "cert-not-yet-valid",
    "cert-self-signed",
    "cert-hostname-mismatch",
    "cert-weak-key",
    "cert-weak-signature",
)

FLAWED = {
    "cert-expired": (CertSpec(not_before=days(-400), not_after=days(-2)), ()),
    "cert-not-yet-valid": (CertSpec(not_before=days(30), not_after=days(120)), ()),
    "cert-self-signed": (CertSpec(self_signed=True), ()),
    "cert-hostname-mismatch": (
        CertSpec(common_name="www.example.com", dns_names=("www.example.com",), ip_addresses=()),
        (),
    ),
    "cert-weak-key": (CertSpec(key_size=1024), LEGACY),
    "cert-weak-signature": (CertSpec(digest="sha1"), LEGACY),
}
"""For each rule: the certificate that has only that flaw, and the s_server options it needs (OpenSSL 3
refuses to serve 1024-bit keys and SHA-1 signatures above security level 0)."""

EXPECTED = {
    "cert-expired": r"^certificate 'CN=localhost' expired on \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$",
    "cert-not-yet-valid": r"^certificate 'CN=localhost' is not valid before \d{4}-\d\d-\d\d ",
    "cert-self-signed": r"^certificate 'CN=localhost' is self-signed$",
    "cert-hostname-mismatch": (
        r"^certificate 'CN=www.example.com' does not cover 127.0.0.1; it names DNS:www.example.com$"
    ),
    "cert-weak-key": r"^certificate 'CN=localhost': RSA key of 1024 bits \(< 2048\)$",
    "cert-weak-signature": r"^certificate 'CN=localhost' is signed with SHA-1 with RSA$",
}


def certificate_evidence(
    files: CertFiles,
    exploits: dict[str, Exploit],
    *options: str,
    server_name: str | None = None,
    address: str = "127.0.0.1",
) -> dict[str, str]:
    with openssl_server(files, *options, host=address) as port:
        settings = {"server_name": server_name} if server_name else {}
        target = loopback_port(port, address=address)
        return evidence(run_check(exploits, target, CERTIFICATE_RULES, settings))


@pytest.mark.parametrize("rule", sorted(FLAWED))
def test_flawed_certificate_gives_only_its_finding(
    rule: str, authority: Authority, tls_dir: Path, tls_exploits: dict[str, Exploit]
) -> None:
    spec, options = FLAWED[rule]
    found = certificate_evidence(authority.issue(tls_dir, rule, spec), tls_exploits, *options)
    assert list(found) == [rule]
    assert re.match(EXPECTED[rule], found[rule]), found[rule]


def test_good_certificate_has_no_findings(good_cert: CertFiles, tls_exploits: dict[str, Exploit]) -> None:
    assert certificate_evidence(good_cert, tls_exploits) == {}


def test_good_certificate_on_legacy_server_has_no_findings(
    good_cert: CertFiles, tls_exploits: dict[str, Exploit]
) -> None:
    assert certificate_evidence(good_cert, tls_exploits, *LEGACY) == {}


def test_server_name_option_is_the_name_checked(
    good_cert: CertFiles, tls_exploits: dict[str, Exploit]
) -> None:
    assert certificate_evidence(good_cert, tls_exploits, server_name="localhost") == {}
    found = certificate_evidence(good_cert, tls_exploits, server_name="mail.example.com")
    assert found == {
        "cert-hostname-mismatch": "certificate 'CN=localhost' does not cover mail.example.com; "
        "it names DNS:localhost, IP:127.0.0.1, IP:::1"
    }


def test_ipv6_address_is_the_name_checked(
    good_cert: CertFiles, authority: Authority, tls_dir: Path, tls_exploits: dict[str, Exploit]
) -> None:
    assert certificate_evidence(good_cert, tls_exploits, address="::1") == {}
    only_v4 = authority.issue(tls_dir, "only-v4", CertSpec(ip_addresses=("127.0.0.1",)))
    assert certificate_evidence(only_v4, tls_exploits, address="::1") == {
        "cert-hostname-mismatch": "certificate 'CN=localhost' does not cover ::1; "
        "it names DNS:localhost, IP:127.0.0.1"
    }

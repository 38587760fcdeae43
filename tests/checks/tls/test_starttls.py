"""STARTTLS: the check picks the plaintext protocol from the service name, upgrades, and judges the
TLS behind it; a service in an ssl tunnel is TLS from the first byte."""

import ssl

import pytest

from aucote.model.exploit import Exploit
from aucote.model.status import CheckReason, CheckStatus
from tests.checks.tls.running import evidence, loopback_port, run_check
from tests.support.banner_server import banner_server
from tests.support.tls_servers import CertFiles, StartTls, python_tls_server, server_context

pytestmark = pytest.mark.filterwarnings("ignore:Parsed a serial number")

SERVICES: dict[StartTls, str] = {
    "smtp": "smtp",
    "imap": "imap",
    "pop3": "pop3",
    "ftp": "ftp",
    "xmpp": "xmpp-client",
    "ldap": "ldap",
}
"""Each STARTTLS dialogue of the test server and the nmap service name that selects it."""

RULES = ("tls10-offered", "tls11-offered", "cert-hostname-mismatch")


@pytest.mark.parametrize("dialogue", sorted(SERVICES))
def test_starttls_server_offering_tls10(
    dialogue: StartTls, good_cert: CertFiles, tls_exploits: dict[str, Exploit]
) -> None:
    context = server_context(good_cert, minimum=ssl.TLSVersion.TLSv1, ciphers="AES128-SHA:@SECLEVEL=0")
    with python_tls_server(context, starttls=dialogue) as port:
        found = evidence(run_check(tls_exploits, loopback_port(port, SERVICES[dialogue]), RULES))
    assert found == {
        "tls10-offered": "TLS 1.0 offered; accepted ciphers: TLS_RSA_WITH_AES_128_CBC_SHA",
        "tls11-offered": "TLS 1.1 offered; accepted ciphers: TLS_RSA_WITH_AES_128_CBC_SHA",
    }


def test_starttls_server_without_old_versions(good_cert: CertFiles, tls_exploits: dict[str, Exploit]) -> None:
    with python_tls_server(server_context(good_cert), starttls="smtp") as port:
        assert evidence(run_check(tls_exploits, loopback_port(port, "smtp"), RULES)) == {}


def test_service_in_ssl_tunnel_is_direct_tls(good_cert: CertFiles, tls_exploits: dict[str, Exploit]) -> None:
    context = server_context(good_cert, minimum=ssl.TLSVersion.TLSv1, ciphers="AES128-SHA:@SECLEVEL=0")
    with python_tls_server(context) as port:
        found = evidence(run_check(tls_exploits, loopback_port(port, "ssl/smtp"), ["tls10-offered"]))
    assert list(found) == ["tls10-offered"]


def test_plain_smtp_without_starttls_skips_every_exploit(tls_exploits: dict[str, Exploit]) -> None:
    """A plain service that declines STARTTLS: the TLS checks do not apply (skipped, with why)."""
    with banner_server("220 test.invalid ESMTP", "250 ok") as server:
        outcomes = run_check(tls_exploits, loopback_port(server.server_address[1], "smtp"), RULES)
    assert {(o.status, o.reason) for o in outcomes.values()} == {
        (CheckStatus.SKIPPED, CheckReason.NOT_APPLICABLE)
    }
    detail = outcomes["tls10-offered"].detail or ""
    assert detail.startswith(f"no TLS on 127.0.0.1:{server.server_address[1]}: ")
    assert "STARTTLS" in detail

"""Renegotiation rules against real servers. Client-initiated renegotiation: a Python server that allows
it (OpenSSL 3 refuses it by default) and one that does not. Insecure renegotiation (no RFC 5746) cannot
be offered by OpenSSL 3: only its safe case runs on real servers here; the vulnerable case is in
test_constructed_results.py."""

import pytest

from aucote.model.exploit import Exploit
from tests.checks.tls.running import evidence, loopback_port, run_check
from tests.support.tls_servers import CertFiles, python_tls_server, server_context

pytestmark = pytest.mark.filterwarnings("ignore:Parsed a serial number")

RULES = ("client-renegotiation", "insecure-renegotiation")


def test_client_renegotiation_allowed(good_cert: CertFiles, tls_exploits: dict[str, Exploit]) -> None:
    with python_tls_server(server_context(good_cert, client_renegotiation=True)) as port:
        found = evidence(run_check(tls_exploits, loopback_port(port), RULES))
    expected = "client-initiated renegotiation accepted (10 renegotiations on one connection)"
    assert found == {"client-renegotiation": expected}


def test_client_renegotiation_refused(good_cert: CertFiles, tls_exploits: dict[str, Exploit]) -> None:
    with python_tls_server(server_context(good_cert)) as port:
        assert evidence(run_check(tls_exploits, loopback_port(port), RULES)) == {}

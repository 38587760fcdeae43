"""Every rule against two real servers: a modern one (the safe target of every rule) and an old-style
one offering TLS 1.0/1.1, NULL and anonymous suites and a 1024-bit DH group (the vulnerable target
of those rules, and a second safe target for SSL 2/3, RC4, DES, export and the implementation flaws,
which OpenSSL 3 cannot offer or have)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from aucote.checks.contract import ExploitOutcome
from aucote.model.exploit import Exploit
from aucote.model.status import CheckStatus
from tests.checks.tls.running import evidence, loopback_port, run_check
from tests.support.tls_servers import LEGACY, MODERN, Authority, CertFiles, openssl_server, weak_dh_params

pytestmark = pytest.mark.filterwarnings("ignore:Parsed a serial number")


@pytest.fixture(scope="module")
def modern(
    good_cert: CertFiles, authority: Authority, tls_exploits: dict[str, Exploit]
) -> Iterator[dict[str, ExploitOutcome]]:
    """All exploits against Mozilla's intermediate configuration, trusting the test CA."""
    with openssl_server(good_cert, *MODERN) as port:
        options = {"ca_file": str(authority.cert_file)}
        yield run_check(tls_exploits, loopback_port(port, "https"), options=options)


@pytest.fixture(scope="module")
def legacy(good_cert: CertFiles, tls_dir: Path, tls_exploits: dict[str, Exploit]) -> Iterator[dict[str, str]]:
    """The evidence of all exploits against everything OpenSSL 3 still offers."""
    with openssl_server(good_cert, *LEGACY, "-dhparam", str(weak_dh_params(tls_dir))) as port:
        yield evidence(run_check(tls_exploits, loopback_port(port)))


def test_modern_server_has_no_findings(
    modern: dict[str, ExploitOutcome], tls_exploits: dict[str, Exploit]
) -> None:
    assert set(modern) == set(tls_exploits)
    assert {outcome.status for outcome in modern.values()} == {CheckStatus.DONE}
    assert evidence(modern) == {}


def test_one_outcome_per_exploit_with_its_id(
    modern: dict[str, ExploitOutcome], tls_exploits: dict[str, Exploit]
) -> None:
    assert {name: outcome.exploit_id for name, outcome in modern.items()} == {
        name: exploit.id for name, exploit in tls_exploits.items()
    }
    assert all(outcome.start <= outcome.end for outcome in modern.values())


def test_legacy_server_findings(legacy: dict[str, str]) -> None:
    assert set(legacy) == {
        "tls10-offered",
        "tls11-offered",
        "cipher-null",
        "cipher-anonymous",
        "weak-dh",
        "mozilla-intermediate",
    }


def test_tls10_and_tls11_evidence_lists_the_accepted_ciphers(legacy: dict[str, str]) -> None:
    assert legacy["tls10-offered"].startswith("TLS 1.0 offered; accepted ciphers: ")
    assert "TLS_RSA_WITH_AES_128_CBC_SHA" in legacy["tls10-offered"]
    assert legacy["tls11-offered"].startswith("TLS 1.1 offered; accepted ciphers: ")


def test_null_and_anonymous_evidence(legacy: dict[str, str]) -> None:
    assert legacy["cipher-null"].startswith("NULL ciphers accepted: TLS 1.0: ")
    assert "TLS_RSA_WITH_NULL_SHA256" in legacy["cipher-null"]
    assert "TLS_DH_anon_WITH_AES_128_GCM_SHA256" in legacy["cipher-anonymous"]
    assert "TLS_RSA_WITH_AES_128_CBC_SHA," not in legacy["cipher-anonymous"]


def test_weak_dh_evidence_gives_the_group_size(legacy: dict[str, str]) -> None:
    assert legacy["weak-dh"].startswith("DH group of 1024 bits (< 2048) with TLS 1.0: ")
    assert "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256" in legacy["weak-dh"]
    assert "ECDHE" not in legacy["weak-dh"]


def test_mozilla_evidence_lists_sslyze_issues_in_a_stable_order(legacy: dict[str, str]) -> None:
    lines = legacy["mozilla-intermediate"].splitlines()
    assert lines[0] == "not compliant with Mozilla's intermediate TLS profile:"
    issues = [line.split(":")[0] for line in lines[1:]]
    assert issues == sorted(issues)
    assert {"certificate_path_validation", "ciphers", "dh_param_size", "tls_versions"} <= set(issues)
    assert "TLS versions {'TLSv1', 'TLSv1.1'} are supported" in legacy["mozilla-intermediate"]

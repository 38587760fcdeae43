"""Pure rules on sslyze results built by hand: the vulnerable cases no server on this machine can
produce (SSL 2.0/3.0, export, RC4 and DES/3DES suites, Heartbleed, CCS injection, ROBOT, insecure
renegotiation), their safe cases, and rules facing missing results."""

import pytest
from sslyze.plugins.heartbleed_plugin import HeartbleedScanResult
from sslyze.plugins.openssl_ccs_injection_plugin import OpenSslCcsInjectionScanResult
from sslyze.plugins.robot._robot_tester import RobotScanResultEnum
from sslyze.plugins.robot.implementation import RobotScanResult
from sslyze.plugins.session_renegotiation_plugin import SessionRenegotiationScanResult
from sslyze.scanner.scan_command_attempt import (
    ScanCommandAttempt,
    ScanCommandAttemptStatusEnum,
    ScanCommandErrorReasonEnum,
)
from sslyze.server_connectivity import TlsVersionEnum

from aucote.checks.tls.observation import IncompleteScan
from aucote.checks.tls.rules import RULES
from aucote.checks.tls.rules.ciphers import is_des, is_export, is_null, is_rc4
from tests.checks.tls.constructed import accepted, all_suites, cipher_suites, completed, observe

V = TlsVersionEnum


LEGACY_FIELDS = {
    V.SSL_2_0: "ssl_2_0_cipher_suites",
    V.SSL_3_0: "ssl_3_0_cipher_suites",
    V.TLS_1_0: "tls_1_0_cipher_suites",
    V.TLS_1_1: "tls_1_1_cipher_suites",
    V.TLS_1_2: "tls_1_2_cipher_suites",
}


def legacy_scan(*offered: tuple[TlsVersionEnum, str]) -> dict[str, ScanCommandAttempt[object]]:
    """Completed cipher-suite attempts for SSL 2.0 to TLS 1.2 accepting the (version, OpenSSL name)
    suites given, and nothing else."""
    return {
        field: cipher_suites(version, *(accepted(version, name) for v, name in offered if v is version))
        for version, field in LEGACY_FIELDS.items()
    }


def judge(rule: str, **attempts: ScanCommandAttempt[object]) -> str | None:
    return RULES[rule].evaluate(observe(**attempts))


GOOD_SUITE = (V.TLS_1_2, "ECDHE-RSA-AES128-GCM-SHA256")
MODERN_ONLY = legacy_scan(GOOD_SUITE)


def test_sslv2_offered() -> None:
    attempts = legacy_scan((V.SSL_2_0, "RC4-MD5"), (V.SSL_2_0, "DES-CBC3-MD5"), GOOD_SUITE)
    assert judge("sslv2-offered", **attempts) == (
        "SSL 2.0 offered; accepted ciphers: SSL_CK_DES_192_EDE3_CBC_WITH_MD5, SSL_CK_RC4_128_WITH_MD5"
    )
    assert judge("sslv2-offered", **MODERN_ONLY) is None


def test_sslv3_offered() -> None:
    attempts = legacy_scan((V.SSL_3_0, "AES128-SHA"), GOOD_SUITE)
    assert (
        judge("sslv3-offered", **attempts)
        == "SSL 3.0 offered; accepted ciphers: TLS_RSA_WITH_AES_128_CBC_SHA"
    )
    assert judge("sslv3-offered", **MODERN_ONLY) is None


@pytest.mark.parametrize(
    ("rule", "offered", "expected"),
    [
        (
            "cipher-export",
            [(V.SSL_3_0, "EXP-RC4-MD5"), (V.TLS_1_0, "EXP-DES-CBC-SHA")],
            "Export ciphers accepted: SSL 3.0: TLS_RSA_EXPORT_WITH_RC4_40_MD5; "
            "TLS 1.0: TLS_RSA_EXPORT_WITH_DES40_CBC_SHA",
        ),
        (
            "cipher-rc4",
            [(V.TLS_1_0, "RC4-SHA"), (V.TLS_1_2, "ECDHE-RSA-RC4-SHA")],
            "RC4 ciphers accepted: TLS 1.0: TLS_RSA_WITH_RC4_128_SHA; "
            "TLS 1.2: TLS_ECDHE_RSA_WITH_RC4_128_SHA",
        ),
        (
            "cipher-3des",
            [(V.SSL_2_0, "DES-CBC3-MD5"), (V.TLS_1_2, "DES-CBC3-SHA")],
            "DES/3DES ciphers accepted: SSL 2.0: SSL_CK_DES_192_EDE3_CBC_WITH_MD5; "
            "TLS 1.2: TLS_RSA_WITH_3DES_EDE_CBC_SHA",
        ),
    ],
)
def test_weak_cipher_rules(rule: str, offered: list[tuple[TlsVersionEnum, str]], expected: str) -> None:
    assert judge(rule, **legacy_scan(*offered, GOOD_SUITE)) == expected
    assert judge(rule, **MODERN_ONLY) is None


@pytest.mark.parametrize("version", [V.SSL_2_0, V.SSL_3_0, V.TLS_1_0, V.TLS_1_2])
def test_cipher_classes_agree_with_openssl_names(version: TlsVersionEnum) -> None:
    """Our classes, read from the IANA names, against OpenSSL's names of every suite sslyze knows."""
    for suite in all_suites(version):
        name = suite.openssl_name
        assert is_export(suite) == name.startswith("EXP"), suite
        assert is_rc4(suite) == ("RC4" in name), suite
        assert is_des(suite) == ("DES" in name), suite
        assert is_null(suite) == ("NULL" in name), suite


def test_weak_dh_on_constructed_keys() -> None:
    weak = cipher_suites(V.TLS_1_2, accepted(V.TLS_1_2, "DHE-RSA-AES128-GCM-SHA256", dh_bits=1536))
    strong = cipher_suites(V.TLS_1_2, accepted(V.TLS_1_2, "DHE-RSA-AES128-GCM-SHA256", dh_bits=2048))
    others = {field: cipher_suites(version) for version, field in LEGACY_FIELDS.items()}
    assert judge("weak-dh", **{**others, "tls_1_2_cipher_suites": weak}) == (
        "DH group of 1536 bits (< 2048) with TLS 1.2: TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"
    )
    assert judge("weak-dh", **{**others, "tls_1_2_cipher_suites": strong}) is None


def test_heartbleed() -> None:
    assert judge("heartbleed", heartbleed=completed(HeartbleedScanResult(True))) == (
        "vulnerable to Heartbleed: the server answered a heartbeat with more data than was sent"
    )
    assert judge("heartbleed", heartbleed=completed(HeartbleedScanResult(False))) is None


def test_ccs_injection() -> None:
    attempt = completed(OpenSslCcsInjectionScanResult(True))
    assert judge("ccs-injection", openssl_ccs_injection=attempt) == (
        "vulnerable to OpenSSL CCS injection: the server accepted an early ChangeCipherSpec message"
    )
    assert (
        judge("ccs-injection", openssl_ccs_injection=completed(OpenSslCcsInjectionScanResult(False))) is None
    )


@pytest.mark.parametrize(
    ("robot_result", "expected"),
    [
        (
            RobotScanResultEnum.VULNERABLE_STRONG_ORACLE,
            "vulnerable to ROBOT: strong Bleichenbacher oracle (VULNERABLE_STRONG_ORACLE)",
        ),
        (
            RobotScanResultEnum.VULNERABLE_WEAK_ORACLE,
            "vulnerable to ROBOT: weak Bleichenbacher oracle (VULNERABLE_WEAK_ORACLE)",
        ),
        (RobotScanResultEnum.NOT_VULNERABLE_NO_ORACLE, None),
        (RobotScanResultEnum.NOT_VULNERABLE_RSA_NOT_SUPPORTED, None),
        (RobotScanResultEnum.UNKNOWN_INCONSISTENT_RESULTS, None),
    ],
)
def test_robot(robot_result: RobotScanResultEnum, expected: str | None) -> None:
    assert judge("robot", robot=completed(RobotScanResult(robot_result))) == expected


def test_insecure_renegotiation() -> None:
    insecure = completed(SessionRenegotiationScanResult(False, False, 0))
    secure = completed(SessionRenegotiationScanResult(True, False, 0))
    assert judge("insecure-renegotiation", session_renegotiation=insecure) == (
        "secure renegotiation (RFC 5746) is not supported: vulnerable to renegotiation injection"
    )
    assert judge("insecure-renegotiation", session_renegotiation=secure) is None
    assert judge("client-renegotiation", session_renegotiation=insecure) is None


def test_missing_result_is_an_incomplete_scan() -> None:
    with pytest.raises(IncompleteScan, match=r"^sslyze heartbleed: NOT_SCHEDULED$"):
        judge("heartbleed")


def test_failed_command_gives_sslyze_reason() -> None:
    failed: ScanCommandAttempt[object] = ScanCommandAttempt(
        ScanCommandAttemptStatusEnum.ERROR, ScanCommandErrorReasonEnum.CONNECTIVITY_ISSUE, None, None
    )
    with pytest.raises(IncompleteScan, match=r"^sslyze robot: CONNECTIVITY_ISSUE$"):
        judge("robot", robot=failed)


def test_mozilla_needs_every_command_it_checks() -> None:
    with pytest.raises(IncompleteScan, match=r"^Mozilla profile check: The .* result is missing"):
        judge("mozilla-intermediate", heartbleed=completed(HeartbleedScanResult(False)))

"""sslyze results built by hand, for what no server on this machine can show (OpenSSL 3 cannot offer
SSL 2.0/3.0, RC4, DES or export suites, and has none of Heartbleed, CCS injection, ROBOT or insecure
renegotiation). Only the scan commands given are COMPLETED; every other one is NOT_SCHEDULED."""

import uuid
from dataclasses import fields
from datetime import UTC, datetime

from nassl.ephemeral_key_info import DhEphemeralKeyInfo, OpenSslEvpPkeyEnum
from sslyze.plugins.openssl_cipher_suites._test_cipher_suite import CipherSuiteAcceptedByServer
from sslyze.plugins.openssl_cipher_suites.cipher_suites import CipherSuite, CipherSuitesRepository
from sslyze.plugins.openssl_cipher_suites.implementation import CipherSuitesScanResult
from sslyze.scanner.models import (
    AllScanCommandsAttempts,
    ServerConnectivityStatusEnum,
    ServerScanResult,
    ServerScanStatusEnum,
)
from sslyze.scanner.scan_command_attempt import ScanCommandAttempt, ScanCommandAttemptStatusEnum
from sslyze.server_connectivity import TlsVersionEnum
from sslyze.server_setting import ServerNetworkConfiguration, ServerNetworkLocation

from aucote.checks.tls.observation import Observation

NOT_SCHEDULED: ScanCommandAttempt[object] = ScanCommandAttempt(
    ScanCommandAttemptStatusEnum.NOT_SCHEDULED, None, None, None
)


def completed(result: object) -> ScanCommandAttempt[object]:
    return ScanCommandAttempt(ScanCommandAttemptStatusEnum.COMPLETED, None, None, result)


def scan_result(**attempts: ScanCommandAttempt[object]) -> ServerScanResult:
    """A completed scan of 127.0.0.1:443 where the named attempts (field names of
    AllScanCommandsAttempts: `heartbleed`, `tls_1_0_cipher_suites` …) replace NOT_SCHEDULED."""
    every = {item.name: attempts.get(item.name, NOT_SCHEDULED) for item in fields(AllScanCommandsAttempts)}
    location = ServerNetworkLocation("127.0.0.1", 443, "127.0.0.1")
    return ServerScanResult(
        uuid=uuid.uuid4(),
        server_location=location,
        network_configuration=ServerNetworkConfiguration("127.0.0.1"),
        connectivity_status=ServerConnectivityStatusEnum.COMPLETED,
        connectivity_error_trace=None,
        connectivity_result=None,
        scan_status=ServerScanStatusEnum.COMPLETED,
        scan_result=AllScanCommandsAttempts(**every),  # type: ignore[arg-type]
    )


def observe(**attempts: ScanCommandAttempt[object]) -> Observation:
    return Observation(scan_result(**attempts), "127.0.0.1", datetime.now(UTC))


def suite(version: TlsVersionEnum, openssl_name: str) -> CipherSuite:
    """sslyze's own description of a cipher suite of that version."""
    return CipherSuitesRepository.get_cipher_suite_with_openssl_name(version, openssl_name)


def cipher_suites(
    version: TlsVersionEnum, *accepted: CipherSuiteAcceptedByServer
) -> ScanCommandAttempt[object]:
    """A completed cipher-suite scan of `version` accepting these suites (none: version not offered)."""
    return completed(CipherSuitesScanResult(version, list(accepted), []))


def accepted(
    version: TlsVersionEnum, openssl_name: str, dh_bits: int | None = None
) -> CipherSuiteAcceptedByServer:
    """An accepted suite, with an ephemeral DH key of `dh_bits` if given."""
    key = None
    if dh_bits is not None:
        key = DhEphemeralKeyInfo(OpenSslEvpPkeyEnum.DH, dh_bits, bytearray(), bytearray(), bytearray())
    return CipherSuiteAcceptedByServer(suite(version, openssl_name), key)


def all_suites(version: TlsVersionEnum) -> list[CipherSuite]:
    """Every suite sslyze tests for `version`."""
    return sorted(CipherSuitesRepository.get_all_cipher_suites(version), key=lambda item: item.name)

"""Weak cipher suites accepted with any version before TLS 1.3: export, NULL, RC4, DES/3DES, anonymous."""

from collections.abc import Callable

from sslyze.plugins.openssl_cipher_suites.cipher_suites import CipherSuite

from aucote.checks.tls.observation import Observation
from aucote.checks.tls.rule import Rule
from aucote.checks.tls.versions import BEFORE_TLS_1_3, VERSION_LABELS, ordered

Predicate = Callable[[CipherSuite], bool]


def accepted_matching(observation: Observation, kind: str, predicate: Predicate) -> str | None:
    """'<kind> ciphers accepted: TLS 1.0: A, B; TLS 1.2: C' for the accepted suites that match."""
    parts = []
    for command in ordered(BEFORE_TLS_1_3):
        accepted = observation.cipher_suites(command).accepted_cipher_suites
        names = sorted(item.cipher_suite.name for item in accepted if predicate(item.cipher_suite))
        if names:
            parts.append(f"{VERSION_LABELS[command]}: {', '.join(names)}")
    return f"{kind} ciphers accepted: {'; '.join(parts)}" if parts else None


def is_export(suite: CipherSuite) -> bool:
    """Export-grade (40/56-bit) suites: TLS_RSA_EXPORT_…, SSL_CK_…_EXPORT40_…."""
    return "EXPORT" in suite.name


def is_null(suite: CipherSuite) -> bool:
    """Suites without encryption: TLS_…_WITH_NULL_… and TLS_NULL_WITH_NULL_NULL."""
    return "_WITH_NULL_" in suite.name


def is_rc4(suite: CipherSuite) -> bool:
    """RC4 stream cipher suites."""
    return "_RC4_" in suite.name


def is_des(suite: CipherSuite) -> bool:
    """DES and 3DES (64-bit block ciphers, SWEET32): …_3DES_EDE_…, …_DES_CBC_…, SSL_CK_DES_…."""
    return "_3DES_" in suite.name or "_DES_" in suite.name or "_DES40_" in suite.name


def cipher_export(observation: Observation) -> str | None:
    """Export-grade cipher suites accepted (FREAK)."""
    return accepted_matching(observation, "Export", is_export)


def cipher_null(observation: Observation) -> str | None:
    """NULL (unencrypted) cipher suites accepted."""
    return accepted_matching(observation, "NULL", is_null)


def cipher_rc4(observation: Observation) -> str | None:
    """RC4 cipher suites accepted."""
    return accepted_matching(observation, "RC4", is_rc4)


def cipher_3des(observation: Observation) -> str | None:
    """DES / 3DES cipher suites accepted (SWEET32)."""
    return accepted_matching(observation, "DES/3DES", is_des)


def cipher_anonymous(observation: Observation) -> str | None:
    """Anonymous (unauthenticated: ADH, AECDH) cipher suites accepted."""
    return accepted_matching(observation, "Anonymous", lambda suite: suite.is_anonymous)


RULES = (
    Rule("cipher-export", BEFORE_TLS_1_3, cipher_export),
    Rule("cipher-null", BEFORE_TLS_1_3, cipher_null),
    Rule("cipher-rc4", BEFORE_TLS_1_3, cipher_rc4),
    Rule("cipher-3des", BEFORE_TLS_1_3, cipher_3des),
    Rule("cipher-anonymous", BEFORE_TLS_1_3, cipher_anonymous),
)

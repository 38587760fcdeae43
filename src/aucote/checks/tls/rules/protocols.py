"""Old protocol versions offered: SSL 2.0, SSL 3.0, TLS 1.0, TLS 1.1."""

from sslyze.plugins.scan_commands import ScanCommand

from aucote.checks.tls.observation import Observation
from aucote.checks.tls.rule import Rule
from aucote.checks.tls.versions import VERSION_LABELS


def offered(observation: Observation, command: ScanCommand) -> str | None:
    """'<version> offered; accepted ciphers: …' when the server accepts any cipher suite with it."""
    accepted = observation.cipher_suites(command).accepted_cipher_suites
    if not accepted:
        return None
    names = ", ".join(sorted(item.cipher_suite.name for item in accepted))
    return f"{VERSION_LABELS[command]} offered; accepted ciphers: {names}"


def sslv2_offered(observation: Observation) -> str | None:
    """SSL 2.0 (DROWN, broken by design)."""
    return offered(observation, ScanCommand.SSL_2_0_CIPHER_SUITES)


def sslv3_offered(observation: Observation) -> str | None:
    """SSL 3.0 (POODLE)."""
    return offered(observation, ScanCommand.SSL_3_0_CIPHER_SUITES)


def tls10_offered(observation: Observation) -> str | None:
    """TLS 1.0 (deprecated by RFC 8996)."""
    return offered(observation, ScanCommand.TLS_1_0_CIPHER_SUITES)


def tls11_offered(observation: Observation) -> str | None:
    """TLS 1.1 (deprecated by RFC 8996)."""
    return offered(observation, ScanCommand.TLS_1_1_CIPHER_SUITES)


RULES = (
    Rule("sslv2-offered", frozenset({ScanCommand.SSL_2_0_CIPHER_SUITES}), sslv2_offered),
    Rule("sslv3-offered", frozenset({ScanCommand.SSL_3_0_CIPHER_SUITES}), sslv3_offered),
    Rule("tls10-offered", frozenset({ScanCommand.TLS_1_0_CIPHER_SUITES}), tls10_offered),
    Rule("tls11-offered", frozenset({ScanCommand.TLS_1_1_CIPHER_SUITES}), tls11_offered),
)

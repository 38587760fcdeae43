"""Who vouches for the certificate: a self-signed leaf, and a leaf that does not cover the name asked for."""

from cryptography.x509 import Certificate
from sslyze.plugins.scan_commands import ScanCommand

from aucote.checks.tls.certificates import describe, is_self_signed, leaf_certificates
from aucote.checks.tls.names import certificate_names, covers
from aucote.checks.tls.observation import Observation
from aucote.checks.tls.rule import Rule


def cert_self_signed(observation: Observation) -> str | None:
    """'certificate '<subject>' is self-signed' for every self-signed leaf."""
    lines = [
        f"certificate {describe(cert)} is self-signed"
        for cert in leaf_certificates(observation)
        if is_self_signed(cert)
    ]
    return "\n".join(lines) or None


def cert_hostname_mismatch(observation: Observation) -> str | None:
    """'certificate '<subject>' does not cover <name>; it names …' for every leaf whose
    subjectAltName does not match the server name (or IP address) that was asked for."""
    name = observation.server_name
    lines = [
        f"certificate {describe(cert)} does not cover {name}; it names {_names(cert)}"
        for cert in leaf_certificates(observation)
        if not covers(cert, name)
    ]
    return "\n".join(lines) or None


def _names(cert: Certificate) -> str:
    names = certificate_names(cert)
    return ", ".join(names) if names else "nothing (no subjectAltName; the subject CN is not used)"


RULES = (
    Rule("cert-self-signed", frozenset({ScanCommand.CERTIFICATE_INFO}), cert_self_signed),
    Rule("cert-hostname-mismatch", frozenset({ScanCommand.CERTIFICATE_INFO}), cert_hostname_mismatch),
)

"""Certificates outside their validity period: expired, or not yet valid."""

from datetime import datetime

from sslyze.plugins.scan_commands import ScanCommand

from aucote.checks.tls.certificates import describe, sent_certificates
from aucote.checks.tls.observation import Observation
from aucote.checks.tls.rule import Rule


def cert_expired(observation: Observation) -> str | None:
    """'certificate '<subject>' expired on <date>' for every sent certificate past its notAfter."""
    lines = [
        f"certificate {describe(cert)} expired on {_when(cert.not_valid_after_utc)}"
        for cert in sent_certificates(observation)
        if cert.not_valid_after_utc < observation.now
    ]
    return "\n".join(lines) or None


def cert_not_yet_valid(observation: Observation) -> str | None:
    """'certificate '<subject>' is not valid before <date>' for every sent certificate before its
    notBefore."""
    lines = [
        f"certificate {describe(cert)} is not valid before {_when(cert.not_valid_before_utc)}"
        for cert in sent_certificates(observation)
        if cert.not_valid_before_utc > observation.now
    ]
    return "\n".join(lines) or None


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


RULES = (
    Rule("cert-expired", frozenset({ScanCommand.CERTIFICATE_INFO}), cert_expired),
    Rule("cert-not-yet-valid", frozenset({ScanCommand.CERTIFICATE_INFO}), cert_not_yet_valid),
)

"""The certificates a server sent, read from sslyze's certificate_info result."""

from collections.abc import Iterable

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.x509 import Certificate
from sslyze.plugins.certificate_info._cert_chain_analyzer import CertificateDeploymentAnalysisResult
from sslyze.plugins.certificate_info.implementation import CertificateInfoScanResult
from sslyze.plugins.scan_commands import ScanCommand

from aucote.checks.tls.observation import Observation, completed_result


def certificate_info(observation: Observation) -> CertificateInfoScanResult:
    """The certificate_info result; IncompleteScan unless it completed."""
    return completed_result(observation.attempts.certificate_info, ScanCommand.CERTIFICATE_INFO)


def leaf_certificates(observation: Observation) -> list[Certificate]:
    """The leaf certificate of every deployment seen with SNI (most servers have one), no repeats."""
    chains = (deployment.received_certificate_chain for deployment in _deployments(observation))
    return _unique(chain[0] for chain in chains if chain)


def sent_certificates(observation: Observation) -> list[Certificate]:
    """Every certificate of every chain the server sent with SNI, leaves first, no repeats."""
    chains = [deployment.received_certificate_chain for deployment in _deployments(observation)]
    leaves = [chain[0] for chain in chains if chain]
    return _unique([*leaves, *(cert for chain in chains for cert in chain[1:])])


def describe(certificate: Certificate) -> str:
    """How evidence names a certificate: its subject, or its serial number if the subject is empty."""
    subject = certificate.subject.rfc4514_string()
    return f"'{subject}'" if subject else f"serial {certificate.serial_number:#x}"


def is_self_signed(certificate: Certificate) -> bool:
    """Issuer equals subject and the certificate's own key verifies its signature (when cryptography
    cannot verify the algorithm, e.g. MD5, equal names decide)."""
    if certificate.issuer != certificate.subject:
        return False
    try:
        certificate.verify_directly_issued_by(certificate)
    except InvalidSignature:
        return False
    except (UnsupportedAlgorithm, ValueError, TypeError):
        return True
    return True


def _deployments(observation: Observation) -> list[CertificateDeploymentAnalysisResult]:
    return certificate_info(observation).certificate_deployments


def _unique(certificates: Iterable[Certificate]) -> list[Certificate]:
    seen: dict[bytes, Certificate] = {}
    for certificate in certificates:
        seen.setdefault(certificate.fingerprint(hashes.SHA256()), certificate)
    return list(seen.values())

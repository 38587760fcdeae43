"""Weak certificate keys (RSA or DSA under 2048 bits, EC under 256 bits) and weak signatures (MD5, SHA-1)."""

from typing import Final

from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa
from cryptography.x509 import Certificate, ObjectIdentifier
from cryptography.x509.oid import SignatureAlgorithmOID
from sslyze.plugins.scan_commands import ScanCommand

from aucote.checks.tls.certificates import describe, is_self_signed, leaf_certificates, sent_certificates
from aucote.checks.tls.observation import Observation
from aucote.checks.tls.rule import Rule

MIN_RSA_BITS: Final = 2048
MIN_EC_BITS: Final = 256

WEAK_SIGNATURES: Final = {
    ObjectIdentifier("1.2.840.113549.1.1.2"): "MD2 with RSA",
    ObjectIdentifier("1.2.840.113549.1.1.3"): "MD4 with RSA",
    SignatureAlgorithmOID.RSA_WITH_MD5: "MD5 with RSA",
    SignatureAlgorithmOID.RSA_WITH_SHA1: "SHA-1 with RSA",
    ObjectIdentifier("1.3.14.3.2.29"): "SHA-1 with RSA",
    SignatureAlgorithmOID.DSA_WITH_SHA1: "SHA-1 with DSA",
    SignatureAlgorithmOID.ECDSA_WITH_SHA1: "SHA-1 with ECDSA",
}
"""Signature algorithms whose hash allows forging certificates (collisions are practical)."""


def key_weakness(certificate: Certificate) -> str | None:
    """'RSA key of 1024 bits (< 2048)' and the like, or None for a strong or unknown key type."""
    key = certificate.public_key()
    if isinstance(key, rsa.RSAPublicKey | dsa.DSAPublicKey) and key.key_size < MIN_RSA_BITS:
        kind = "RSA" if isinstance(key, rsa.RSAPublicKey) else "DSA"
        return f"{kind} key of {key.key_size} bits (< {MIN_RSA_BITS})"
    if isinstance(key, ec.EllipticCurvePublicKey) and key.curve.key_size < MIN_EC_BITS:
        return f"EC key on {key.curve.name} of {key.curve.key_size} bits (< {MIN_EC_BITS})"
    return None


def cert_weak_key(observation: Observation) -> str | None:
    """ "certificate '<subject>': RSA key of 1024 bits (< 2048)" for every weak sent certificate."""
    lines = []
    for cert in sent_certificates(observation):
        weakness = key_weakness(cert)
        if weakness:
            lines.append(f"certificate {describe(cert)}: {weakness}")
    return "\n".join(lines) or None


def cert_weak_signature(observation: Observation) -> str | None:
    """'certificate '<subject>' is signed with SHA-1 with RSA' for the leaf and every sent certificate
    that is not a self-signed root (a root's own signature is not checked by clients)."""
    leaves = leaf_certificates(observation)
    lines = [
        f"certificate {describe(cert)} is signed with {WEAK_SIGNATURES[cert.signature_algorithm_oid]}"
        for cert in sent_certificates(observation)
        if cert.signature_algorithm_oid in WEAK_SIGNATURES and (cert in leaves or not is_self_signed(cert))
    ]
    return "\n".join(lines) or None


RULES = (
    Rule("cert-weak-key", frozenset({ScanCommand.CERTIFICATE_INFO}), cert_weak_key),
    Rule("cert-weak-signature", frozenset({ScanCommand.CERTIFICATE_INFO}), cert_weak_signature),
)

"""Weak finite-field Diffie-Hellman: an ephemeral DH group smaller than 2048 bits (Logjam)."""

from typing import Final

from nassl.ephemeral_key_info import DhEphemeralKeyInfo

from aucote.checks.tls.observation import Observation
from aucote.checks.tls.rule import Rule
from aucote.checks.tls.versions import BEFORE_TLS_1_3, VERSION_LABELS, ordered

MIN_DH_BITS: Final = 2048
"""Smallest acceptable DH group (NIST SP 800-57, Mozilla's intermediate profile)."""


def weak_dh(observation: Observation) -> str | None:
    """'DH group of 1024 bits (< 2048) with TLS 1.2: A, B' for every accepted suite with a small group."""
    parts = []
    sizes = set()
    for command in ordered(BEFORE_TLS_1_3):
        names = []
        for item in observation.cipher_suites(command).accepted_cipher_suites:
            key = item.ephemeral_key
            if isinstance(key, DhEphemeralKeyInfo) and key.size < MIN_DH_BITS:
                names.append(item.cipher_suite.name)
                sizes.add(key.size)
        if names:
            parts.append(f"{VERSION_LABELS[command]}: {', '.join(sorted(names))}")
    if not parts:
        return None
    bits = ", ".join(str(size) for size in sorted(sizes))
    return f"DH group of {bits} bits (< {MIN_DH_BITS}) with {'; '.join(parts)}"


RULES = (Rule("weak-dh", BEFORE_TLS_1_3, weak_dh),)

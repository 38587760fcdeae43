"""One pure rule per exploit of the app `aucote-tls`, keyed by the exploit's name."""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from aucote.checks.tls.rule import Rule
from aucote.checks.tls.rules import ciphers, dh, keys, mozilla, protocols, trust, validity, vulnerabilities

RULES: Final[Mapping[str, Rule]] = MappingProxyType(
    {
        rule.name: rule
        for module in (protocols, ciphers, dh, validity, trust, keys, vulnerabilities, mozilla)
        for rule in module.RULES
    }
)
"""Every rule by exploit name (the `name` of its catalogue entry)."""

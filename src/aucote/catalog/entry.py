"""A catalogue entry: the domain `Exploit` plus what only the catalogue knows about it."""

from dataclasses import dataclass
from typing import Final

from aucote.catalog.rule import FindingRule
from aucote.model.exploit import Exploit

PROFILES: Final = ("basic", "advanced")
"""The profiles an entry may belong to; every `basic` entry is also `advanced`."""

CATEGORIES: Final = ("vuln", "config", "credential", "backdoor", "enum")
"""What a finding of the entry means: a vulnerability, a weak configuration, weak or default
credentials, a backdoor or malware, or information about the service."""

AUCOTE_IDS: Final = range(2000, 3000)
"""Ids reserved for Aucote's own checks (apps named `aucote-*`)."""


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """One exploit of the catalogue with its finding rule and fixed tool arguments."""

    exploit: Exploit
    rule: FindingRule
    script_args: tuple[tuple[str, str], ...] = ()
    node_level: bool = False
    """A check of the host rather than of one port (an NSE `hostrule` script): run once per node,
    only when the tools scanner's `scan_nodes` is on."""

    @property
    def id(self) -> int:
        """The exploit's stable id."""
        return self.exploit.id

    @property
    def app(self) -> str:
        """The tool or check that runs the exploit (`nmap`, `aucote-tls` …)."""
        return self.exploit.app

    @property
    def name(self) -> str:
        """The script or check name, unique within its app."""
        return self.exploit.name

    @property
    def generic(self) -> bool:
        """An entry with neither services nor ports applies to every port."""
        return not self.exploit.services and not self.exploit.ports


@dataclass(frozen=True, slots=True)
class ReservedId:
    """An id without an entry that no other check may take: the original used it, or an entry here
    was withdrawn. Only a re-implementation of that same check may take it back."""

    id: int
    reason: str
    app: str | None = None
    name: str | None = None

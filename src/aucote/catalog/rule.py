"""When a check's output is a finding: the finding rule of a catalogue entry."""

import re
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

VULNERABLE_STATES: Final = frozenset(
    {"VULNERABLE", "LIKELY VULNERABLE", "VULNERABLE (Exploitable)", "VULNERABLE (DoS)"}
)
"""States of nmap's `vulns` library that make a finding (NOT VULNERABLE and UNKNOWN do not)."""


class RuleKind(StrEnum):
    """How an entry's output becomes a finding."""

    VULNS = "vulns"
    """Only when a `vulns` table of the output has a state in `VULNERABLE_STATES`."""
    OUTPUT = "output"
    """Any non-empty output that is not an error (`ERROR: …`)."""
    PATTERN = "pattern"
    """Output that is not an error and matches the entry's regular expression."""


@dataclass(frozen=True, slots=True)
class FindingRule:
    """The rule kind and, for `pattern`, the regular expression searched in the output."""

    kind: RuleKind
    pattern: str | None = None

    def is_finding(self, output: str, states: Collection[str] = ()) -> bool:
        """Whether a check that printed `output` (and reported vulns `states`) found something."""
        if self.kind is RuleKind.VULNS:
            return any(state in VULNERABLE_STATES for state in states)
        text = output.strip()
        if not text or text.startswith("ERROR:"):
            return False
        if self.kind is RuleKind.PATTERN:
            return re.search(self.pattern or "", text) is not None
        return True

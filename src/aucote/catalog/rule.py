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

_ERROR_LINE: Final = re.compile(r"ERROR:")
_LABEL_LINE: Final = re.compile(r"\S.*:")
"""A line naming what the next lines are about (NSE's `127.0.0.1:1433:` above an instance's output)."""


def error_text(output: str) -> str | None:
    """The error a check's output is, or None when it is a result.

    The forms NSE prints: an output that is `ERROR: …` (`ERROR: Script execution failed (use -d to
    debug)`), or whose lines are all `ERROR: …` lines, possibly under labels (ms-sql scripts print
    `127.0.0.1:1433:` above `ERROR: No login credentials`). The lines, stripped, joined by spaces."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    if not any(_ERROR_LINE.match(line) for line in lines):
        return None
    if lines[0].startswith("ERROR:") or all(_ERROR_LINE.match(x) or _LABEL_LINE.fullmatch(x) for x in lines):
        return " ".join(lines)
    return None


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
        """Whether a check that printed `output` (and reported vulns `states`) found something; an
        error (`error_text`) is never a finding, whatever the rule."""
        if error_text(output) is not None:
            return False
        if self.kind is RuleKind.VULNS:
            return any(state in VULNERABLE_STATES for state in states)
        text = output.strip()
        if not text:
            return False
        if self.kind is RuleKind.PATTERN:
            return re.search(self.pattern or "", text) is not None
        return True

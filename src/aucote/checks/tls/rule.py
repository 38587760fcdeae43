"""A rule: the sslyze scan commands one exploit needs and the pure function that judges the result."""

from collections.abc import Callable
from dataclasses import dataclass

from sslyze.plugins.scan_commands import ScanCommand

from aucote.checks.tls.observation import Observation

Evaluate = Callable[[Observation], str | None]
"""Evidence text when the exploit's weakness is there, None when it is not; raises IncompleteScan
when a result it needs is missing."""


@dataclass(frozen=True, slots=True)
class Rule:
    """How one exploit of the catalogue (app `aucote-tls`, this `name`) is decided."""

    name: str
    commands: frozenset[ScanCommand]
    evaluate: Evaluate

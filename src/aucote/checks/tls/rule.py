"""A rule: the sslyze scan commands one exploit needs and the pure function that judges the result."""

from dataclasses import dataclass

from sslyze.plugins.scan_commands import ScanCommand

from aucote.checks.judging import Rule as Judging
from aucote.checks.tls.observation import Observation

Evaluate = Judging[Observation]
"""Evidence text when the exploit's weakness is there, None when it is not; raises IncompleteScan
when a result it needs is missing (judged by `aucote.checks.judging`)."""


@dataclass(frozen=True, slots=True)
class Rule:
    """How one exploit of the catalogue (app `aucote-tls`, this `name`) is decided."""

    name: str
    commands: frozenset[ScanCommand]
    evaluate: Evaluate

"""What a rule looks at: the sslyze result of one port, the name that was asked for, and the time."""

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sslyze.plugins.openssl_cipher_suites.implementation import CipherSuitesScanResult
from sslyze.plugins.scan_commands import ScanCommand
from sslyze.scanner.models import AllScanCommandsAttempts, ServerScanResult
from sslyze.scanner.scan_command_attempt import ScanCommandAttempt, ScanCommandAttemptStatusEnum

from aucote.checks.judging import Unobserved

Result = TypeVar("Result")


class IncompleteScan(Unobserved):
    """A scan command a rule needs did not complete; the rule's exploit fails (tool_error) with this
    detail."""


@dataclass(frozen=True, slots=True)
class Observation:
    """The input of every rule: a finished sslyze scan, the server name the certificate must cover
    (a host name, or the IP address), and the time certificates are judged at (UTC)."""

    result: ServerScanResult
    server_name: str
    now: datetime

    @property
    def attempts(self) -> AllScanCommandsAttempts:
        """Every scan command's attempt; IncompleteScan when the scan itself did not complete."""
        if self.result.scan_result is None:
            raise IncompleteScan(f"sslyze scan status {self.result.scan_status.value}")
        return self.result.scan_result

    def cipher_suites(self, command: ScanCommand) -> CipherSuitesScanResult:
        """The result of one `*_cipher_suites` command; IncompleteScan unless it completed."""
        attempt: ScanCommandAttempt[CipherSuitesScanResult] = getattr(self.attempts, command.value)
        return completed_result(attempt, command)


def completed_result(attempt: ScanCommandAttempt[Result], command: ScanCommand) -> Result:
    """The attempt's result, or IncompleteScan naming the command and why it did not complete."""
    if attempt.status is ScanCommandAttemptStatusEnum.COMPLETED and attempt.result is not None:
        return attempt.result
    reason = attempt.error_reason.value if attempt.error_reason else attempt.status.value
    detail = _last_line(attempt)
    raise IncompleteScan(f"sslyze {command.value}: {reason}{': ' + detail if detail else ''}")


def _last_line(attempt: ScanCommandAttempt[Result]) -> str:
    if attempt.error_trace is None:
        return ""
    return "".join(attempt.error_trace.format_exception_only()).strip().splitlines()[-1]

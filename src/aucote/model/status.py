"""Life-cycle states of scans and security scans, with the strings the API shows."""

from enum import StrEnum


class ScanStatus(StrEnum):
    """State of one run of a scanner."""

    IN_PROGRESS = "IN PROGRESS"
    DONE = "DONE"
    CANCELLED = "CANCELLED"
    FAILED = "FAILED"
    INTERRUPTED = "INTERRUPTED"


class CheckStatus(StrEnum):
    """Outcome of one exploit run against one port in one scan (a security scan)."""

    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    DONE = "DONE"
    FAILED = "FAILED"
    TIMEOUT = "TIMEOUT"
    SKIPPED = "SKIPPED"
    CANCELLED = "CANCELLED"


class RiskLevel(StrEnum):
    """Risk of an exploit's finding, as in the original catalogue."""

    NONE = "None"
    LOW = "Low"
    MEDIUM = "Medium"
    HIGH = "High"


class CheckReason(StrEnum):
    """Why a security scan is not a plain DONE, or what kept it from judging the port: a closed
    vocabulary, with free detail text stored beside it."""

    TOOL_MISSING = "tool_missing"
    """The tool the check drives is not installed."""
    TIMEOUT = "timeout"
    """The check or its tool ran out of time."""
    TOOL_ERROR = "tool_error"
    """The tool crashed, exited with an error or printed something unreadable."""
    SCRIPT_ERROR = "script_error"
    """The tool ran, but the script or probe reported an error instead of a result."""
    CHECK_ERROR = "check_error"
    """Aucote's own check or one of its rules failed (a bug, or data it cannot judge)."""
    UNREACHABLE = "unreachable"
    """The service did not answer or refused the connection."""
    LOCKED_OUT = "locked_out"
    """The service refused the scanner after earlier probes failed its handshake (a blacklist)."""
    NOT_APPLICABLE = "not_applicable"
    """The check does not apply to what answers on the port."""
    INTRUSIVE_DISABLED = "intrusive_disabled"
    """The check is intrusive and intrusive checks are off."""
    DEFAULT_CREDENTIALS_DISABLED = "default_credentials_disabled"
    """The check tries a default or empty login and `service.scans.default_credentials` is off."""
    DISABLED = "disabled"
    """The check's tool or app is disabled in the configuration."""
    NO_CHECK = "no_check"
    """No check implements the exploit's app."""
    CANCELLED = "cancelled"
    """The scan was cancelled or ended before the check ran."""
    NMAP_ERROR = "nmap_error"
    """An imported nmap report ended with an error."""
    JOB_FAILED = "job_failed"
    """The queued job running the check failed on every attempt (docs/workers.md)."""
    WORKER_LOST = "worker_lost"
    """The worker running the check stopped heartbeating on the last attempt (docs/workers.md)."""


_SKIPPING = frozenset(
    {
        CheckReason.TOOL_MISSING,
        CheckReason.NOT_APPLICABLE,
        CheckReason.INTRUSIVE_DISABLED,
        CheckReason.DEFAULT_CREDENTIALS_DISABLED,
        CheckReason.DISABLED,
        CheckReason.NO_CHECK,
    }
)
"""Reasons that mean the check did not run (nothing went wrong)."""


def status_for(reason: CheckReason) -> CheckStatus:
    """The status of a security scan that ended for this reason, the same in every check: tool
    missing, not applicable, disabled, no check → SKIPPED; timeout → TIMEOUT; cancelled → CANCELLED;
    every other reason → FAILED."""
    if reason is CheckReason.TIMEOUT:
        return CheckStatus.TIMEOUT
    if reason is CheckReason.CANCELLED:
        return CheckStatus.CANCELLED
    return CheckStatus.SKIPPED if reason in _SKIPPING else CheckStatus.FAILED

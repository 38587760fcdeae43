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

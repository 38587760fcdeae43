"""What testssl.sh reports for one port: one item per test result, each with a severity."""

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

NOT_TLS: Final = "doesn't seem to be a TLS/SSL enabled server"
"""How testssl words a port that does not speak TLS (or does not upgrade with STARTTLS)."""


class Severity(StrEnum):
    """testssl's severities, from its JSON output."""

    DEBUG = "DEBUG"
    INFO = "INFO"
    OK = "OK"
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"
    WARN = "WARN"
    FATAL = "FATAL"

    @property
    def score(self) -> int:
        """The original's scale: problems of the scan below 0, results 0, weaknesses 1 (LOW) to 4."""
        return _SCORES[self]


_SCORES: Final = {
    Severity.DEBUG: 0,
    Severity.INFO: 0,
    Severity.OK: 0,
    Severity.LOW: 1,
    Severity.MEDIUM: 2,
    Severity.HIGH: 3,
    Severity.CRITICAL: 4,
    Severity.WARN: -1,
    Severity.FATAL: -2,
}


@dataclass(frozen=True, slots=True)
class TestsslItem:
    """One result: `id` names the test (`TLS1`, `BEAST`, `cert_chain_of_trust` …)."""

    __test__ = False  # not a pytest test class despite its name

    id: str
    severity: Severity
    finding: str
    cve: str | None = None
    cwe: str | None = None

    @property
    def weakness(self) -> bool:
        """A result of severity LOW or worse."""
        return self.severity.score >= 1


@dataclass(frozen=True, slots=True)
class TestsslReport:
    """Every item of one run, in testssl's order."""

    __test__ = False

    items: tuple[TestsslItem, ...]

    @property
    def interrupted(self) -> bool:
        """testssl stopped before testing (no connection, not TLS …): its `scanTime` says so."""
        return any(item.id == "scanTime" and item.finding == "Scan interrupted" for item in self.items)

    @property
    def fatal(self) -> bool:
        """testssl reported a fatal error (it could not connect, resolve, or run)."""
        return any(item.severity is Severity.FATAL for item in self.items)

    @property
    def not_tls(self) -> bool:
        """testssl found no TLS (or no STARTTLS upgrade) on the port."""
        return any(NOT_TLS in item.finding for item in self.items)

    @property
    def problems(self) -> tuple[str, ...]:
        """What testssl said went wrong (WARN and FATAL results, except its interrupted marker)."""
        return tuple(item.finding for item in self.items if item.severity.score < 0 and item.id != "scanTime")

    @property
    def weaknesses(self) -> tuple[TestsslItem, ...]:
        """The results of severity LOW or worse."""
        return tuple(item for item in self.items if item.weakness)

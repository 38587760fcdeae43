"""What the engine reports as work finishes, for metrics (`aucote.metrics.work`): scans ended,
checks ended and the open findings after each write of the day's totals. The recorder calls it
right after the transaction that stored the change; the default meter does nothing."""

from collections.abc import Mapping
from typing import Protocol

from aucote.model.status import CheckStatus, ScanStatus


class WorkMeter(Protocol):
    """Receives finished work (called on the event loop; must not block)."""

    def scan_ended(self, scanner: str, status: ScanStatus, seconds: float) -> None:
        """A scan of `scanner` ended with `status` after `seconds`."""
        ...

    def check_ended(self, app: str, status: CheckStatus, seconds: float | None) -> None:
        """A security scan of an exploit of `app` ended (None: it never ran, e.g. SKIPPED)."""
        ...

    def open_findings(self, counts: Mapping[str, int]) -> None:
        """The open findings by risk level, as just written to the day's totals."""
        ...


class NoMeter:
    """Counts nothing (`aucote scan`, tests)."""

    def scan_ended(self, scanner: str, status: ScanStatus, seconds: float) -> None:
        """Nothing."""

    def check_ended(self, app: str, status: CheckStatus, seconds: float | None) -> None:
        """Nothing."""

    def open_findings(self, counts: Mapping[str, int]) -> None:
        """Nothing."""

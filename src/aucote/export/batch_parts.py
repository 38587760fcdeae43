"""What the SARIF and DefectDojo writers share: each finding is one f-string, and the parts that
repeat are encoded once and kept — per exploit (kept for the whole export: bounded by the
catalogue), per scoring, per scan and per address (forgotten after each batch, so memory stays
one batch's)."""

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Generic, TypeVar

from aucote.export.iso_times import IsoTimes
from aucote.export.json_text import inner
from aucote.storage.queries.finding_rows import FindingRecord

S = TypeVar("S")


class BatchParts(ABC, Generic[S]):
    """A writer of findings, batch by batch; `S` is what it keeps of a scoring."""

    def __init__(self) -> None:
        self.exploits: dict[int, tuple[str, str, str]] = {}
        self.scorings: dict[int, S] = {}
        self.scans: dict[tuple[int, str], str] = {}
        self.addresses: dict[str, tuple[str, str]] = {}
        self.times = IsoTimes()

    def batch(self, records: Sequence[FindingRecord]) -> list[str]:
        """A batch's findings, encoded (what was kept for its rows forgotten after it)."""
        encoded = [self.encode(record) for record in records]
        self.times.forget()
        self.scorings.clear()
        self.scans.clear()
        self.addresses.clear()
        return encoded

    @abstractmethod
    def encode(self, record: FindingRecord) -> str:
        """One finding."""

    def _address(self, ip: str) -> tuple[str, str]:
        """The address escaped as it stands before a port (IPv6 in brackets) and alone."""
        found = self.addresses[ip] = (inner(f"[{ip}]" if ":" in ip else ip), inner(ip))
        return found

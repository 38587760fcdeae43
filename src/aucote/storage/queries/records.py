"""Records the read queries return: plain frozen values, one per row of a response."""

from dataclasses import dataclass

# Ids are 32-bit integer columns; a larger number cannot name a stored row (and must never reach
# the database: SQLite overflows on integers beyond 64 bits).
MAX_ID = 2**31 - 1


def storable_id(value: int) -> bool:
    """Whether `value` can be the id of a stored row."""
    return 0 <= value <= MAX_ID


@dataclass(frozen=True, slots=True)
class ScanRow:
    """One run of a scanner."""

    id: int
    scanner: str
    protocol: int | None
    start: float
    end: float | None
    status: str


@dataclass(frozen=True, slots=True)
class NodeRef:
    """A node: stable id and address."""

    id: int
    ip: str


@dataclass(frozen=True, slots=True)
class ExploitRef:
    """The identifying part of an exploit."""

    id: int
    app: str
    name: str

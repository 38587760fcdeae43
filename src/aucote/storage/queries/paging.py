"""Pages of a list: `limit` rows from page `page` (0 first), plus whether a next page exists.

One row more than asked is fetched to tell whether another page follows. Big tables with a dense
`seq` column (security scans, vulnerabilities) are paged as an index range when unfiltered; other
lists use OFFSET."""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select

RowT = TypeVar("RowT")


@dataclass(frozen=True, slots=True)
class Window:
    """Which page of which size."""

    limit: int
    page: int

    @property
    def skipped(self) -> int:
        """How many rows come before this page."""
        return self.limit * self.page


@dataclass(frozen=True, slots=True)
class Page(Generic[RowT]):
    """The rows of one page and whether more follow."""

    rows: list[RowT]
    has_next: bool


def by_offset(statement: Select[Any], window: Window) -> Select[Any]:
    """Page an ordered statement with LIMIT/OFFSET (one row extra)."""
    return statement.limit(window.limit + 1).offset(window.skipped)


def by_seq(statement: Select[Any], seq: ColumnElement[int], window: Window) -> Select[Any]:
    """Page by a dense 1-based `seq`: rows seq > skipped, in seq order (an index range, any depth)."""
    return statement.where(seq > window.skipped).order_by(seq).limit(window.limit + 1)


def cut(rows: list[RowT], window: Window) -> Page[RowT]:
    """Drop the extra row fetched to detect a next page."""
    return Page(rows[: window.limit], len(rows) > window.limit)

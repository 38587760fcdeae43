"""Pages of a list: `limit` rows from page `page` (0 first), plus whether a next page exists.

One row more than asked is fetched to tell whether another page follows. Big tables with a dense
`seq` column (security scans, vulnerabilities) are paged as an index range when unfiltered, the
numbers retention deleted accounted for by `seq_holes` (repository/seq_holes.py); other lists use
OFFSET."""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, case, func, literal, select

from aucote.storage.tables import SEQ_BLOCK, seq_holes

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


def by_seq(statement: Select[Any], seq: ColumnElement[int], window: Window, name: str) -> Select[Any]:
    """Page table `name` by its 1-based `seq`, dense but for the rows noted in `seq_holes`: the
    row ranked r = skipped is seq r+1 below the first block that lost rows; past the last such
    block at or below it, r plus the rows lost up to there, and inside a block that lost rows, the
    block's (r - live_before)th row. One statement (one snapshot): a lookup in `seq_holes` and an
    index range of `seq` that skips at most one block's rows, at any depth."""
    rank = literal(window.skipped)
    hole = seq_holes.c
    inside = rank < hole.live_before + SEQ_BLOCK - hole.deleted
    start = hole.block * SEQ_BLOCK
    after = case((inside, start), else_=rank + start - hole.live_before + hole.deleted)
    skip = case((inside, rank - hole.live_before), else_=0)
    found = (
        select(after.label("after"), skip.label("skip"))
        .where(hole.name == name, hole.live_before <= rank)
        .order_by(hole.live_before.desc(), hole.block.desc())
        .limit(1)
        .subquery()
    )
    first = func.coalesce(select(found.c.after).scalar_subquery(), rank)
    skipped = func.coalesce(select(found.c.skip).scalar_subquery(), 0)
    return statement.where(seq > first).order_by(seq).limit(window.limit + 1).offset(skipped)


def cut(rows: list[RowT], window: Window) -> Page[RowT]:
    """Drop the extra row fetched to detect a next page."""
    return Page(rows[: window.limit], len(rows) > window.limit)

"""Keyset paging: a page is the rows after (or before) the last row shown, in a sort order made of
columns ending with a unique one, so page 10,000 costs what page 1 costs (no OFFSET scan).

A cursor is the sort key of a row, as text (`Cursor.text`), to carry in a URL."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Connection, Row, Select, tuple_

RowT = TypeVar("RowT")
SEPARATOR = "~"


@dataclass(frozen=True, slots=True)
class Order:
    """A sort order: its key columns (the last one unique), their Python types, and its direction."""

    columns: tuple[ColumnElement[Any], ...]
    types: tuple[type, ...]
    descending: bool


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a page starts: after (or, `backwards`, before) the row whose sort key is `key`."""

    key: tuple[Any, ...]
    backwards: bool = False

    @property
    def text(self) -> str:
        """The key as URL text."""
        return SEPARATOR.join(str(value) for value in self.key)


def parse_cursor(text: str, order: Order, *, backwards: bool = False) -> Cursor:
    """The cursor written by `Cursor.text` for `order`; ValueError when it does not fit."""
    parts = text.split(SEPARATOR)
    if len(parts) != len(order.types):
        raise ValueError(f"expected {len(order.types)} parts separated by {SEPARATOR!r}")
    return Cursor(tuple(kind(part) for kind, part in zip(order.types, parts, strict=True)), backwards)


@dataclass(frozen=True, slots=True)
class KeysetPage(Generic[RowT]):
    """The rows of one page and the cursors of the pages beside it (None: no such page)."""

    rows: list[RowT]
    next: Cursor | None
    previous: Cursor | None


def keyset(statement: Select[Any], order: Order, cursor: Cursor | None, limit: int) -> Select[Any]:
    """`statement` ordered by `order`, starting at `cursor`, one row more than `limit`."""
    backwards = cursor is not None and cursor.backwards
    descending = order.descending != backwards
    if cursor is not None:
        key = tuple_(*order.columns)
        values = tuple_(*cursor.key)
        statement = statement.where(key < values if descending else key > values)
    columns = [column.desc() if descending else column.asc() for column in order.columns]
    return statement.order_by(*columns).limit(limit + 1)


def keyset_arms(statement: Select[Any], order: Order, cursor: Cursor | None, limit: int) -> list[Select[Any]]:
    """The same page as `keyset`, as statements to read in turn until one row more than `limit`
    is found: for a key of several columns, one per column from the last, the rows equal to the
    cursor on the columns before it and beyond it on that column. Each arm is an equality prefix
    and a range on one column, which an index walk starts at (SQLite does not start one at a row
    value over an expression index: `keyset` walks the order from its start up to the cursor)."""
    if cursor is None or len(order.columns) == 1:
        return [keyset(statement, order, cursor, limit)]
    descending = order.descending != cursor.backwards
    ordering = [column.desc() if descending else column.asc() for column in order.columns]
    arms = []
    for size in range(len(order.columns) - 1, -1, -1):
        equal = [
            column == value for column, value in zip(order.columns[:size], cursor.key[:size], strict=True)
        ]
        column, value = order.columns[size], cursor.key[size]
        beyond = column < value if descending else column > value
        # ordered by the columns it does not hold equal (SQLite sorts by an expression it holds)
        arms.append(statement.where(*equal, beyond).order_by(*ordering[size:]).limit(limit + 1))
    return arms


def read_arms(connection: Connection, arms: Sequence[Select[Any]], limit: int) -> list[Row[Any]]:
    """The rows of `keyset_arms`' statements read in turn, at most one more than `limit`."""
    rows: list[Row[Any]] = []
    for arm in arms:
        rows += connection.execute(arm.limit(limit + 1 - len(rows)))
        if len(rows) > limit:
            break
    return rows


def page_of(
    rows: Sequence[RowT], key: Callable[[RowT], tuple[Any, ...]], cursor: Cursor | None, limit: int
) -> KeysetPage[RowT]:
    """The page read by `keyset` (rows in the statement's order, one extra when more follow)."""
    more = len(rows) > limit
    shown = list(rows[:limit])
    if cursor is not None and cursor.backwards:
        shown.reverse()
        after_last = Cursor(key(shown[-1])) if shown else None
        before_first = Cursor(key(shown[0]), backwards=True) if more and shown else None
        return KeysetPage(shown, after_last, before_first)
    next_cursor = Cursor(key(shown[-1])) if more else None
    previous = Cursor(key(shown[0]), backwards=True) if cursor is not None and shown else None
    return KeysetPage(shown, next_cursor, previous)

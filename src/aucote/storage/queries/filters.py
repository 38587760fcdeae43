"""Filter conditions shared by the list queries."""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, true


def equal_to(pairs: Iterable[tuple[ColumnElement[Any], object]]) -> list[ColumnElement[bool]]:
    """`column = value` for every pair whose value is given (not None)."""
    return [column == value for column, value in pairs if value is not None]


def time_window(
    column: ColumnElement[Any], since: float | None, until: float | None
) -> list[ColumnElement[bool]]:
    """since <= column < until, either bound optional."""
    conditions: list[ColumnElement[bool]] = []
    if since is not None:
        conditions.append(column >= since)
    if until is not None:
        conditions.append(column < until)
    return conditions


def all_of(conditions: list[ColumnElement[bool]]) -> ColumnElement[bool]:
    """The conjunction of the conditions (true when there are none)."""
    return and_(true(), *conditions)

"""Keyset pages in the pages' URLs: the cursor a query asks for (`after` or `before`), the filters
to keep in the neighbours' links, those links, and a page of a list read with them."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from aucote.storage.queries.keyset import Cursor, KeysetPage, Order, parse_cursor
from aucote.web.params import Keyset
from aucote.web.query import BadParameter
from aucote.web.urls import QueryValue, href

RowT = TypeVar("RowT")


@dataclass(frozen=True, slots=True, kw_only=True)
class Pager:
    """Links to the first, previous and next pages (None: no such page)."""

    first: str | None
    previous: str | None
    next: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ListPage(Generic[RowT]):
    """The rows of a page of a list, the links around it and the view's filters as URL values."""

    rows: list[RowT]
    pager: Pager
    kept: dict[str, QueryValue]


def read_cursor(query: Keyset, order: Order) -> Cursor | None:
    """The cursor of `after` or `before` in `order` (BadParameter when it does not fit)."""
    for name, text, backwards in (("after", query.after, False), ("before", query.before, True)):
        if text is not None:
            try:
                return parse_cursor(text, order, backwards=backwards)
            except ValueError as error:
                raise BadParameter(name, str(error)) from None
    return None


def kept_values(query: Keyset) -> dict[str, QueryValue]:
    """The query's filters, order and page size as URL values (cursors, notices and defaults left
    out)."""
    values = query.model_dump(exclude_defaults=True, exclude=set(query.TRANSIENT), mode="json")
    return {name: value for name, value in values.items() if value is not None}


def pager(
    prefix: str,
    path: str,
    kept: dict[str, QueryValue],
    cursor: Cursor | None,
    following: Cursor | None,
    previous: Cursor | None,
) -> Pager:
    """The links around a keyset page."""
    return Pager(
        first=None if cursor is None else href(prefix, path, kept),
        previous=None if previous is None else href(prefix, path, {**kept, "before": previous.text}),
        next=None if following is None else href(prefix, path, {**kept, "after": following.text}),
    )


def list_page(
    prefix: str,
    path: str,
    query: Keyset,
    order: Order,
    read: Callable[[Cursor | None, int], KeysetPage[RowT]],
) -> ListPage[RowT]:
    """The page of the list at `path` the query asks for: its cursor in `order`, the rows
    `read(cursor, limit)` gives, the links to the pages beside it."""
    cursor = read_cursor(query, order)
    page = read(cursor, query.limit)
    kept = kept_values(query)
    return ListPage(
        rows=page.rows, pager=pager(prefix, path, kept, cursor, page.next, page.previous), kept=kept
    )

"""Keyset paging: cursors read back in their order's types, pages and their neighbours both ways."""

import pytest
from sqlalchemy import Engine, select

from aucote.storage.queries.keyset import Cursor, Order, keyset, keyset_arms, page_of, parse_cursor, read_arms
from aucote.storage.tables import nodes

ORDER = Order((nodes.c.ip, nodes.c.id), (str, int), descending=False)


def test_cursor_text_round_trip() -> None:
    cursor = Cursor(("10.0.0.1", 7))
    assert cursor.text == "10.0.0.1~7"
    assert parse_cursor(cursor.text, ORDER) == cursor
    assert parse_cursor("::1~3", ORDER, backwards=True) == Cursor(("::1", 3), backwards=True)


@pytest.mark.parametrize("text", ["10.0.0.1", "10.0.0.1~x", "a~1~2"])
def test_bad_cursors(text: str) -> None:
    with pytest.raises(ValueError):
        parse_cursor(text, ORDER)


def _ips(engine: Engine, cursor: Cursor | None, limit: int) -> tuple[list[str], Cursor | None, Cursor | None]:
    with engine.connect() as connection:
        rows = list(connection.execute(keyset(select(nodes.c.id, nodes.c.ip), ORDER, cursor, limit)))
    page = page_of(rows, lambda row: (row.ip, row.id), cursor, limit)
    return [row.ip for row in page.rows], page.next, page.previous


def test_pages_forwards_and_back(engine: Engine) -> None:
    addresses = [f"10.0.0.{n}" for n in range(1, 6)]
    with engine.begin() as connection:
        connection.execute(nodes.insert(), [{"ip": ip, "first_seen": 1.0} for ip in reversed(addresses)])
    first, following, previous = _ips(engine, None, 2)
    assert (first, previous) == (addresses[:2], None)
    second, following2, previous2 = _ips(engine, following, 2)
    assert second == addresses[2:4]
    last, none, previous3 = _ips(engine, following2, 2)
    assert (last, none) == (addresses[4:], None)
    assert _ips(engine, previous3, 2)[0] == addresses[2:4]
    back, after_back, before_back = _ips(engine, previous2, 2)
    assert (back, before_back) == (addresses[:2], None)
    assert after_back is not None and _ips(engine, after_back, 2)[0] == addresses[2:4]


def _arm_pages(
    engine: Engine, order: Order, cursor: Cursor | None, limit: int
) -> tuple[list[int], Cursor | None]:
    statement = select(nodes.c.id, nodes.c.first_seen)
    with engine.connect() as connection:
        rows = read_arms(connection, keyset_arms(statement, order, cursor, limit), limit)
    page = page_of(rows, lambda row: (row.first_seen, row.id), cursor, limit)
    return [row.id for row in page.rows], page.next if not (cursor and cursor.backwards) else page.previous


@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize("limit", [1, 2, 3, 7])
def test_arms_read_the_pages_keyset_reads(engine: Engine, descending: bool, limit: int) -> None:
    """Read in turn, the arms (an equality prefix and a range each) give each page in the order's
    order, forwards to the end and back to the start, across runs of equal first keys."""
    times = [3.0, 1.0, 3.0, 2.0, 1.0, 3.0, 2.0, 2.0, 5.0]
    with engine.begin() as connection:
        connection.execute(
            nodes.insert(), [{"ip": f"10.0.0.{n}", "first_seen": t} for n, t in enumerate(times)]
        )
        stored = {
            row.id: row.first_seen for row in connection.execute(select(nodes.c.id, nodes.c.first_seen))
        }
    order = Order((nodes.c.first_seen, nodes.c.id), (float, int), descending=descending)
    expected = sorted(stored, key=lambda node: (stored[node], node), reverse=descending)
    seen: list[int] = []
    cursor: Cursor | None = None
    while True:
        page, cursor = _arm_pages(engine, order, cursor, limit)
        seen += page
        if cursor is None:
            break
    assert seen == expected
    back = Cursor((stored[expected[-1]], expected[-1]), backwards=True)
    before: list[int] = []
    cursor = back
    while cursor is not None:
        page, cursor = _arm_pages(engine, order, cursor, limit)
        before = page + before
    assert before == expected[:-1]

"""Dense insertion counters.

Big lists (security scans, vulnerabilities) are paged by a gap-free `seq` column: page p of limit n
is the range seq in (p*n, p*n+n], an index lookup whatever the page, where OFFSET would walk every
earlier row. The counter row is updated in the writer's own transaction, so a rolled-back batch
gives its numbers back and the sequence stays dense (PostgreSQL sequences would leave gaps)."""

from sqlalchemy import Connection, Table, select
from sqlalchemy.dialects import postgresql, sqlite

from aucote.storage.tables import counters


def allocate(connection: Connection, name: str, count: int) -> int:
    """Reserve `count` consecutive numbers of counter `name`; return the first (numbers start at 1).
    One upsert (`INSERT … ON CONFLICT DO UPDATE`): two writers creating the counter at the same
    time (two workers storing the first findings) take turns on its row instead of one failing."""
    postgres = connection.dialect.name == "postgresql"
    statement = (postgresql.insert if postgres else sqlite.insert)(counters).values(name=name, value=count)
    bumped = connection.execute(
        statement.on_conflict_do_update(
            index_elements=["name"], set_={"value": counters.c.value + count}
        ).returning(counters.c.value)
    ).scalar_one()
    return int(bumped) - count + 1


def current(connection: Connection, name: str) -> int:
    """How many numbers of counter `name` were handed out (0 when none)."""
    value = connection.execute(select(counters.c.value).where(counters.c.name == name)).scalar()
    return int(value or 0)


def ids_by_seq(connection: Connection, table: Table, first: int, count: int) -> list[int]:
    """The ids of the rows numbered first .. first+count-1, in seq order (one index range read,
    cheaper than RETURNING on a bulk insert)."""
    rows = connection.execute(
        select(table.c.id).where(table.c.seq.between(first, first + count - 1)).order_by(table.c.seq)
    )
    return [int(row_id) for row_id in rows.scalars()]

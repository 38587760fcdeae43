"""An inner join whose left side SQLite must read first (`CROSS JOIN … ON`): SQLite reorders the
tables of a plain JOIN as its planner sees fit, and without statistics it can pick an order that
sorts every row where walking the left side's index in order would stop after a page. Other
databases get a plain JOIN (their planners have statistics)."""

from typing import Any

from sqlalchemy import ColumnElement, FromClause
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.selectable import Join


class LeftFirst(Join):
    """`left JOIN right ON onclause`, read left first on SQLite."""

    inherit_cache = True


def left_first(left: FromClause, right: FromClause, onclause: ColumnElement[bool]) -> LeftFirst:
    """The join of `left` and `right` on `onclause`, `left` read first on SQLite."""
    return LeftFirst(left, right, onclause)


@compiles(LeftFirst, "sqlite")
def _sqlite(join: LeftFirst, compiler: SQLCompiler, **options: Any) -> str:
    options["asfrom"] = True
    left = compiler.process(join.left, **options)
    right = compiler.process(join.right, **options)
    onclause = compiler.process(join.onclause, **options) if join.onclause is not None else "1 = 1"
    return f"{left} CROSS JOIN {right} ON {onclause}"

"""overview store: the overview's top lists stored as runs end (top_values), the change feed read
per scan in time order, and the findings list's default view (open findings, informational output
left out) in each order

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-16 12:00:00.000000
"""

import time
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "replaced_by IS NULL AND risk_level != 'None' AND coalesce(expiration_time, -1.0) = -1.0"
RISK_RANK = (
    "(CASE WHEN (risk_level = 'None') THEN 0 WHEN (risk_level = 'Low') THEN 1 "
    "WHEN (risk_level = 'Medium') THEN 2 WHEN (risk_level = 'High') THEN 3 ELSE 0 END)"
)
CVSS_KEY = "(CAST(coalesce(cvss, -1.0) AS FLOAT))"
"""The expressions of storage.tables.risk_rank and cvss_key, as the queries write them."""
OPEN_INDEXES: list[tuple[str, list[str | sa.TextClause]]] = [
    ("ix_vulnerabilities_open_seq", ["seq"]),
    ("ix_vulnerabilities_open_risk", [sa.text(RISK_RANK), "seq"]),
    ("ix_vulnerabilities_open_cvss", [sa.text(CVSS_KEY), "seq"]),
    ("ix_vulnerabilities_open_host", ["node_id", "port", "seq"]),
]
WEEK = 7 * 86400.0
TOP = 10
PORTS = """
    SELECT 'port', CAST(port AS TEXT), protocol, count(DISTINCT node_id) AS hosts
    FROM port_scans WHERE replaced_by IS NULL AND time >= :since
    GROUP BY port, protocol ORDER BY hosts DESC, port, protocol LIMIT :top
"""
SERVICES = """
    SELECT '{name}', {column}, NULL, count(DISTINCT node_id) AS hosts
    FROM port_scans WHERE time >= :since AND {column} IS NOT NULL AND {column} != ''
    GROUP BY {column} ORDER BY hosts DESC, {column} LIMIT :top
"""
CVES = """
    SELECT 'cve', cve, NULL, count(DISTINCT node_id) AS hosts
    FROM vulnerabilities WHERE replaced_by IS NULL AND expiration_time IS NULL AND cve IS NOT NULL
      AND risk_level != 'None'
    GROUP BY cve ORDER BY hosts DESC, cve LIMIT :top
"""
"""The top lists as storage.queries.top_values computes them (the rank is given in Python)."""


def upgrade() -> None:
    op.create_table(
        "top_values",
        sa.Column("list", sa.String(16), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("protocol", sa.Integer(), nullable=True),
        sa.Column("hosts", sa.Integer(), nullable=False),
        sa.Column("since", sa.Float(), nullable=False),
        sa.Column("updated", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("list", "rank"),
    )
    op.create_index(op.f("ix_changes_scan_id_time_id"), "changes", ["scan_id", "time", "id"])
    current = sa.text(OPEN)
    for name, columns in OPEN_INDEXES:
        op.create_index(name, "vulnerabilities", columns, sqlite_where=current, postgresql_where=current)
    _store_tops(time.time())


def _store_tops(now: float) -> None:
    """The top lists as of the upgrade (the next run's end writes them again)."""
    bind = op.get_bind()
    statements = [
        PORTS,
        SERVICES.format(name="service", column="service_name"),
        SERVICES.format(name="product", column="service_product"),
        CVES,
    ]
    rows = []
    for statement in statements:
        found = bind.execute(sa.text(statement), {"since": now - WEEK, "top": TOP}).all()
        for rank, (name, value, protocol, hosts) in enumerate(found, start=1):
            rows.append(
                {"list": name, "rank": rank, "value": value, "protocol": protocol, "hosts": hosts,
                 "since": now - WEEK, "updated": now}
            )  # fmt: skip
    if rows:
        table = sa.table(
            "top_values",
            *(sa.column(name) for name in ("list", "rank", "value", "protocol", "hosts", "since", "updated")),
        )
        bind.execute(sa.insert(table), rows)


def downgrade() -> None:
    for name, _columns in reversed(OPEN_INDEXES):
        op.drop_index(name, table_name="vulnerabilities")
    op.drop_index(op.f("ix_changes_scan_id_time_id"), table_name="changes")
    op.drop_table("top_values")

"""dashboard indexes: the newest report of each finding and the newest sighting of each port marked
(replaced_by), a finding's first sighting kept on each report (first_seen), and the indexes the
findings list's sort orders and the overview read

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-15 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEWEST = "replaced_by IS NULL"
RISK_RANK = (
    "(CASE WHEN (risk_level = 'None') THEN 0 WHEN (risk_level = 'Low') THEN 1 "
    "WHEN (risk_level = 'Medium') THEN 2 WHEN (risk_level = 'High') THEN 3 ELSE 0 END)"
)
CVSS_KEY = "(CAST(coalesce(cvss, -1.0) AS FLOAT))"
"""The expressions of storage.tables.risk_rank and cvss_key, as the queries write them."""
VULNERABILITY_INDEXES: list[tuple[str, list[str | sa.TextClause]]] = [
    ("ix_vulnerabilities_newest_seq", ["seq"]),
    ("ix_vulnerabilities_newest_risk", [sa.text(RISK_RANK), "seq"]),
    ("ix_vulnerabilities_newest_cvss", [sa.text(CVSS_KEY), "seq"]),
    ("ix_vulnerabilities_newest_host", ["node_id", "port", "seq"]),
    ("ix_vulnerabilities_newest_risk_level", ["risk_level", "expiration_time", "first_seen"]),
    ("ix_vulnerabilities_newest_cve", ["cve", "node_id", "risk_level", "expiration_time"]),
]
PORT_SCAN_INDEX = ["time", "port", "protocol", "node_id", "service_name", "service_product"]


def upgrade() -> None:
    op.add_column("vulnerabilities", sa.Column("replaced_by", sa.Integer(), nullable=True))
    op.add_column("vulnerabilities", sa.Column("first_seen", sa.Float(), nullable=True))
    op.add_column("port_scans", sa.Column("replaced_by", sa.Integer(), nullable=True))
    _mark_vulnerabilities()
    _mark_port_scans()
    newest = sa.text(NEWEST)
    for name, columns in VULNERABILITY_INDEXES:
        op.create_index(name, "vulnerabilities", columns, sqlite_where=newest, postgresql_where=newest)
    op.create_index(
        "ix_port_scans_newest_time",
        "port_scans",
        PORT_SCAN_INDEX,
        sqlite_where=newest,
        postgresql_where=newest,
    )
    op.create_index(
        op.f("ix_security_scans_scan_id_status_reason"), "security_scans", ["scan_id", "status", "reason"]
    )


def _mark_vulnerabilities() -> None:
    """Each report gets the id of the next report of its finding (by seq) and the finding's first
    time."""
    same = (
        "o.node_id = v.node_id AND o.protocol = v.protocol AND o.port = v.port "
        "AND o.exploit_id = v.exploit_id AND o.subid = v.subid"
    )
    op.execute(
        "UPDATE vulnerabilities AS v SET "
        f"replaced_by = (SELECT o.id FROM vulnerabilities o WHERE {same} AND o.seq > v.seq "
        "ORDER BY o.seq LIMIT 1), "
        f"first_seen = (SELECT min(o.time) FROM vulnerabilities o WHERE {same})"
    )


def _mark_port_scans() -> None:
    """Each sighting of a port gets the id of the next sighting (by time, then id)."""
    same = "o.node_id = p.node_id AND o.protocol = p.protocol AND o.port = p.port"
    op.execute(
        "UPDATE port_scans AS p SET "
        f"replaced_by = (SELECT o.id FROM port_scans o WHERE {same} "
        "AND (o.time > p.time OR (o.time = p.time AND o.id > p.id)) ORDER BY o.time, o.id LIMIT 1)"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_security_scans_scan_id_status_reason"), table_name="security_scans")
    op.drop_index("ix_port_scans_newest_time", table_name="port_scans")
    for name, _columns in reversed(VULNERABILITY_INDEXES):
        op.drop_index(name, table_name="vulnerabilities")
    with op.batch_alter_table("port_scans") as table:
        table.drop_column("replaced_by")
    with op.batch_alter_table("vulnerabilities") as table:
        table.drop_column("first_seen")
        table.drop_column("replaced_by")

"""dashboard data: daily totals of open findings per risk, and triage of findings

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-14 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _daily_totals()
    _triage()


def _daily_totals() -> None:
    op.create_table(
        "daily_totals",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("risk_level", sa.String(length=16), nullable=False),
        sa.Column("open", sa.Integer(), nullable=False),
        sa.Column("opened", sa.Integer(), nullable=False),
        sa.Column("resolved", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("day", "risk_level", name=op.f("pk_daily_totals")),
    )


def _triage() -> None:
    op.create_table(
        "triage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("protocol", sa.Integer(), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column("exploit_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("expires", sa.Float(), nullable=True),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("time", sa.Float(), nullable=False),
        sa.Column("evidence", sa.String(length=64), nullable=True),
        sa.Column("changed", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["exploit_id"], ["exploits.id"], name=op.f("fk_triage_exploit_id_exploits")),
        sa.ForeignKeyConstraint(["node_id"], ["nodes.id"], name=op.f("fk_triage_node_id_nodes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_triage")),
        sa.UniqueConstraint(
            "node_id",
            "protocol",
            "port",
            "exploit_id",
            name=op.f("uq_triage_node_id_protocol_port_exploit_id"),
        ),
    )
    op.create_index(op.f("ix_triage_time"), "triage", ["time"], unique=False)


def downgrade() -> None:
    op.drop_table("triage")
    op.drop_table("daily_totals")

"""dashboard data: daily totals of open findings per risk

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


def downgrade() -> None:
    op.drop_table("daily_totals")

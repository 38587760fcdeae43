"""security_scans.reason becomes a code of the closed vocabulary (model.status.CheckReason); the
free text it held moves to the new column `detail`

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 20:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What the free-text reasons written before this revision meant, by status.
_REASON_OF_STATUS = {
    "FAILED": "tool_error",
    "TIMEOUT": "timeout",
    "SKIPPED": "not_applicable",
    "CANCELLED": "cancelled",
}


def upgrade() -> None:
    op.add_column("security_scans", sa.Column("detail", sa.Text(), nullable=True))
    table = sa.table(
        "security_scans",
        sa.column("status", sa.String),
        sa.column("reason", sa.Text),
        sa.column("detail", sa.Text),
    )
    op.execute(table.update().values(detail=table.c.reason, reason=None))
    for status, reason in _REASON_OF_STATUS.items():
        op.execute(table.update().where(table.c.status == status).values(reason=reason))
    op.create_index(
        op.f("ix_security_scans_status_reason"), "security_scans", ["status", "reason"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_security_scans_status_reason"), table_name="security_scans")
    table = sa.table("security_scans", sa.column("reason", sa.Text), sa.column("detail", sa.Text))
    op.execute(table.update().values(reason=sa.func.coalesce(table.c.detail, table.c.reason)))
    op.drop_column("security_scans", "detail")

"""retention: where rows of the seq-paged tables were pruned (seq_holes), so that page p of the
security scans and findings stays an index lookup after a prune

Revision ID: 0011
Revises: 0010
Create Date: 2027-01-20 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "seq_holes"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("block", sa.BigInteger(), nullable=False),
        sa.Column("deleted", sa.Integer(), nullable=False),
        sa.Column("live_before", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", "block", name=op.f("pk_seq_holes")),
    )
    op.create_index(op.f("ix_seq_holes_name_live_before_block"), TABLE, ["name", "live_before", "block"])


def downgrade() -> None:
    op.drop_index(op.f("ix_seq_holes_name_live_before_block"), table_name=TABLE)
    op.drop_table(TABLE)

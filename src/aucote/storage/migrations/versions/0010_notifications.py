"""notifications: the outbox of events to deliver (written with the change, delivered at least once)

Revision ID: 0010
Revises: 0009
Create Date: 2027-01-12 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "notification_outbox"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(128), nullable=False),
        sa.Column("rule", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("created", sa.Float(), nullable=False),
        sa.Column("due", sa.Float(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("message", sa.String(64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt", sa.Float(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("delivered", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_outbox")),
        sa.UniqueConstraint("key", "channel", name=op.f("uq_notification_outbox_key_channel")),
    )
    op.create_index(
        op.f("ix_notification_outbox_delivered_channel_due"), TABLE, ["delivered", "channel", "due"]
    )
    op.create_index(op.f("ix_notification_outbox_message"), TABLE, ["message"])


def downgrade() -> None:
    op.drop_index(op.f("ix_notification_outbox_message"), table_name=TABLE)
    op.drop_index(op.f("ix_notification_outbox_delivered_channel_due"), table_name=TABLE)
    op.drop_table(TABLE)

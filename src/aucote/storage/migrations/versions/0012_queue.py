"""job queue: Aucote's record of queued scan work (leases, states) and of its workers
(procrastinate's own tables are applied beside, by aucote.queue.schema: they are not Aucote's)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-20 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _queue_jobs()
    _queue_workers()


def _queue_jobs() -> None:
    op.create_table(
        "queue_jobs",
        sa.Column("key", sa.String(length=96), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("job_id", sa.BigInteger(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("worker", sa.String(length=128), nullable=True),
        sa.Column("created", sa.Float(), nullable=False),
        sa.Column("started", sa.Float(), nullable=True),
        sa.Column("ended", sa.Float(), nullable=True),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["scan_id"], ["scans.id"], name=op.f("fk_queue_jobs_scan_id_scans")),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_queue_jobs")),
    )
    op.create_index(op.f("ix_queue_jobs_scan_id_state"), "queue_jobs", ["scan_id", "state"])
    op.create_index(op.f("ix_queue_jobs_state_zone"), "queue_jobs", ["state", "zone"])


def _queue_workers() -> None:
    op.create_table(
        "queue_workers",
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started", sa.Float(), nullable=False),
        sa.Column("heartbeat", sa.Float(), nullable=False),
        sa.Column("lost_after", sa.Float(), nullable=False),
        sa.Column("stopped", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_queue_workers")),
    )


def downgrade() -> None:
    op.drop_table("queue_workers")
    op.drop_index(op.f("ix_queue_jobs_state_zone"), table_name="queue_jobs")
    op.drop_index(op.f("ix_queue_jobs_scan_id_state"), table_name="queue_jobs")
    op.drop_table("queue_jobs")

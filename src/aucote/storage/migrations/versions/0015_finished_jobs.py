"""finished jobs: the job queue's record indexed by when each job ended, so retention's prune of
finished jobs (retention.finished_jobs) walks the oldest first without reading the whole table

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 02:10:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_queue_jobs_ended"), "queue_jobs", ["ended"])


def downgrade() -> None:
    op.drop_index(op.f("ix_queue_jobs_ended"), table_name="queue_jobs")

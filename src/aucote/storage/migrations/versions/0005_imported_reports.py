"""imported_reports: the nmap XML reports `aucote import` stored (by SHA-256) and their scans

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 21:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "imported_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("time", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_reports")),
        sa.UniqueConstraint("sha256", name=op.f("uq_imported_reports_sha256")),
    )
    op.create_table(
        "imported_report_scans",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["imported_reports.id"],
            name=op.f("fk_imported_report_scans_report_id_imported_reports"),
        ),
        sa.ForeignKeyConstraint(
            ["scan_id"], ["scans.id"], name=op.f("fk_imported_report_scans_scan_id_scans")
        ),
        sa.PrimaryKeyConstraint("report_id", "scan_id", name=op.f("pk_imported_report_scans")),
    )


def downgrade() -> None:
    op.drop_table("imported_report_scans")
    op.drop_table("imported_reports")

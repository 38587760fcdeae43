"""cves: CVE data imported from NVD feeds and their vulnerable CPE criteria

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-22 18:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cves",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("cvss", sa.Float(), nullable=True),
        sa.Column("cvss_version", sa.String(length=8), nullable=True),
        sa.Column("published", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cves")),
    )
    op.create_table(
        "cve_matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cve_id", sa.String(length=32), nullable=False),
        sa.Column("part", sa.String(length=1), nullable=False),
        sa.Column("vendor", sa.Text(), nullable=False),
        sa.Column("product", sa.Text(), nullable=False),
        sa.Column("version", sa.Text(), nullable=False),
        sa.Column("start_including", sa.Text(), nullable=True),
        sa.Column("start_excluding", sa.Text(), nullable=True),
        sa.Column("end_including", sa.Text(), nullable=True),
        sa.Column("end_excluding", sa.Text(), nullable=True),
        sa.Column("criterion", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["cve_id"], ["cves.id"], name=op.f("fk_cve_matches_cve_id_cves")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cve_matches")),
    )
    with op.batch_alter_table("cve_matches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cve_matches_vendor_product"), ["vendor", "product"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_cve_matches_cve_id"), ["cve_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cve_matches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cve_matches_cve_id"))
        batch_op.drop_index(batch_op.f("ix_cve_matches_vendor_product"))

    op.drop_table("cve_matches")
    op.drop_table("cves")

"""operations: the CVE imports (the age of the CVE data for /readyz and the metrics)

Revision ID: 0008
Revises: 0007
Create Date: 2027-01-05 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _cve_imports()


def _cve_imports() -> None:
    op.create_table(
        "cve_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("time", sa.Float(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("cves", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cve_imports")),
    )
    op.create_index(op.f("ix_cve_imports_time"), "cve_imports", ["time"])


def downgrade() -> None:
    op.drop_index(op.f("ix_cve_imports_time"), table_name="cve_imports")
    op.drop_table("cve_imports")

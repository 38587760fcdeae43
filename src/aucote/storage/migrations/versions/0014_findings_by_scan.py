"""findings by scan: the findings of one scan in list order (`scan_id`, `seq`), replacing the index
on `scan_id` alone, so an export or list of one scan's findings walks the index in order instead of
sorting every finding of the scan before its first row

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-22 12:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_vulnerabilities_scan_id_seq", "vulnerabilities", ["scan_id", "seq"], unique=False)
    op.drop_index("ix_vulnerabilities_scan_id", table_name="vulnerabilities")


def downgrade() -> None:
    op.create_index("ix_vulnerabilities_scan_id", "vulnerabilities", ["scan_id"], unique=False)
    op.drop_index("ix_vulnerabilities_scan_id_seq", table_name="vulnerabilities")

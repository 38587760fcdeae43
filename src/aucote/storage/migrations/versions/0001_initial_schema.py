"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 16:27:22.516239
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "counters",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_counters")),
    )
    op.create_table(
        "exploits",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("app", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("risk_level", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("cve", sa.Text(), nullable=True),
        sa.Column("cvss", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exploits")),
        sa.UniqueConstraint("app", "name", name=op.f("uq_exploits_app_name")),
    )
    op.create_table(
        "nodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ip", sa.String(length=45), nullable=False),
        sa.Column("first_seen", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nodes")),
        sa.UniqueConstraint("ip", name=op.f("uq_nodes_ip")),
    )
    op.create_table(
        "scans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scanner", sa.String(length=64), nullable=False),
        sa.Column("protocol", sa.Integer(), nullable=True),
        sa.Column("start", sa.Float(), nullable=False),
        sa.Column("end", sa.Float(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("resumed_from", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["resumed_from"], ["scans.id"], name=op.f("fk_scans_resumed_from_scans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scans")),
    )
    with op.batch_alter_table("scans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scans_scanner_start"), ["scanner", "start"], unique=False)
        batch_op.create_index(batch_op.f("ix_scans_start"), ["start"], unique=False)

    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("previous_scan_id", sa.Integer(), nullable=True),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("port", sa.Integer(), nullable=True),
        sa.Column("protocol", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("exploit_id", sa.Integer(), nullable=True),
        sa.Column("previous_value", sa.Text(), nullable=True),
        sa.Column("current_value", sa.Text(), nullable=True),
        sa.Column("time", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["exploit_id"], ["exploits.id"], name=op.f("fk_changes_exploit_id_exploits")),
        sa.ForeignKeyConstraint(["node_id"], ["nodes.id"], name=op.f("fk_changes_node_id_nodes")),
        sa.ForeignKeyConstraint(
            ["previous_scan_id"], ["scans.id"], name=op.f("fk_changes_previous_scan_id_scans")
        ),
        sa.ForeignKeyConstraint(["scan_id"], ["scans.id"], name=op.f("fk_changes_scan_id_scans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_changes")),
    )
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_changes_node_id_protocol_port"), ["node_id", "protocol", "port"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_changes_scan_id"), ["scan_id"], unique=False)

    op.create_table(
        "node_scans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("time", sa.Float(), nullable=False),
        sa.Column("end", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["node_id"], ["nodes.id"], name=op.f("fk_node_scans_node_id_nodes")),
        sa.ForeignKeyConstraint(["scan_id"], ["scans.id"], name=op.f("fk_node_scans_scan_id_scans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_node_scans")),
        sa.UniqueConstraint("scan_id", "node_id", name=op.f("uq_node_scans_scan_id_node_id")),
    )
    with op.batch_alter_table("node_scans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_node_scans_node_id_scan_id"), ["node_id", "scan_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_node_scans_time"), ["time"], unique=False)

    op.create_table(
        "port_scans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column("protocol", sa.Integer(), nullable=False),
        sa.Column("time", sa.Float(), nullable=False),
        sa.Column("service_name", sa.String(length=64), nullable=True),
        sa.Column("service_product", sa.Text(), nullable=True),
        sa.Column("service_version", sa.Text(), nullable=True),
        sa.Column("service_cpe", sa.Text(), nullable=True),
        sa.Column("service_banner", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["node_id"], ["nodes.id"], name=op.f("fk_port_scans_node_id_nodes")),
        sa.ForeignKeyConstraint(["scan_id"], ["scans.id"], name=op.f("fk_port_scans_scan_id_scans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_port_scans")),
        sa.UniqueConstraint(
            "scan_id", "node_id", "port", "protocol", name=op.f("uq_port_scans_scan_id_node_id_port_protocol")
        ),
    )
    with op.batch_alter_table("port_scans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_port_scans_node_id_protocol_port_scan_id"),
            ["node_id", "protocol", "port", "scan_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_port_scans_time"), ["time"], unique=False)

    op.create_table(
        "security_scans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("exploit_id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column("protocol", sa.Integer(), nullable=False),
        sa.Column("start", sa.Float(), nullable=True),
        sa.Column("end", sa.Float(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["exploit_id"], ["exploits.id"], name=op.f("fk_security_scans_exploit_id_exploits")
        ),
        sa.ForeignKeyConstraint(["node_id"], ["nodes.id"], name=op.f("fk_security_scans_node_id_nodes")),
        sa.ForeignKeyConstraint(["scan_id"], ["scans.id"], name=op.f("fk_security_scans_scan_id_scans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_security_scans")),
        sa.UniqueConstraint(
            "scan_id",
            "exploit_id",
            "node_id",
            "port",
            "protocol",
            name=op.f("uq_security_scans_scan_id_exploit_id_node_id_port_protocol"),
        ),
        sa.UniqueConstraint("seq", name=op.f("uq_security_scans_seq")),
    )
    with op.batch_alter_table("security_scans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_security_scans_exploit_id_seq"), ["exploit_id", "seq"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_security_scans_node_id_protocol_port_exploit_id_scan_id"),
            ["node_id", "protocol", "port", "exploit_id", "scan_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_security_scans_start"), ["start"], unique=False)

    op.create_table(
        "vulnerabilities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("security_scan_id", sa.Integer(), nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("exploit_id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column("protocol", sa.Integer(), nullable=False),
        sa.Column("subid", sa.Integer(), nullable=False),
        sa.Column("cve", sa.Text(), nullable=True),
        sa.Column("cvss", sa.Float(), nullable=True),
        sa.Column("risk_level", sa.String(length=16), nullable=False),
        sa.Column("output", sa.Text(), nullable=False),
        sa.Column("time", sa.Float(), nullable=False),
        sa.Column("expiration_time", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["exploit_id"], ["exploits.id"], name=op.f("fk_vulnerabilities_exploit_id_exploits")
        ),
        sa.ForeignKeyConstraint(["node_id"], ["nodes.id"], name=op.f("fk_vulnerabilities_node_id_nodes")),
        sa.ForeignKeyConstraint(["scan_id"], ["scans.id"], name=op.f("fk_vulnerabilities_scan_id_scans")),
        sa.ForeignKeyConstraint(
            ["security_scan_id"],
            ["security_scans.id"],
            name=op.f("fk_vulnerabilities_security_scan_id_security_scans"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vulnerabilities")),
        sa.UniqueConstraint(
            "security_scan_id", "subid", name=op.f("uq_vulnerabilities_security_scan_id_subid")
        ),
        sa.UniqueConstraint("seq", name=op.f("uq_vulnerabilities_seq")),
    )
    with op.batch_alter_table("vulnerabilities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vulnerabilities_expiration_time"), ["expiration_time"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_vulnerabilities_node_id_protocol_port_exploit_id_scan_id"),
            ["node_id", "protocol", "port", "exploit_id", "scan_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_vulnerabilities_scan_id"), ["scan_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("vulnerabilities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vulnerabilities_scan_id"))
        batch_op.drop_index(batch_op.f("ix_vulnerabilities_node_id_protocol_port_exploit_id_scan_id"))
        batch_op.drop_index(batch_op.f("ix_vulnerabilities_expiration_time"))

    op.drop_table("vulnerabilities")
    with op.batch_alter_table("security_scans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_security_scans_start"))
        batch_op.drop_index(batch_op.f("ix_security_scans_node_id_protocol_port_exploit_id_scan_id"))
        batch_op.drop_index(batch_op.f("ix_security_scans_exploit_id_seq"))

    op.drop_table("security_scans")
    with op.batch_alter_table("port_scans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_port_scans_time"))
        batch_op.drop_index(batch_op.f("ix_port_scans_node_id_protocol_port_scan_id"))

    op.drop_table("port_scans")
    with op.batch_alter_table("node_scans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_node_scans_time"))
        batch_op.drop_index(batch_op.f("ix_node_scans_node_id_scan_id"))

    op.drop_table("node_scans")
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_changes_scan_id"))
        batch_op.drop_index(batch_op.f("ix_changes_node_id_protocol_port"))

    op.drop_table("changes")
    with op.batch_alter_table("scans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scans_start"))
        batch_op.drop_index(batch_op.f("ix_scans_scanner_start"))

    op.drop_table("scans")
    op.drop_table("nodes")
    op.drop_table("exploits")
    op.drop_table("counters")

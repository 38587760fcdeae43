"""The write side of storage on both backends: ids, dense seq numbers, rollbacks."""

import pytest
from sqlalchemy import Engine, select

from aucote.model.exploit import Exploit
from aucote.model.status import CheckStatus
from aucote.storage.migrate import current_revision, head_revision, upgrade
from aucote.storage.repository import exploits, nodes, scans, security_scans
from aucote.storage.repository.records import NewSecurityScan
from aucote.storage.repository.sequence import current
from aucote.storage.tables import security_scans as security_scans_table


def _seed(engine: Engine) -> tuple[int, int]:
    with engine.begin() as connection:
        exploits.sync_exploits(connection, [Exploit(id=72, app="nmap", name="http-vuln-cve2011-3192")])
        node_id = nodes.ensure_nodes(connection, ["10.12.2.175"], 1.0)["10.12.2.175"]
        scan_id = scans.start_scan(connection, "tools_basic", None, 1508504400.6845937)
    return node_id, scan_id


def test_migrations_reach_head_and_are_idempotent(engine: Engine) -> None:
    upgrade(engine)
    assert current_revision(engine) == head_revision(engine)


def test_security_scans_get_ids_in_order_and_dense_seq(engine: Engine) -> None:
    node_id, scan_id = _seed(engine)
    rows = [
        NewSecurityScan(
            scan_id=scan_id, exploit_id=72, node_id=node_id, port=port, protocol=6, start=1.5, end=2.25
        )
        for port in (80, 443, 8080)
    ]
    with engine.begin() as connection:
        ids = security_scans.add_security_scans(connection, rows)
    with engine.connect() as connection:
        stored = connection.execute(
            select(security_scans_table.c.id, security_scans_table.c.seq, security_scans_table.c.port)
        ).all()
    assert sorted((row.id, row.seq, row.port) for row in stored) == [
        (ids[0], 1, 80),
        (ids[1], 2, 443),
        (ids[2], 3, 8080),
    ]


def test_rolled_back_batch_leaves_no_gap(engine: Engine) -> None:
    node_id, scan_id = _seed(engine)
    row = NewSecurityScan(scan_id=scan_id, exploit_id=72, node_id=node_id, port=80, protocol=6)
    with pytest.raises(RuntimeError), engine.begin() as connection:
        security_scans.add_security_scans(connection, [row])
        raise RuntimeError("crash in the middle of a batch")
    with engine.begin() as connection:
        security_scans.add_security_scans(connection, [row])
        assert current(connection, "security_scans") == 1


def test_outcome_keeps_full_float_precision(engine: Engine) -> None:
    node_id, scan_id = _seed(engine)
    with engine.begin() as connection:
        [row_id] = security_scans.add_security_scans(
            connection,
            [NewSecurityScan(scan_id=scan_id, exploit_id=72, node_id=node_id, port=5985, protocol=6)],
        )
        security_scans.set_outcome(
            connection, [row_id], CheckStatus.DONE, start=1508504395.823977, end=1508505422.0
        )
    with engine.connect() as connection:
        stored = connection.execute(select(security_scans_table)).one()
    assert (stored.start, stored.end, stored.status) == (1508504395.823977, 1508505422.0, "DONE")


def test_nodes_get_one_stable_id_per_address(engine: Engine) -> None:
    with engine.begin() as connection:
        first = nodes.ensure_nodes(connection, ["10.0.0.1", "::1"], 1.0)
        second = nodes.ensure_nodes(connection, ["::1", "10.0.0.2", "10.0.0.1"], 2.0)
    assert second["10.0.0.1"] == first["10.0.0.1"] and second["::1"] == first["::1"]
    assert len(set(second.values())) == 3

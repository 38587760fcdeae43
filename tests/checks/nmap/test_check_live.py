"""The live nmap check against a real service on loopback: an NSE script that fails is FAILED with
reason SCRIPT_ERROR, never a DONE "not vulnerable" and never a finding."""

import asyncio
import socket
import threading
from collections.abc import Iterator
from ipaddress import ip_address

import pytest

from aucote.catalog.loader import load_catalog
from aucote.checks.contract import CheckContext, Selected
from aucote.checks.nmap.check import NmapScriptsCheck
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason, CheckStatus
from aucote.model.target import Node, Port
from tests.fixtures.nmap.record import _talk, _tds_prelogin_reply

ADDRESS = "127.31.7.1"
"""A loopback address of this test's own: MS-SQL's port 1433 is free there."""


@pytest.fixture
def fake_sql_server() -> Iterator[int]:
    """A TDS pre-login responder on ADDRESS:1433 (nmap 7.93's mssql library then throws)."""
    server = socket.create_server((ADDRESS, 1433))
    threading.Thread(target=_serve, args=(server,), daemon=True).start()
    yield 1433
    server.close()


def _serve(server: socket.socket) -> None:
    while True:
        try:
            conn, _ = server.accept()
        except OSError:
            return
        threading.Thread(target=_talk, args=(conn, _tds_prelogin_reply()), daemon=True).start()


@pytest.mark.nmap
def test_scripts_that_fail_are_failed_with_the_script_error(fake_sql_server: int) -> None:
    catalog = load_catalog()
    entries = [catalog.find("nmap", name) for name in ("ms-sql-dump-hashes", "ms-sql-info")]
    selected = [Selected(entry.exploit) for entry in entries if entry is not None]
    port = Port(Node(1, ip_address(ADDRESS)), fake_sql_server, Protocol.TCP)
    outcomes = asyncio.run(NmapScriptsCheck(catalog).run(port, selected, CheckContext(timeout=60)))
    assert [(o.status, o.reason, o.detail, o.findings) for o in outcomes] == [
        (
            CheckStatus.FAILED,
            CheckReason.SCRIPT_ERROR,
            "ERROR: Script execution failed (use -d to debug)",
            (),
        )
    ] * 2

"""`aucote scan --udp`: a real UDP service on loopback is found by nmap -sU and recorded as a UDP
port of its own scan, beside the TCP one; a closed UDP port is not recorded."""

import json
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aucote.cli.main import build_app
from aucote.storage.database import open_engine
from aucote.storage.tables import port_scans, scans
from tests.engine.scanning import loopback_ip, rows
from tests.support.ports import free_port
from tests.support.udp_echo import udp_echo

pytestmark = pytest.mark.nmap


def test_udp_port_is_found_and_recorded(tmp_path: Path) -> None:
    ip, url = loopback_ip(), f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with udp_echo(ip) as open_port:
        closed = free_port(ip, socket.SOCK_DGRAM)
        ports = f"{open_port},{closed}"
        result = CliRunner().invoke(
            build_app(), ["scan", ip, "--ports", ports, "--udp", "--db", url, "--json"]
        )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["status"] == "DONE"
    engine = open_engine(url)
    by_scanner = {row.scanner: (row.id, row.protocol) for row in rows(engine, scans)}
    assert by_scanner["udp"][1] == 17 and by_scanner["tcp"][1] == 6
    udp_ports = {
        (row.port, row.protocol)
        for row in rows(engine, port_scans, port_scans.c.scan_id == by_scanner["udp"][0])
    }
    assert udp_ports == {(open_port, 17)}

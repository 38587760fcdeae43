"""`aucote scan` as a user runs it (the installed command, in a subprocess) against a real FTP server."""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.engine.scanning import FTP_ANON, NEVER_SCANNED, loopback_ip
from tests.support.ftp_server import make_server as ftp_server
from tests.support.threaded_server import serving_in_thread

AUCOTE = Path(sys.executable).with_name("aucote")
CONFIG = """\
portdetection:
  tcp:
    ports: {{include: ['{port}'], exclude: ['{never}']}}
  tools_basic:
    scripts: [{script}]
"""


def aucote_scan(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `aucote scan ARGS` with a wide terminal; its exit status and output."""
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("AUCOTE_DATABASE_URL", None)
    command = [str(AUCOTE), "scan", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, check=False)


@pytest.fixture
def anonymous_ftp() -> Iterator[tuple[str, int]]:
    """An FTP server letting anonymous in, on a loopback address of its own."""
    ip = loopback_ip()
    with serving_in_thread(ftp_server(ip)) as server:
        yield ip, server.server_address[1]


def _config(tmp_path: Path, port: int) -> str:
    path = tmp_path / "aucote.yaml"
    path.write_text(CONFIG.format(port=port, never=NEVER_SCANNED, script=FTP_ANON))
    return str(path)


def _db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'aucote.sqlite3'}"


@pytest.mark.nmap
def test_scan_prints_a_table_of_findings(anonymous_ftp: tuple[str, int], tmp_path: Path) -> None:
    ip, port = anonymous_ftp
    done = aucote_scan(ip, "--config", _config(tmp_path, port), "--db", _db(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "Scan DONE: 1 hosts, 1 open ports, checks: 1 done" in done.stdout
    assert "1 findings" in done.stdout
    row = next(line for line in done.stdout.splitlines() if "ftp-anon" in line)
    assert f"{ip}:{port}/TCP" in row
    assert "Anonymous FTP login allowed" in row


@pytest.mark.nmap
def test_scan_json_is_the_whole_result(anonymous_ftp: tuple[str, int], tmp_path: Path) -> None:
    ip, port = anonymous_ftp
    done = aucote_scan(ip, "--json", "--config", _config(tmp_path, port), "--db", _db(tmp_path))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["status"], result["hosts"], result["open_ports"]) == ("DONE", 1, 1)
    assert (result["checks"], result["problems"]) == ({"DONE": 1}, [])
    (finding,) = result["findings"]
    assert (finding["ip"], finding["port"], finding["service"]) == (ip, port, "ftp")
    assert finding["exploit"] == {"id": FTP_ANON, "app": "nmap", "name": "ftp-anon"}
    assert finding["output"].startswith("Anonymous FTP login allowed (FTP code 230)")


def test_a_bad_target_is_refused_with_its_reason(tmp_path: Path) -> None:
    done = aucote_scan("300.1.2.3", "--db", _db(tmp_path))
    assert done.returncode == 2
    assert "error: '300.1.2.3' is not an IP address, network (CIDR) or range" in done.stderr
    assert not (tmp_path / "aucote.sqlite3").exists()


def test_a_missing_nmap_is_named(tmp_path: Path) -> None:
    config = tmp_path / "aucote.yaml"
    config.write_text("tools:\n  nmap:\n    cmd: /nonexistent/nmap\n")
    done = aucote_scan(loopback_ip(), "--config", str(config), "--db", _db(tmp_path))
    assert done.returncode == 1
    assert "error: nmap is not installed ('/nonexistent/nmap' not found)" in done.stderr

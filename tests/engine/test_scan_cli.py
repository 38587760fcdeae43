"""`aucote scan` as a user runs it (the installed command, in a subprocess) against a real FTP server."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.engine.scanning import BYTERANGE, FTP_ANON, NEVER_SCANNED, loopback_ip
from tests.support.aucote_command import aucote_scan
from tests.support.ftp_server import make_server as ftp_server
from tests.support.range_server import range_server
from tests.support.threaded_server import serving_in_thread

HTTP_TITLE = 1044

CONFIG = """\
portdetection:
  tcp:
    ports: {{include: ['{port}'], exclude: ['{never}']}}
  tools_basic:
    scripts: [{script}]
"""


@pytest.fixture
def anonymous_ftp() -> Iterator[tuple[str, int]]:
    """An FTP server letting anonymous in, on a loopback address of its own."""
    ip = loopback_ip()
    with serving_in_thread(ftp_server(ip)) as server:
        yield ip, server.server_address[1]


@pytest.fixture
def range_web() -> Iterator[tuple[str, int]]:
    """A web server vulnerable to the byterange DoS, titled "Range test", on its own address."""
    ip = loopback_ip()
    with range_server(ip) as server:
        yield ip, server.server_address[1]


def _config(tmp_path: Path, port: int, scripts: str = str(FTP_ANON)) -> str:
    path = tmp_path / "aucote.yaml"
    path.write_text(CONFIG.format(port=port, never=NEVER_SCANNED, script=scripts))
    return str(path)


def _db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'aucote.sqlite3'}"


@pytest.mark.nmap
def test_scan_prints_a_table_of_findings(anonymous_ftp: tuple[str, int], tmp_path: Path) -> None:
    ip, port = anonymous_ftp
    done = aucote_scan(ip, "--config", _config(tmp_path, port), "--db", _db(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "Scan DONE: 1 hosts, 1 open ports, checks: 1 done" in done.stdout
    lines = done.stdout.splitlines()
    host = lines.index(ip)
    assert lines[host + 1].startswith(f"  {port}/TCP  ftp")
    assert lines[host + 2].rstrip() == "    High         ftp-anon  Anonymous FTP login allowed (FTP code 230)"
    assert lines[-1] == "1 finding (1 High); 0 informational outputs kept"


@pytest.mark.nmap
def test_scan_in_80_columns_lists_findings_and_counts_information(
    range_web: tuple[str, int], tmp_path: Path
) -> None:
    ip, port = range_web
    config = _config(tmp_path, port, f"{BYTERANGE}, {HTTP_TITLE}")
    done = aucote_scan(ip, "--config", config, "--db", _db(tmp_path), columns=80)
    assert done.returncode == 0, done.stderr
    lines = [line.rstrip() for line in done.stdout.splitlines()]
    assert lines[lines.index(ip) :] == [
        ip,
        f"  {port}/TCP  http Apache httpd 2.2.19",
        "    Medium       http-vuln-cve2011-3192  CVE-2011-3192  VULNERABLE:",
        "",
        "1 finding (1 Medium); 1 informational output kept",
    ]
    shown = aucote_scan(ip, "--show-info", "--config", config, "--db", _db(tmp_path), columns=80)
    info = "    info         http-title                             Range test"
    assert info in shown.stdout.splitlines()


@pytest.mark.nmap
def test_scan_json_is_the_whole_result(anonymous_ftp: tuple[str, int], tmp_path: Path) -> None:
    ip, port = anonymous_ftp
    done = aucote_scan(ip, "--json", "--config", _config(tmp_path, port), "--db", _db(tmp_path))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["status"], result["hosts"], result["open_ports"]) == ("DONE", 1, 1)
    assert (result["checks"], result["problems"]) == ({"DONE": 1}, [])
    assert result["summary"] == {"findings": 1, "by_risk": {"High": 1}, "informational": 0}
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

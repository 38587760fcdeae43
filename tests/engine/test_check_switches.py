"""The switches `service.scans.default_credentials` and `service.scans.intrusive`, end to end: the
installed `aucote scan` with real nmap against a throwaway MariaDB on loopback whose root logs in
over TCP without a password. `mysql-empty-password` (default credentials) runs by default and finds
it; switched off (flag or configuration) it is SKIPPED `default_credentials_disabled`; the intrusive
`mysql-vuln-cve2012-2122` matching the same port is SKIPPED `intrusive_disabled` while intrusive
checks are off (it is never run here: it makes hundreds of logins)."""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from aucote.model.status import CheckReason, CheckStatus
from aucote.storage.tables import security_scans
from tests.engine.scanning import NEVER_SCANNED, loopback_ip, rows
from tests.engine.test_scan_cli import aucote_scan

MYSQL_DATABASES, MYSQL_EMPTY_PASSWORD, MYSQL_CVE_2012_2122 = 87, 88, 90
CONFIG = """\
service:
  scans: {{default_credentials: {default_credentials}}}
portdetection:
  tcp:
    ports: {{include: ['{port}'], exclude: ['{never}']}}
  tools_advanced:
    scripts: [{scripts}]
"""
VULNERABLE = "CREATE USER 'root'@'%' IDENTIFIED BY '';\n"


def _free_port(ip: str) -> int:
    with socket.socket() as sock:
        sock.bind((ip, 0))
        return int(sock.getsockname()[1])


def _as_mysql(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "mysql", "--", *argv] if os.geteuid() == 0 else argv


def _wait_listening(ip: str, port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"mariadbd exited: {log.read_text(errors='replace')[-2000:]}")
        with socket.socket() as sock:
            if sock.connect_ex((ip, port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"mariadbd did not listen on {ip}:{port} within 30 s")


@contextmanager
def throwaway_mariadb() -> Iterator[tuple[str, int]]:
    """A private MariaDB (own data dir, socket, loopback address and port) whose root logs in over
    TCP from anywhere without a password; stopped and removed at the end, also on failure."""
    root = Path(tempfile.mkdtemp(prefix="aucote-dcreds-mariadb-"))
    if os.geteuid() == 0:
        shutil.chown(root, "mysql", "mysql")
    (root / "init.sql").write_text(VULNERABLE)
    install = ["mariadb-install-db", "--no-defaults", f"--datadir={root / 'data'}", "--skip-test-db"]
    subprocess.run(
        _as_mysql([*install, "--auth-root-authentication-method=normal"]), check=True, capture_output=True
    )
    ip = loopback_ip()
    port = _free_port(ip)
    server_argv = [
        "mariadbd", "--no-defaults", f"--datadir={root / 'data'}", f"--socket={root / 'sock'}",
        f"--pid-file={root / 'pid'}", f"--port={port}", f"--bind-address={ip}", "--skip-name-resolve",
        f"--init-file={root / 'init.sql'}", "--skip-log-bin", f"--log-error={root / 'log'}",
    ]  # fmt: skip
    server = subprocess.Popen(_as_mysql(server_argv), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_listening(ip, port, server, root / "log")
        yield ip, port
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def mariadb() -> Iterator[tuple[str, int]]:
    with throwaway_mariadb() as address:
        yield address


Outcome = tuple[str, str | None, str | None]
"""A security scan's status, reason and detail."""


@dataclass(frozen=True)
class Scanned:
    """What `aucote scan --json` printed, and the security scans it stored by exploit id."""

    result: dict[str, Any]
    outcomes: dict[int, Outcome]


def _scan(
    tmp_path: Path,
    address: tuple[str, int],
    *flags: str,
    configured: bool = True,
    scripts: tuple[int, ...] = (MYSQL_EMPTY_PASSWORD, MYSQL_CVE_2012_2122),
) -> Scanned:
    """`aucote scan --profile advanced --json FLAGS` of the MariaDB port, with
    `service.scans.default_credentials: CONFIGURED` (intrusive checks off, the default), running
    the exploits `scripts`."""
    ip, port = address
    tmp_path.mkdir(exist_ok=True)
    config = tmp_path / "aucote.yaml"
    values = {"scripts": ", ".join(map(str, scripts)), "never": NEVER_SCANNED}
    config.write_text(CONFIG.format(default_credentials=str(configured).lower(), port=port, **values))
    url = f"sqlite:///{tmp_path / 'aucote.sqlite3'}"
    done = aucote_scan(ip, "--config", str(config), "--db", url, "--profile", "advanced", "--json", *flags)
    assert done.returncode == 0, done.stderr
    stored = rows(create_engine(url), security_scans)
    return Scanned(
        json.loads(done.stdout), {row.exploit_id: (row.status, row.reason, row.detail) for row in stored}
    )


INTRUSIVE_OFF: Outcome = (
    CheckStatus.SKIPPED.value,
    CheckReason.INTRUSIVE_DISABLED.value,
    "intrusive checks are off (service.scans.intrusive)",
)
DEFAULT_CREDENTIALS_OFF: Outcome = (
    CheckStatus.SKIPPED.value,
    CheckReason.DEFAULT_CREDENTIALS_DISABLED.value,
    "default-credential checks are off (service.scans.default_credentials)",
)


@pytest.mark.nmap
def test_default_credentials_run_by_default_and_find_root_without_a_password(
    mariadb: tuple[str, int], tmp_path: Path
) -> None:
    scanned = _scan(tmp_path, mariadb)
    assert scanned.outcomes == {
        MYSQL_EMPTY_PASSWORD: (CheckStatus.DONE.value, None, None),
        MYSQL_CVE_2012_2122: INTRUSIVE_OFF,
    }
    assert scanned.result["checks"] == {"DONE": 1, "SKIPPED": 1}
    [finding] = scanned.result["findings"]
    assert (finding["exploit"]["name"], finding["service"], finding["risk_level"]) == (
        "mysql-empty-password",
        "mysql",
        "High",
    )
    assert "root account has empty password" in finding["output"]


@pytest.mark.nmap
def test_no_default_credentials_flag_turns_the_class_off_and_says_why(
    mariadb: tuple[str, int], tmp_path: Path
) -> None:
    scanned = _scan(tmp_path, mariadb, "--no-default-credentials")
    assert scanned.outcomes == {
        MYSQL_EMPTY_PASSWORD: DEFAULT_CREDENTIALS_OFF,
        MYSQL_CVE_2012_2122: INTRUSIVE_OFF,
    }
    assert scanned.result["checks"] == {"SKIPPED": 2}
    assert scanned.result["summary"]["findings"] == 0 and scanned.result["findings"] == []


@pytest.mark.nmap
def test_the_setting_turns_the_class_off_and_the_flag_back_on(
    mariadb: tuple[str, int], tmp_path: Path
) -> None:
    off = _scan(tmp_path / "off", mariadb, configured=False)
    assert off.outcomes[MYSQL_EMPTY_PASSWORD] == DEFAULT_CREDENTIALS_OFF
    on = _scan(tmp_path / "on", mariadb, "--default-credentials", configured=False)
    assert on.outcomes[MYSQL_EMPTY_PASSWORD] == (CheckStatus.DONE.value, None, None)
    assert on.result["summary"]["by_risk"] == {"High": 1}


@pytest.mark.nmap
def test_intrusive_flag_runs_the_intrusive_class(mariadb: tuple[str, int], tmp_path: Path) -> None:
    """`mysql-databases` (intrusive, one login with the credentials it is given: none here) is
    held back by default and runs with --intrusive."""
    scripts = (MYSQL_DATABASES, MYSQL_EMPTY_PASSWORD)
    held = _scan(tmp_path / "held", mariadb, scripts=scripts)
    assert held.outcomes[MYSQL_DATABASES] == INTRUSIVE_OFF
    ran = _scan(tmp_path / "ran", mariadb, "--intrusive", scripts=scripts)
    assert ran.outcomes[MYSQL_DATABASES] == (CheckStatus.DONE.value, None, None)
    assert ran.result["checks"] == {"DONE": 2}

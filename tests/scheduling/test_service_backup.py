"""A backup of a real `aucote service`'s SQLite database taken with `aucote db backup` from another
process while a scan runs (a check hangs on a stalling HTTP server): the service goes on, and the
backup, restored with `aucote db restore`, is a database the API serves — the run in progress as
it was when the copy was taken."""

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aucote.api.app import create_app
from aucote.storage.database import open_engine
from tests.scheduling.service_process import Service, api_port, running_service, service_config
from tests.support.stall_server import stall_server

pytestmark = [pytest.mark.nmap]
HANGING_CHECK = "http-vuln-cve2011-3192"


def _script_running(service: Service) -> bool:
    return any(HANGING_CHECK in job for job in service.get("/tasks")["workers"]["jobs"])


def _aucote(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "aucote", *args], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _served_scans(url: str) -> list[dict[str, Any]]:
    engine = open_engine(url)
    try:
        with TestClient(create_app(engine), base_url="http://localhost") as client:
            listed = client.get("/api/v1/scans").json()["scans"]
            return [client.get(f"/api/v1/scan/{scan['id']}").json() for scan in listed]
    finally:
        engine.dispose()


def test_a_backup_during_a_scan_restores_to_a_database_the_api_serves(tmp_path: Path) -> None:
    port, live = api_port(), f"sqlite:///{tmp_path / 'live.sqlite3'}"
    backup, restored = tmp_path / "backup.sqlite3", f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    with stall_server() as target:
        config = service_config(tmp_path / "aucote.yaml", port, target.server_address[1], "120s")
        with running_service(config, live, port, tmp_path / "log") as service:
            assert service.post("/scanner/tcp/start").status_code == 202
            service.wait("the tools scan to run its stalled check", lambda: _script_running(service))
            at_backup = {scan["scanner"]: scan for scan in service.scans()}
            _aucote("db", "backup", str(backup), "--db", live)
            assert service.get("/scanner/tools_basic")["status"] != "IDLE"  # the scan went on
            assert service.post("/scanner/tools_basic/stop").status_code == 202
            service.wait("the tools scan to end", lambda: service.scans()[0]["end"] is not None)
    _aucote("db", "restore", str(backup), "--db", restored, "--yes")
    scans = {scan["scanner"]: scan for scan in _served_scans(restored)}
    assert set(scans) == {"tcp", "tools_basic"}
    assert scans["tcp"]["status"] == at_backup["tcp"]["status"] == "DONE"
    assert scans["tools_basic"]["status"] == "IN PROGRESS"
    assert scans["tools_basic"]["end"] is None
    assert scans["tools_basic"]["id"] == at_backup["tools_basic"]["id"]

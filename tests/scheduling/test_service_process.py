"""`aucote service` as a real process against a real local service: control with and without a
token, stopping mid-scan (no tool left behind), graceful kill, and kill -9 with resume."""

import os
import signal
from pathlib import Path
from typing import Any

import pytest

from aucote.allocator_relaunch import MMAP_THRESHOLD, THRESHOLD
from tests.scheduling.service_process import (
    Service,
    api_port,
    kill_nmap,
    nmap_processes,
    process_environ,
    running_service,
    service_config,
)
from tests.support.stall_server import stall_server

pytestmark = [pytest.mark.nmap]
HANGING_CHECK = "http-vuln-cve2011-3192"


def _script_running(service: Service) -> bool:
    return any(HANGING_CHECK in job for job in service.get("/tasks")["workers"]["jobs"])


def _by_scanner(scans: list[dict[str, Any]], scanner: str) -> list[dict[str, Any]]:
    return [scan for scan in scans if scan["scanner"] == scanner]


def _start_scanning(service: Service) -> None:
    assert service.post("/scanner/tcp/start").status_code == 202
    service.wait("the tools scan to run its stalled check", lambda: _script_running(service))


def test_control_needs_the_token_and_stop_kills_the_tool(tmp_path: Path) -> None:
    port = api_port()
    with stall_server() as target:
        stall_port = target.server_address[1]
        config = service_config(tmp_path / "aucote.yaml", port, stall_port, "120s")
        with running_service(
            config, f"sqlite:///{tmp_path / 'db.sqlite3'}", port, tmp_path / "log"
        ) as service:
            assert service.post("/scanner/tcp/start", token=None).status_code == 401
            assert service.post("/scanner/tcp/start", token="wrong").status_code == 401
            assert service.post("/kill", token=None).status_code == 401
            _start_scanning(service)
            assert nmap_processes(f"-p {stall_port}") or nmap_processes(str(stall_port))
            assert _cpus_of(nmap_processes(str(stall_port))) == {_tool_cpus_by_default()}
            # the service relaunched itself with glibc's mmap threshold set; its tools run without it
            assert process_environ(service.proc.pid)[THRESHOLD] == MMAP_THRESHOLD
            assert not any(THRESHOLD in process_environ(pid) for pid in nmap_processes(str(stall_port)))
            assert service.post("/scanner/tools_basic/stop").status_code == 202
            service.wait(
                "the tools scan to end", lambda: _by_scanner(service.scans(), "tools_basic")[0]["end"]
            )
            tools = _by_scanner(service.scans(), "tools_basic")[0]
            assert tools["status"] == "CANCELLED"
            service.wait("its nmap to be gone", lambda: not nmap_processes(str(stall_port)), timeout=10)
            assert service.post("/kill").status_code == 202
            assert service.proc.wait(timeout=30) == 0
    statuses = {scan["status"] for scan in _stored_scans(tmp_path)}
    assert "IN PROGRESS" not in statuses


def _cpus_of(pids: list[int]) -> set[frozenset[int]]:
    return {frozenset(os.sched_getaffinity(pid)) for pid in pids}


def _tool_cpus_by_default() -> frozenset[int]:
    """All but the lowest-numbered CPU (service.scans.reserved_cpus: 1), or all on one CPU."""
    mine = sorted(os.sched_getaffinity(0))
    return frozenset(mine[1:] or mine)


def _stored_scans(tmp_path: Path) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from aucote.storage.database import open_engine
    from aucote.storage.tables import scans

    engine = open_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(select(scans))]


def test_kill_9_then_restart_resumes_without_duplicates(tmp_path: Path, database_url: str) -> None:
    port = api_port()
    with stall_server() as target:
        stall_port = target.server_address[1]
        config = service_config(tmp_path / "aucote.yaml", port, stall_port, "6s")
        try:
            with running_service(config, database_url, port, tmp_path / "log1") as service:
                _start_scanning(service)
                service.proc.kill()
                service.proc.wait()
        finally:
            kill_nmap(str(stall_port))
        with running_service(config, database_url, port, tmp_path / "log2") as service:
            service.wait("a resumed scan to end", lambda: _resumed_done(service), timeout=60)
            scans = service.scans()
            tools = {scan["id"]: scan for scan in _by_scanner(scans, "tools_basic")}
            checks = service.get(f"/sec_scans?limit=100&port={stall_port}")["security_scans"]
    interrupted = [scan for scan in tools.values() if scan["status"] == "INTERRUPTED"]
    done = [scan for scan in tools.values() if scan["status"] == "DONE"]
    assert len(interrupted) == 1 and len(done) == 1
    assert all(scan["status"] != "IN PROGRESS" for scan in scans)
    keys = [(check["scan"]["id"], check["exploit"]["id"]) for check in checks]
    assert sorted(keys) == sorted({(scan_id, 72) for scan_id in tools})


def _resumed_done(service: Service) -> bool:
    tools = _by_scanner(service.scans(), "tools_basic")
    return any(scan["status"] == "DONE" for scan in tools)


def test_sighup_reloads_the_configuration(tmp_path: Path) -> None:
    port = api_port()
    config = service_config(tmp_path / "aucote.yaml", port, 9, "60s")
    with running_service(config, f"sqlite:///{tmp_path / 'db.sqlite3'}", port, tmp_path / "log") as service:
        assert service.get("/scanner/tools_advanced")["enabled"] is False
        config.write_text(
            config.read_text().replace(
                "tools_advanced:\n    scan_enabled: false", "tools_advanced:\n    scan_enabled: true"
            )
        )
        assert "scan_enabled: true" in config.read_text()
        service.proc.send_signal(signal.SIGHUP)
        service.wait(
            "the new settings", lambda: service.get("/scanner/tools_advanced")["enabled"] is True, timeout=10
        )
        config.write_text("portdetection: {tcp: {periodic_scan: {cron: 'not a cron'}}}\n")
        service.proc.send_signal(signal.SIGHUP)
        service.wait(
            "the refusal to be logged", lambda: "configuration not reloaded" in service.output(), timeout=10
        )
        assert service.get("/scanner/tools_advanced")["enabled"] is True

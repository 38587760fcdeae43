"""`aucote service` on PostgreSQL with the job queue (`workers.queue: auto`): one command still
scans, its own worker for the `default` zone running the jobs; stopping a scanner while its check
runs cancels the job and kills its tool; GET /workers shows the service's worker, and /metrics the
default zone's running job (`aucote_zone_jobs_running`) until it ends."""

from pathlib import Path

import pytest
import yaml

from tests.scheduling.service_process import (
    Service,
    api_port,
    kill_nmap,
    nmap_processes,
    running_service,
    service_config,
)
from tests.scheduling.test_service_metrics import scrape
from tests.support.stall_server import stall_server

pytestmark = [pytest.mark.postgres, pytest.mark.nmap]


def _queued(path: Path) -> Path:
    config = yaml.safe_load(path.read_text())
    config["workers"] = {"queue": "auto", "heartbeat": "1s", "stalled_after": "3s", "drain_grace": "2s"}
    path.write_text(yaml.safe_dump(config))
    return path


def test_stopping_a_scanner_cancels_its_jobs_and_kills_their_tools(tmp_path: Path, queue_url: str) -> None:
    port = api_port()
    with stall_server() as target:
        stall_port = target.server_address[1]
        config = _queued(service_config(tmp_path / "aucote.yaml", port, stall_port, "120s"))
        try:
            with running_service(config, queue_url, port, tmp_path / "log") as service:
                assert service.post("/scanner/tcp/start").status_code == 202
                service.wait("a checks job running", lambda: _running_checks(service.get("/workers")))
                workers = service.get("/workers")["workers"]
                assert [(w["zone"], w["state"]) for w in workers] == [("default", "alive")]
                # the job is running once its lease is taken: its nmap starts right after
                service.wait("its nmap", lambda: bool(nmap_processes(str(stall_port))), timeout=10)
                service.wait("the zone's running job in /metrics", lambda: _zone_running(service) >= 1)
                assert service.post("/scanner/tools_basic/stop").status_code == 202
                service.wait("the tools scan to end", lambda: _tools(service)["end"] is not None)
                assert _tools(service)["status"] == "CANCELLED"
                service.wait("its nmap to be gone", lambda: not nmap_processes(str(stall_port)), timeout=10)
                assert service.get("/workers")["zones"] == []
                service.wait("no running job in /metrics", lambda: _zone_running(service) == 0, timeout=10)
        finally:
            kill_nmap(str(stall_port))


def _running_checks(body: dict[str, object]) -> bool:
    zones = body["zones"]
    assert isinstance(zones, list)
    return any(job["kind"] == "checks" for zone in zones for job in zone["running"])


def _tools(service: object) -> dict[str, object]:
    scans = service.scans()  # type: ignore[attr-defined]
    return next(scan for scan in scans if scan["scanner"] == "tools_basic")


def _zone_running(service: Service) -> float:
    return scrape(service)[("aucote_zone_jobs_running", (("zone", "default"),))]

"""`aucote service` as a real process: a LIVE tick with no host due (and the tools run it chains,
with no new port) records no scan at all; a tick with a due host records its scans."""

import hashlib
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.scheduling.service_process import NEVER, TOKEN, Service, api_port, running_service
from tests.support.banner_server import banner_server

pytestmark = [pytest.mark.nmap]
SSH = "SSH-2.0-OpenSSH_8.9p1"


def _config(path: Path, api: int, hosts: list[str], port: int) -> Path:
    """tcp LIVE over `hosts` (one port, a host is due again after 2 h), then tools_basic."""
    config = {
        "service": {
            "api": {"v1": {"host": "127.0.0.1", "port": api}, "password": _hashed(TOKEN)},
            "scans": {"parallel_tasks": 4},
        },
        "portdetection": {
            "tcp": {
                "scan_type": "LIVE",
                "live_scan": {"min_time_gap": "2h"},
                "networks": {"include": [f"{host}/32" for host in hosts]},
                "ports": {"include": [str(port)], "exclude": []},
                "host_discovery": False,
                "version_intensity": 2,
                "run_after": ["tools_basic"],
            },
            "udp": {"scan_enabled": False},
            "tools_basic": {"scan_type": "PERIODIC", "periodic_scan": {"cron": NEVER}, "scripts": [72]},
            "tools_advanced": {"scan_enabled": False},
        },
    }
    path.write_text(yaml.safe_dump(config))
    return path


def _hashed(token: str) -> str:
    return hashlib.sha512(token.encode()).hexdigest()


def _ended(service: Service, scanner: str) -> int:
    return service.output().count(f"{scanner} run ended")


def _tick(service: Service, ticks: int) -> None:
    """Start tcp by hand (what a LIVE tick does) and wait until it and its tools run have ended."""
    assert service.post("/scanner/tcp/start").status_code == 202
    service.wait(f"tick {ticks}", lambda: _ended(service, "tcp") == _ended(service, "tools_basic") == ticks)


def _scans(service: Service) -> list[tuple[int, str, str, int]]:
    """(id, scanner, status, nodes) of every stored scan."""
    return sorted((s["id"], s["scanner"], s["status"], s["nodes"]) for s in service.scans())


def _nodes(service: Service, scan: dict[str, Any]) -> tuple[str, ...]:
    return tuple(sorted(node["ip"] for node in service.get(f"/nodes?scan_id={scan['id']}")["nodes"]))


def test_idle_ticks_record_nothing_and_a_due_host_is_scanned(tmp_path: Path) -> None:
    first, second = (f"127.78.{random.randint(1, 254)}.{n}" for n in (1, 2))
    port = api_port()
    with banner_server(SSH, host=first) as one, banner_server(SSH, host=second, port=one.server_address[1]):
        config = _config(tmp_path / "aucote.yaml", port, [first], one.server_address[1])
        database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
        with running_service(config, database, port, tmp_path / "log") as service:
            service.wait("the first tick", lambda: _ended(service, "tools_basic") == 1)
            recorded = _scans(service)
            assert [(scanner, status, nodes) for _id, scanner, status, nodes in recorded] == [
                ("tcp", "DONE", 1),
                ("tools_basic", "DONE", 1),
            ]
            _tick(service, 2)
            _tick(service, 3)
            assert _scans(service) == recorded
            _config(tmp_path / "aucote.yaml", port, [first, second], one.server_address[1])
            service.proc.send_signal(1)  # SIGHUP: the new host is due, the first is not
            service.wait("the reload", lambda: "configuration reloaded" in service.output(), timeout=10)
            _tick(service, 4)
            new = [scan for scan in service.scans() if scan["id"] > max(item[0] for item in recorded)]
            found = sorted((scan["scanner"], scan["status"], _nodes(service, scan)) for scan in new)
    assert found == [
        ("tcp", "DONE", (second,)),
        ("tools_basic", "DONE", (second,)),
    ]

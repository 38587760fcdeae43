"""End to end: a real `aucote service` scans a loopback HTTP server (real nmap), the server goes
away, the next scan finds its port closed, and that change reaches a local webhook receiver as a
message whose HMAC-SHA256 signature verifies (computed here as docs/operations.md tells a receiver
to, not with Aucote's own code) and whose event is the closed port itself."""

import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.scheduling.service_process import Service, api_port, running_service, service_config
from tests.scheduling.test_service_metrics import PlainPage
from tests.support.stall_server import make_server
from tests.support.threaded_server import serving_in_thread
from tests.support.webhook_receiver import Received, webhook_receiver

pytestmark = [pytest.mark.nmap]
SECRET = "e2e-webhook-secret"


def _config(path: Path, port: int, target: int, hook: int) -> Path:
    service_config(path, port, target, "60s")
    data = yaml.safe_load(path.read_text())
    data["notifications"] = {
        "channels": {"hook": {"type": "webhook", "url": f"http://127.0.0.1:{hook}/hook", "secret": SECRET}},
        "rules": [{"name": "ports", "events": ["port_opened", "port_closed"], "channels": ["hook"]}],
    }
    path.write_text(yaml.safe_dump(data))
    return path


def _tcp_scans_ended(service: Service, count: int) -> bool:
    scans = [scan for scan in service.scans() if scan["scanner"] == "tcp"]
    idle = all(service.get(f"/scanner/{name}")["status"] == "IDLE" for name in ("tcp", "tools_basic"))
    return idle and len([scan for scan in scans if scan["end"] is not None]) == count


def _verified(headers: dict[str, str], body: bytes) -> dict[str, Any]:
    fields = dict(part.split("=", 1) for part in headers["X-Aucote-Signature"].split(","))
    expected = hmac.new(SECRET.encode(), f"{fields['t']}.".encode() + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(expected, fields["v1"])
    assert abs(time.time() - int(fields["t"])) < 300
    message: dict[str, Any] = json.loads(body)
    assert headers["Idempotency-Key"] == message["key"]
    return message


def test_a_port_closed_between_two_scans_reaches_the_webhook_signed(tmp_path: Path) -> None:
    received = Received()
    port, database = api_port(), f"sqlite:///{tmp_path / 'aucote.sqlite3'}"
    server = make_server()
    server.RequestHandlerClass = PlainPage
    target = server.server_address[1]
    with webhook_receiver(received) as hook:
        config = _config(tmp_path / "aucote.yaml", port, target, hook)
        with running_service(config, database, port, tmp_path / "service.log") as service:
            with serving_in_thread(server):
                assert service.post("/scanner/tcp/start").status_code == 202
                service.wait("the first scans", lambda: _tcp_scans_ended(service, 1), timeout=120)
            assert service.post("/scanner/tcp/start").status_code == 202
            service.wait("the second tcp scan", lambda: _tcp_scans_ended(service, 2), timeout=120)
            service.wait("the webhook", lambda: bool(received.posts), timeout=15)
            tcp = sorted(scan["id"] for scan in service.scans() if scan["scanner"] == "tcp")
    ((headers, body, _),) = received.posts
    message = _verified(headers, body)
    assert message["channel"] == "hook"
    (event,) = message["events"]
    assert {k: event[k] for k in ("event", "scanner", "scan_id", "previous_scan_id")} == {
        "event": "port_closed",
        "scanner": "tcp",
        "scan_id": tcp[1],
        "previous_scan_id": tcp[0],
    }
    item = event["item"]
    assert (item["host"], item["port"], item["protocol"], item["after"]) == ("127.0.0.1", target, "tcp", None)
    assert item["before"]  # the service the first scan saw

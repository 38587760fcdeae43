"""`/metrics` and `/readyz` of a real `aucote service` after a real scan of a loopback HTTP server
(nmap, the tools scanner's nmap script and HTTP header checks): the scrape, parsed with
prometheus-client's own parser, agrees with the database — scans by scanner and status with their
durations, checks by app and status, open findings by risk — and the queue is empty. The service
runs with `--log-format json`: every line of both processes is a JSON object, the run's lines carry
its scan ids and the checks' lines their task."""

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine, func, select

from aucote.model.days import utc_day
from aucote.storage.database import open_engine
from aucote.storage.tables import daily_totals, exploits, scans, security_scans
from tests.scheduling.service_process import Service, api_port, running_service, service_config
from tests.support.stall_server import StallHandler, make_server
from tests.support.threaded_server import serving_in_thread

pytestmark = [pytest.mark.nmap]
CHECKS = [72, 2101, 2102, 2103]
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


class PlainPage(StallHandler):
    """A plain page without security headers, for every request (byte ranges included)."""

    def _answer(self, send_body: bool) -> None:
        del self.headers["Range"]
        super()._answer(send_body)


def _config(path: Path, port: int, target: int) -> Path:
    service_config(path, port, target, "60s")
    data = yaml.safe_load(path.read_text())
    data["portdetection"]["tools_basic"]["scripts"] = CHECKS
    path.write_text(yaml.safe_dump(data))
    return path


def _idle(service: Service) -> bool:
    scanners = {item["name"]: item for item in service.get("/scanners")["scanners"]}
    stored = service.get("/scans?limit=10")["scans"]
    return len(stored) == 2 and all(service.get(f"/scanner/{name}")["status"] == "IDLE" for name in scanners)


def scrape(service: Service) -> Samples:
    response = service.api.get("/../../metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def by_label(samples: Samples, name: str, *labels: str) -> dict[tuple[str, ...], float]:
    """`name`'s samples keyed by the values of `labels` (zero values left out)."""
    found: dict[tuple[str, ...], float] = {}
    for (sample, pairs), value in samples.items():
        if sample == name and value:
            found[tuple(dict(pairs)[label] for label in labels)] = value
    return found


def stored(engine: Engine) -> dict[str, Any]:
    with engine.connect() as connection:
        scan_rows = connection.execute(
            select(scans.c.id, scans.c.scanner, scans.c.status, scans.c.start, scans.c.end)
        ).all()
        checks = connection.execute(
            select(exploits.c.app, security_scans.c.status, func.count())
            .join(exploits, exploits.c.id == security_scans.c.exploit_id)
            .group_by(exploits.c.app, security_scans.c.status)
        ).all()
        ran = connection.execute(
            select(exploits.c.app, func.count())
            .join(exploits, exploits.c.id == security_scans.c.exploit_id)
            .where(security_scans.c.status != "SKIPPED")
            .group_by(exploits.c.app)
        ).all()
        totals = connection.execute(
            select(daily_totals).where(daily_totals.c.day == utc_day(max(r.end for r in scan_rows)))
        ).all()
    return {"scans": scan_rows, "checks": checks, "ran": ran, "totals": totals}


def test_metrics_after_a_real_scan_agree_with_the_database(tmp_path: Path) -> None:
    port, database = api_port(), f"sqlite:///{tmp_path / 'aucote.sqlite3'}"
    server = make_server()
    server.RequestHandlerClass = PlainPage
    with serving_in_thread(server):
        config = _config(tmp_path / "aucote.yaml", port, server.server_address[1])
        log = tmp_path / "service.log"
        with running_service(config, database, port, log, ["--log-format", "json"]) as service:
            assert service.api.get("/../../readyz").json() == {"ready": True, "problems": []}
            assert service.post("/scanner/tcp/start").status_code == 202
            service.wait("the tcp and tools_basic runs to end", lambda: _idle(service), timeout=120)
            samples = scrape(service)
    engine = open_engine(database)
    rows = stored(engine)
    engine.dispose()
    scan_counts = Counter((row.scanner, row.status) for row in rows["scans"])
    assert by_label(samples, "aucote_scans_total", "scanner", "status") == dict(scan_counts)
    assert set(scan_counts) == {("tcp", "DONE"), ("tools_basic", "DONE")}
    for scanner in ("tcp", "tools_basic"):
        took = sum(row.end - row.start for row in rows["scans"] if row.scanner == scanner)
        labels = (("scanner", scanner),)
        assert samples[("aucote_scan_duration_seconds_count", labels)] == scan_counts[(scanner, "DONE")]
        assert samples[("aucote_scan_duration_seconds_sum", labels)] == pytest.approx(took)
    checks = {(app, status): count for app, status, count in rows["checks"]}
    assert by_label(samples, "aucote_checks_total", "app", "status") == checks
    assert {app for app, _ in checks} == {"nmap", "aucote-http-headers"}
    assert by_label(samples, "aucote_check_duration_seconds_count", "app") == {
        (app,): n for app, n in rows["ran"]
    }
    opened = {row.risk_level: row.open for row in rows["totals"]}
    assert by_label(samples, "aucote_open_findings", "risk") == {
        (risk,): n for risk, n in opened.items() if n
    }
    assert sum(opened.values()) >= 1  # the missing headers of a plain page
    for name in ("aucote_tasks_queued", "aucote_tasks_running", "aucote_oldest_running_task_age_seconds"):
        assert samples[(name, ())] == 0
    assert samples[("aucote_service_up", ())] == 1
    assert samples[("aucote_stale_checks", (("scanner", "tools_basic"),))] == 0  # recounted at start
    requests = by_label(samples, "aucote_api_request_duration_seconds_count", "method", "route")
    assert requests[("GET", "/api/v1/scanner/{name}")] >= 2
    assert requests[("POST", "/api/v1/scanner/{name}/start")] == 1
    assert ("aucote_scanner_process_cpu_seconds_total", ()) in samples
    assert ("aucote_api_process_cpu_seconds_total", ()) in samples
    _logged_as_json(log, {row.scanner: row for row in rows["scans"]})


def _logged_as_json(log: Path, scans: dict[str, Any]) -> None:
    lines = [json.loads(line) for line in log.read_text().splitlines()]  # every line is JSON
    assert {"aucote.service", "aucote.service.api", "uvicorn.error"} <= {line["logger"] for line in lines}
    ended = {line["message"]: line for line in lines if " run ended: " in line["message"]}
    tools = ended["tools_basic run ended: DONE "]
    assert (tools["scan_ids"], tools["task_id"]) == ([scans["tools_basic"].id], None)
    assert ended["tcp run ended: DONE "]["scan_ids"] == [scans["tcp"].id]
    assert all(
        set(line) >= {"time", "level", "logger", "message", "scan_ids", "task_id", "task"} for line in lines
    )

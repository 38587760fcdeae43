"""`/metrics` of the API alone: viewers only unless service.metrics.public, the CVE data's age
from the newest import, request latency by route template, and `aucote_service_up 0` with the
API's own metrics when the scanning process does not answer."""

from pathlib import Path

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine

from aucote.api.access.policy import AccessPolicy
from aucote.api.app import create_app
from aucote.api.live_client import LiveClient
from aucote.storage.migrate import upgrade
from aucote.storage.repository.cves import record_import
from tests.api.conftest import BASE, NOW

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def samples(text: str) -> Samples:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_metrics_need_a_viewer_unless_public(engine: Engine) -> None:
    upgrade(engine)
    for public, status in ((False, 401), (True, 200)):
        policy = AccessPolicy(loopback=False, public_metrics=public)  # reads need a credential
        app = create_app(engine, clock=lambda: NOW, access=policy)
        with TestClient(app, base_url=BASE) as client:
            assert client.get("/metrics").status_code == status


def test_cve_age_and_request_latency(engine: Engine) -> None:
    upgrade(engine)
    with engine.begin() as connection:
        record_import(connection, NOW - 3600.0, "nvdcve-2.0-modified.json.gz", 12)
    with TestClient(create_app(engine, clock=lambda: NOW), base_url=BASE) as client:
        for _ in range(3):
            assert client.get("/api/v1/scan/7").status_code == 404
        found = samples(client.get("/metrics").text)
    assert found[("aucote_cve_data_age_seconds", ())] == 3600.0
    route = (("method", "GET"), ("route", "/api/v1/scan/{id:int}"))
    assert found[("aucote_api_request_duration_seconds_count", route)] == 3
    assert ("aucote_service_up", ()) not in found  # no scanning process here


def test_a_silent_scanning_process_reads_as_down(engine: Engine, tmp_path: Path) -> None:
    upgrade(engine)
    live = LiveClient(str(tmp_path / "absent.sock"), engine)
    with TestClient(create_app(engine, clock=lambda: NOW, metrics=live), base_url=BASE) as client:
        found = samples(client.get("/metrics").text)
    assert found[("aucote_service_up", ())] == 0
    assert ("aucote_api_process_cpu_seconds_total", ()) in found
    assert ("aucote_cve_data_age_seconds", ()) not in found  # never imported

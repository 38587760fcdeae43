"""`/healthz` and `/readyz`: whole bodies for each reason the service is not ready (schema behind,
no schema, stuck scanner, scanning process not answering, CVE data missing or stale), on SQLite and
PostgreSQL, and readiness flipping when a PostgreSQL server goes away and comes back."""

from collections.abc import Iterator

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine

from aucote.api.app import create_app
from aucote.api.live_client import LiveClient
from aucote.live.health import FixedHealth, ServiceHealth
from aucote.storage.database import open_engine
from aucote.storage.migrate import alembic_config, head_revision, upgrade
from aucote.storage.repository.cves import record_import
from tests.api.conftest import BASE, NOW
from tests.support.postgres import Cluster, fresh_database, private_cluster

READY = {"ready": True, "problems": []}
DAY = 86400.0


def _get(engine: Engine, path: str, health: object = None) -> tuple[int, object]:
    app = create_app(engine, clock=lambda: NOW, health=health)  # type: ignore[arg-type]
    with TestClient(app, base_url=BASE) as client:
        response = client.get(path)
    assert response.headers["cache-control"] == "no-store"
    return response.status_code, response.json()


def not_ready(reason: str, detail: str) -> dict[str, object]:
    return {"ready": False, "problems": [{"reason": reason, "detail": detail}]}


@pytest.fixture
def migrated(engine: Engine) -> Engine:
    upgrade(engine)
    return engine


def test_healthz_answers_without_the_database() -> None:
    engine = create_engine("sqlite:////nonexistent/folder/aucote.sqlite3")
    assert _get(engine, "/healthz") == (200, {"status": "ok"})


def test_ready_on_a_current_schema(migrated: Engine) -> None:
    assert _get(migrated, "/readyz") == (200, READY)


def test_a_schema_behind_is_not_ready(migrated: Engine) -> None:
    command.downgrade(alembic_config(migrated), "0007")
    detail = (
        f"the database is at revision 0007, this version needs {head_revision(migrated)} (aucote db upgrade)"
    )
    assert _get(migrated, "/readyz") == (503, not_ready("schema_not_current", detail))


def test_a_database_without_schema_is_not_ready(tmp_path: object) -> None:
    engine = create_engine("sqlite://")
    detail = (
        f"the database is at revision None, this version needs {head_revision(engine)} (aucote db upgrade)"
    )
    assert _get(engine, "/readyz") == (503, not_ready("schema_not_current", detail))


class Stuck:
    async def health(self) -> ServiceHealth:
        return ServiceHealth(stuck=["tcp", "udp"])


def test_stuck_scanners_are_named(migrated: Engine) -> None:
    note = "its run has lasted longer than service.health.stuck_after"
    problems = [{"reason": "scanner_stuck", "detail": f"{name}: {note}"} for name in ("tcp", "udp")]
    assert _get(migrated, "/readyz", Stuck()) == (503, {"ready": False, "problems": problems})


def test_a_scanning_process_not_answering(migrated: Engine, tmp_path: object) -> None:
    live = LiveClient(f"{tmp_path}/absent.sock", migrated)
    detail = "the scanning process did not answer"
    assert _get(migrated, "/readyz", live) == (503, not_ready("service_not_answering", detail))


def test_cve_data_age_against_max_age(migrated: Engine) -> None:
    limit = FixedHealth(cve_max_age=8 * DAY)
    missing = not_ready("cve_data_missing", "no CVE feed was imported (aucote cve import)")
    assert _get(migrated, "/readyz", limit) == (503, missing)
    with migrated.begin() as connection:
        record_import(connection, NOW - 10 * DAY - 5, "nvdcve-2.0-modified.json.gz", 120)
    stale = not_ready("cve_data_stale", "the last import is 10d5s old, cve.max_age is 8d")
    assert _get(migrated, "/readyz", limit) == (503, stale)
    assert _get(migrated, "/readyz") == (200, READY)  # cve.max_age not set: not checked
    with migrated.begin() as connection:
        record_import(connection, NOW - 7 * DAY, "nvdcve-2.0-modified.json.gz", 80)
    assert _get(migrated, "/readyz", limit) == (200, READY)


@pytest.fixture
def stoppable() -> Iterator[tuple[Cluster, str]]:
    with private_cluster() as cluster, fresh_database(cluster.url) as url:
        yield cluster, url


@pytest.mark.postgres
def test_readiness_flips_when_the_database_goes_away_and_back(stoppable: tuple[Cluster, str]) -> None:
    cluster, url = stoppable
    engine = open_engine(url)
    upgrade(engine)
    app = create_app(engine, clock=lambda: NOW)
    with TestClient(app, base_url=BASE) as client:
        assert client.get("/readyz").json() == READY
        cluster.stop("fast")
        down = client.get("/readyz")
        assert down.status_code == 503
        assert [p["reason"] for p in down.json()["problems"]] == ["database_unreachable"]
        assert client.get("/healthz").status_code == 200
        cluster.start()
        assert client.get("/readyz").json() == READY
    engine.dispose()

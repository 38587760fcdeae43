"""`aucote serve` as a real process on loopback: reads open as the original's (the seed's `curl`)
while no user exists; a user added from another process closes them within the presence cache's
second; then a user's token or the configured service.api.password reads."""

import sys
import time
from pathlib import Path

import httpx
import yaml

from aucote.model.access import Role
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from tests.api.access_support import LEGACY, LEGACY_HASH, add_user, bearer, local_port, token
from tests.support.ports import serving
from tests.support.seed_data import seed


def test_open_until_a_user_exists_then_tokens_and_the_password(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'aucote.sqlite3'}"
    engine = open_engine(db)
    upgrade(engine)
    seed(engine)
    config = tmp_path / "aucote.yaml"
    config.write_text(yaml.safe_dump({"service": {"api": {"password": LEGACY_HASH}}}))
    port = local_port()
    argv = [sys.executable, "-m", "aucote", "serve", "--config", str(config), "--db", db, "--port", str(port)]
    with serving(argv, port, timeout=30), httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        assert client.get("/api/v1/sec_scans?limit=2&page=13").status_code == 200
        assert client.post("/api/v1/kill").status_code == 401
        add_user(engine, "vera", Role.VIEWER)
        added = time.monotonic()
        while client.get("/api/v1/sec_scans").status_code == 200:
            assert time.monotonic() - added < 3.0, "reads stayed open after a user was added"
            time.sleep(0.05)
        assert client.get("/api/v1/sec_scans").status_code == 401
        assert client.get("/api/v1/sec_scans", headers=bearer(token(engine, "vera", "t"))).status_code == 200
        assert client.get("/api/v1/audit", headers=bearer(LEGACY)).status_code == 200
        assert client.post("/api/v1/kill", headers=bearer(LEGACY)).status_code == 503  # no service here
    engine.dispose()

"""`aucote serve` and `aucote service` refuse to serve the API on a non-loopback address while no
credential is configured (no user, no service.api.password) and service.api.public_read is false:
exit 2, naming the file and the keys. The address used, 192.0.2.1 (TEST-NET-1), is not this
machine's: a command that got past the check fails to bind it (exit 1), so nothing ever listens
beyond loopback."""

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from aucote.cli.main import build_app
from aucote.model.access import Role
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from tests.api.access_support import LEGACY_HASH, add_user, local_port

ELSEWHERE = "192.0.2.1"
REFUSAL = (
    f"refusing to serve the API on {ELSEWHERE} (service.api.v1.host, not a loopback address) without a "
    "credential: no user exists, service.api.password is not set and service.api.public_read is false."
)


def config(folder: Path, **api: object) -> Path:
    path = folder / "aucote.yaml"
    settings = {"v1": {"host": ELSEWHERE, "port": local_port()}, **api}
    path.write_text(yaml.safe_dump({"service": {"api": settings}}))
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(build_app(), list(args))
    return result.exit_code, " ".join(result.output.split())


@pytest.mark.parametrize("command", ["serve", "service"])
def test_refused_without_any_credential(tmp_path: Path, command: str) -> None:
    path = config(tmp_path)
    code, output = run(command, "--config", str(path), "--db", f"sqlite:///{tmp_path / 'aucote.sqlite3'}")
    assert code == 2
    assert f"error: {path}: {REFUSAL}" in output
    assert "set service.api.public_read: true" in output


def test_serve_names_the_default_settings_and_its_host_option(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'aucote.sqlite3'}"
    code, output = run("serve", "--db", db, "--host", ELSEWHERE, "--port", str(local_port()))
    assert (code, output.startswith(f"error: the default settings: {REFUSAL}")) == (2, True)


@pytest.mark.parametrize("api", [{"public_read": True}, {"password": LEGACY_HASH}, {}])
def test_a_credential_or_public_read_lets_the_service_start(tmp_path: Path, api: dict[str, object]) -> None:
    path = config(tmp_path, **api)
    db = f"sqlite:///{tmp_path / 'aucote.sqlite3'}"
    if not api:  # a user instead
        engine = open_engine(db)
        upgrade(engine)
        add_user(engine, "admin", Role.ADMIN)
        engine.dispose()
    code, output = run("service", "--config", str(path), "--db", db)
    assert code == 1  # past the check, then 192.0.2.1 cannot be bound here
    assert f"cannot listen on {ELSEWHERE}:" in output
